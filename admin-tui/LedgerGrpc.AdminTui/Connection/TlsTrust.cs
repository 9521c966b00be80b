using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LedgerGrpc.AdminTui.Connection;

/// <summary>Trusts a server certificate that chains to the operator's CA file (a private CA the system store does not know).</summary>
internal static class TlsTrust
{
    /// <summary>The CA certificates in a PEM file; an error a person can act on when there are none or it is not PEM.</summary>
    public static (X509Certificate2Collection? Authorities, string Error) Load(string caFile)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            return (null, $"--ca-file {caFile} could not be read as PEM certificates: {e.Message}");
        }

        return authorities.Count == 0 ? (null, $"--ca-file {caFile} holds no certificate (expected -----BEGIN CERTIFICATE----- blocks)") : (authorities, "");
    }

    public static RemoteCertificateValidationCallback ForCaFile(string caFile)
    {
        var authorities = Load(caFile).Authorities ?? throw new InvalidOperationException($"--ca-file {caFile} holds no usable certificate");
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
