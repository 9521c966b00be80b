namespace LedgerGrpc.Access;

/// <summary>Optional client certificates (mTLS) mapped to roles ("Access:ClientCertificates").</summary>
public sealed class CertificateAccessOptions
{
    /// <summary>PEM file of the CA client certificates must chain to; client certificates are off while empty.</summary>
    public string TrustedCaFile { get; set; } = "";

    /// <summary>Certificate subject common name → role. A valid certificate whose name is not listed is refused.</summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal);

    public bool Enabled => TrustedCaFile.Length > 0;
}
