using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LedgerGrpc.Testing;

/// <summary>
/// A private CA made for one test (System.Security.Cryptography's CertificateRequest, ECDSA P-256) that issues a server
/// certificate for 127.0.0.1/localhost and client certificates, written as PEM files in <paramref name="folder"/>:
/// what Kestrel's Certificate:Path/KeyPath, Access:ClientCertificates:TrustedCaFile and grpcio's ssl_channel_credentials read.
/// </summary>
public sealed class TestCertificateAuthority(string folder, string name = "LedgerGrpc test CA") : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private X509Certificate2? _certificate;

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public X509Certificate2 Certificate => _certificate ??= CreateRoot();

    /// <summary>The CA certificate as PEM (ca.pem).</summary>
    public string CaPemFile => WriteOnce(Path.Combine(folder, $"{FileName(name)}.pem"), () => Certificate.ExportCertificatePem());

    /// <summary>A server certificate for 127.0.0.1 and localhost: (certificate PEM file, key PEM file).</summary>
    public (string CertFile, string KeyFile) IssueServer() => Issue($"{FileName(name)}-server", "127.0.0.1", ServerAuth, server: true);

    /// <summary>A client certificate whose subject CN is <paramref name="commonName"/>: (certificate PEM file, key PEM file).</summary>
    public (string CertFile, string KeyFile) IssueClient(string commonName) => Issue($"{FileName(name)}-client-{FileName(commonName)}", commonName, ClientAuth, server: false);

    public void Dispose()
    {
        _certificate?.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 CreateRoot()
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    private (string CertFile, string KeyFile) Issue(string file, string commonName, Oid usage, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        // Within the CA's own validity (a certificate may not outlive its issuer).
        using var issued = request.Create(Certificate, Certificate.NotBefore, Certificate.NotAfter.AddMinutes(-1), RandomNumberGenerator.GetBytes(12));
        var certFile = Path.Combine(folder, file + ".pem");
        var keyFile = Path.Combine(folder, file + ".key");
        File.WriteAllText(certFile, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }

    private static string WriteOnce(string path, Func<string> content)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, content());
        }

        return path;
    }

    private static string FileName(string value) => string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
