using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Access.Authentication;

/// <summary>Reads `authorization: Bearer &lt;token&gt;` without allocating.</summary>
public static class BearerToken
{
    private const string Scheme = "Bearer ";

    public static bool TryGet(HttpRequest request, out ReadOnlySpan<char> token)
    {
        var header = request.Headers.Authorization;
        token = default;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = value.AsSpan(Scheme.Length).Trim();
        return token.Length > 0;
    }
}
