using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Access.Internal;

/// <summary>
/// A trailers-only gRPC response written before the call reaches its service (authentication,
/// authorization and rate limiting run as ASP.NET Core middleware): HTTP 200 with grpc-status and
/// a percent-encoded grpc-message, which every gRPC client reads as that status and message.
/// </summary>
internal static class GrpcStatusResponse
{
    public const int PermissionDenied = 7;
    public const int ResourceExhausted = 8;
    public const int Unauthenticated = 16;

    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
        return Task.CompletedTask;
    }

    // gRPC's grpc-message encoding: printable ASCII except '%' as is, everything else as %XX of its UTF-8 bytes.
    private static string PercentEncode(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
