using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace LedgerGrpc.Access.Keys;

/// <summary>
/// The key format: <c>lgk_&lt;key id&gt;_&lt;secret&gt;</c>. The key id (48 random bits, hex) is public
/// and finds the stored row; the secret is 256 random bits (base64url, 43 characters) of which only
/// the SHA-256 is stored. A plain hash suffices because the secret is uniformly random: there is no
/// dictionary to run, so a slow password hash would only cost CPU on every call.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "lgk_";
    public const int KeyIdLength = 12;
    public const int SecretBytes = 32;
    public const int SecretLength = 43;
    public const int Length = 4 + KeyIdLength + 1 + SecretLength;

    public static (string Key, string KeyId, byte[] SecretHash) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return ($"{Prefix}{keyId}_{secret}", keyId, Hash(secret));
    }

    /// <summary>Splits a presented key; false when it does not have the format (no allocation either way).</summary>
    public static bool TryParse(ReadOnlySpan<char> key, out ReadOnlySpan<char> keyId, out ReadOnlySpan<char> secret)
    {
        keyId = default;
        secret = default;
        if (key.Length != Length || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + KeyIdLength] != '_')
        {
            return false;
        }

        keyId = key.Slice(Prefix.Length, KeyIdLength);
        secret = key[(Prefix.Length + KeyIdLength + 1)..];
        return true;
    }

    public static byte[] Hash(ReadOnlySpan<char> secret)
    {
        var hash = new byte[32];
        Hash(secret, hash);
        return hash;
    }

    /// <summary>SHA-256 of the secret's ASCII bytes into <paramref name="destination"/>; false for non-ASCII input.</summary>
    public static bool Hash(ReadOnlySpan<char> secret, Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[SecretLength];
        if (secret.Length != SecretLength || Encoding.ASCII.GetBytes(secret, bytes) != SecretLength)
        {
            return false;
        }

        SHA256.HashData(bytes, destination);
        return true;
    }
}
