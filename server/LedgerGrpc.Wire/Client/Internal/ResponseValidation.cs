using System.Net;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>
/// Checks a response's headers before its body is read: HTTP status, trailers-only responses,
/// content type and message encoding.
/// </summary>
internal static class ResponseValidation
{
    /// <summary>How the call ended if the headers already decide it.</summary>
    public readonly record struct Outcome(Status Status, Metadata Trailers, bool TrailersOnly);

    /// <summary>Null when the response carries messages to read; otherwise how the call ended.</summary>
    public static Outcome? Validate(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = StatusMapping.FromHttpStatus(response.StatusCode);
            return new Outcome(new Status(code, $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}."), new Metadata(), false);
        }

        if (HeaderMetadata.GetValue(response.Headers, GrpcHeaders.Status) is not null)
        {
            var (status, trailers) = TrailerReader.Read(response.Headers);
            return new Outcome(status, trailers, true);
        }

        var contentType = response.Content.Headers.NonValidated.TryGetValues(GrpcHeaders.ContentType, out var values) ? values.ToString() : null;
        if (!GrpcHeaders.IsGrpcContentType(contentType))
        {
            return new Outcome(new Status(StatusCode.Unknown, $"Bad gRPC response. Invalid content-type value: '{contentType}'."), new Metadata(), false);
        }

        var encoding = Encoding(response);
        if (!MessageReader.IsSupportedEncoding(encoding))
        {
            return new Outcome(new Status(StatusCode.Internal, $"The server sent messages in grpc-encoding '{encoding}', which this client does not support ({GrpcHeaders.SupportedEncodings})."), new Metadata(), false);
        }

        return null;
    }

    public static string? Encoding(HttpResponseMessage response) => HeaderMetadata.GetValue(response.Headers, GrpcHeaders.Encoding);
}
