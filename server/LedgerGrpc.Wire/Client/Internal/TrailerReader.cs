using System.Globalization;
using System.Net.Http.Headers;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>The call's status and trailing metadata from trailers (or the headers of a trailers-only response).</summary>
internal static class TrailerReader
{
    public static (Status Status, Metadata Trailers) Read(HttpHeaders headers)
    {
        var trailers = new Metadata();
        HeaderMetadata.AddFrom(trailers, headers);
        return (ReadStatus(headers), trailers);
    }

    private static Status ReadStatus(HttpHeaders headers)
    {
        var code = HeaderMetadata.GetValue(headers, GrpcHeaders.Status);
        if (code is null)
        {
            return new Status(StatusCode.Unknown, "The server's response ended without a grpc-status trailer.");
        }

        var message = HeaderMetadata.GetValue(headers, GrpcHeaders.Message);
        var detail = message is null ? "" : PercentEncoding.Decode(message);
        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return new Status(StatusCode.Unknown, $"The server sent an invalid grpc-status '{code}'. {detail}".TrimEnd());
        }

        // Codes this implementation does not know are UNKNOWN (doc/statuscodes.md).
        return new Status(Enum.IsDefined((StatusCode)value) ? (StatusCode)value : StatusCode.Unknown, detail);
    }
}
