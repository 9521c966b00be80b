using Grpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>
/// Kestrel on 127.0.0.1, port 0, HTTP/2 cleartext, serving the interop TestService, health and
/// reflection through LedgerGrpc.Wire. Log records are kept for assertions.
/// </summary>
public sealed class WireTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WireTestServer(WebApplication app, int port, CapturingLoggerProvider logs)
    {
        _app = app;
        Port = port;
        Logs = logs;
    }

    public int Port { get; }

    public string Target => $"127.0.0.1:{Port}";

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<WireTestServer> StartAsync(
        Action<WireServerOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        HttpProtocols protocols = HttpProtocols.Http2)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddWireGrpc(configure);
        builder.Services.AddSingleton<InteropTestService>();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapWireService<InteropTestService>(TestReflection.Descriptor.Services.Single(s => s.Name == "TestService"));
        app.MapWireHealth();
        app.MapWireReflection();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new WireTestServer(app, new Uri(address).Port, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
