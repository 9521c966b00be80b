using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LedgerGrpc.AdminTui.Connection;

/// <summary>Trusts a server certificate that chains to the operator's CA file (a private CA the system store does not know).</summary>
internal static class TlsTrust
{
    public static RemoteCertificateValidationCallback ForCaFile(string caFile)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
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
