using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>A server on TLS with a certificate from a private CA: the client trusts it with --ca-file, and without
/// the CA says it cannot connect instead of failing.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task With_the_ca_file_the_client_connects_over_tls_and_without_it_it_stays_disconnected()
    {
        using var dir = new TempDirectory("ledgergrpc-tui-tls");
        await ServerProcess.SeedAsync(dir.Path, 30);
        var (pfx, caPem) = WriteCertificates(dir.Path);
        await using var server = await ServerProcess.StartAsync(dir.Path, 0,
            $"--Kestrel:Certificates:Default:Path={pfx}", "--Kestrel:Certificates:Default:Password=test");
        Assert.StartsWith("https://", server.Address, StringComparison.Ordinal);

        using (var trusted = TmuxTerminal.Start(80, 24, null, "--server", server.Address, "--data-dir", dir.Path, "--ca-file", caPem))
        {
            await trusted.WaitForAsync(s => s.Contains("● connected", StringComparison.Ordinal) && s.Contains("customers 30", StringComparison.Ordinal), "the dashboard over TLS");
        }

        // The system store does not know the private CA: the client reports it and keeps running.
        using var untrusted = TmuxTerminal.Start(80, 24, null, "--server", server.Address, "--data-dir", dir.Path);
        var screen = await untrusted.WaitForAsync("disconnected, retrying");
        Assert.True(untrusted.IsRunning);
        Assert.DoesNotContain("   at ", screen, StringComparison.Ordinal);

        // A CA file that is not PEM is refused before the terminal is taken over: a message and exit code 2.
        var notPem = Path.Combine(dir.Path, "not.pem");
        await File.WriteAllTextAsync(notPem, "not a certificate");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { TmuxTerminal.AdminDll, "--server", server.Address, "--ca-file", notPem })
        {
            info.ArgumentList.Add(arg);
        }

        using var refused = System.Diagnostics.Process.Start(info)!;
        var stderr = refused.StandardError.ReadToEndAsync();
        await refused.StandardOutput.ReadToEndAsync();
        await refused.WaitForExitAsync();
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"--ca-file {notPem} holds no certificate", await stderr, StringComparison.Ordinal);
    }

    /// <summary>A CA, and a server certificate for 127.0.0.1 it signed (PFX with its key); returns the PFX and the CA's PEM.</summary>
    private static (string Pfx, string CaPem) WriteCertificates(string dir)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=LedgerGrpc test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(30), [1, 2, 3, 4, 5, 6, 7, 8]);
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        var pfx = Path.Combine(dir, "server.pfx");
        File.WriteAllBytes(pfx, withKey.Export(X509ContentType.Pfx, "test"));
        var caPem = Path.Combine(dir, "ca.pem");
        File.WriteAllText(caPem, ca.ExportCertificatePem());
        return (pfx, caPem);
    }
}
