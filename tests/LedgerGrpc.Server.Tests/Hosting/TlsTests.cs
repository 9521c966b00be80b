using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>A TLS endpoint from the standard Kestrel configuration keys, used by Python grpcio over TLS.</summary>
public sealed class TlsTests
{
    private const string Script = """
        import sys
        sys.path.insert(0, sys.argv[1])
        import ledgergrpc_protos
        import grpc
        from grpc.health.v1 import health_pb2
        credentials = grpc.ssl_channel_credentials(root_certificates=open(sys.argv[3], "rb").read())
        channel = grpc.secure_channel(sys.argv[2], credentials)
        check = channel.unary_unary("/grpc.health.v1.Health/Check",
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString)
        print(health_pb2.HealthCheckResponse.ServingStatus.Name(check(health_pb2.HealthCheckRequest(), timeout=30).status))
        """;

    [Fact]
    public async Task Certificate_from_kestrel_configuration_serves_grpc_over_tls()
    {
        using var dir = new TempDirectory("ledgergrpc-tls");
        var (pfx, pem) = CreateLocalhostCertificate(dir);
        await using var host = await TestServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = pfx,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = "test",
        });
        Assert.Equal("https", host.Address.Scheme);

        var protos = dir.Directory("py");
        ProtocPython.Generate(protos, "grpc/health/v1/health.proto");
        var result = await PythonPeer.RunCodeAsync(Script, [protos, $"localhost:{host.Address.Port}", pem]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("SERVING", result.StandardOutput.Trim());
    }

    private static (string Pfx, string Pem) CreateLocalhostCertificate(TempDirectory dir)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = dir.File("server.pfx");
        var pem = dir.File("server.pem");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "test"));
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        return (pfx, pem);
    }
}
