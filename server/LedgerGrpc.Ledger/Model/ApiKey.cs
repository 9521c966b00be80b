namespace LedgerGrpc.Ledger.Model;

/// <summary>
/// An API key as stored: never the key itself, only the SHA-256 of its secret part (a 256-bit
/// random value, so a plain hash is enough; no slow KDF is needed for high-entropy secrets).
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    /// <summary>Unique, chosen by whoever created it; `keys revoke NAME` names it.</summary>
    public string Name { get; set; } = "";

    /// <summary>The public part of the key (lgk_&lt;KeyId&gt;_&lt;secret&gt;), used to find the row without the secret.</summary>
    public string KeyId { get; set; } = "";

    public byte[] SecretHash { get; set; } = [];

    public string Role { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
