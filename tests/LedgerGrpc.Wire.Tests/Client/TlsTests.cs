using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Testing;
using LedgerGrpc.Testing;
using LedgerGrpc.Wire.Client;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>HTTP/2 over TLS (ALPN h2) to a Python grpcio server with a certificate made for the test.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("wire-client-tls");
    private X509Certificate2? _certificate;
    private PythonInteropServer? _server;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(_directory.File("cert.pem"), _certificate.ExportCertificatePem());
        File.WriteAllText(_directory.File("key.pem"), key.ExportPkcs8PrivateKeyPem());
        _server = await PythonInteropServer.StartAsync((_directory.File("cert.pem"), _directory.File("key.pem")));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _certificate?.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task CallsSucceedWhenTheCertificateIsTrusted()
    {
        var thumbprint = _certificate!.Thumbprint;
        using var channel = WireChannel.ForAddress(_server!.Address, new WireChannelOptions
        {
            ServerCertificateValidation = (_, certificate, _, _) => certificate is not null && new X509Certificate2(certificate).Thumbprint == thumbprint,
        });

        var response = await channel.UnaryAsync<SimpleRequest, SimpleResponse>(UnaryCall, new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) });
        using var call = channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall);
        await call.RequestStream.WriteAsync(PingPongRequest(9, 8));
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(9, call.ResponseStream.Current.Payload.Body.Length);
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());

        Assert.Equal(314159, response.Payload.Body.Length);
    }

    [Fact]
    public async Task AnUntrustedCertificateIsUnavailable()
    {
        using var channel = WireChannel.ForAddress(_server!.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Empty, Empty>(EmptyCall, new Empty()));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("TLS", ex.Status.Detail, StringComparison.Ordinal);
    }
}
