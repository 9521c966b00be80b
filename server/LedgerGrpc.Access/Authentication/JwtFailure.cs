using LedgerGrpc.Ledger;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// Why a bearer token that is not an API key was refused, in words a caller can act on (IdentityModel's messages are
/// "IDX10205"-style codes with the values hidden). Token values are caller input: quoted short.
/// </summary>
public static class JwtFailure
{
    /// <param name="token">The bearer token as sent (the exceptions do not always carry the offending value).</param>
    public static string Describe(Exception exception, string token, JwtAccessOptions jwt) => exception switch
    {
        SecurityTokenExpiredException e => $"the JWT expired at {e.Expires:yyyy-MM-dd HH:mm:ss}Z; get a new token",
        SecurityTokenNotYetValidException e => $"the JWT is not valid before {e.NotBefore:yyyy-MM-dd HH:mm:ss}Z",
        SecurityTokenInvalidIssuerException e => $"the JWT's issuer '{Quote.Short(e.InvalidIssuer)}' is not the configured issuer '{jwt.Issuer}' (Access:Jwt:Issuer)",
        SecurityTokenInvalidAudienceException => $"the JWT's audience '{Quote.Short(Audiences(token))}' is not '{jwt.Audience}' (Access:Jwt:Audience)",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            "the JWT's signature does not verify with any configured signing key (Access:Jwt:SigningKeys, Access:Jwt:SigningKeyFiles)",
        SecurityTokenNoExpirationException => "the JWT has no expiry ('exp' claim); tokens must expire",
        SecurityTokenMalformedException or ArgumentException =>
            "the bearer token is neither a LedgerGrpc API key (lgk_...) nor a well-formed JWT",
        _ => $"the JWT was refused ({exception.GetType().Name})",
    };

    private static string Audiences(string token)
    {
        try
        {
            return string.Join(", ", new JsonWebToken(token).Audiences);
        }
        catch (ArgumentException)
        {
            return "";
        }
    }
}
