using System.Net.Http.Headers;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>Call metadata from received HTTP headers: protocol headers left out, "-bin" values decoded.</summary>
internal static class HeaderMetadata
{
    public static Metadata From(HttpResponseMessage response)
    {
        var metadata = new Metadata();
        AddFrom(metadata, response.Headers);
        return metadata;
    }

    public static void AddFrom(Metadata metadata, HttpHeaders headers)
    {
        // NonValidated: the values exactly as received (no parsing, no splitting at commas).
        foreach (var (name, values) in headers.NonValidated)
        {
            foreach (var value in values)
            {
                if (MetadataHeaders.ToEntry(name, value) is { } entry)
                {
                    metadata.Add(entry);
                }
                else if (name.Equals(GrpcHeaders.StatusDetailsBin, StringComparison.OrdinalIgnoreCase) && BinaryHeader.TryDecode(value, out var details))
                {
                    // Rich error details (a serialized google.rpc.Status) are for the caller to read.
                    metadata.Add(GrpcHeaders.StatusDetailsBin, details);
                }
            }
        }
    }

    public static string? GetValue(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.ToString() : null;
}
