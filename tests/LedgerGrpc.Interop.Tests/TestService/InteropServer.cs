using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Interop.Tests.TestService;

/// <summary>
/// Kestrel on 127.0.0.1, port 0, HTTP/2 cleartext (h2c, prior knowledge), serving
/// grpc.testing.TestService through Grpc.AspNetCore. Log records are kept for assertions.
/// </summary>
public sealed class InteropServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InteropServer(WebApplication app, int port, CapturingLoggerProvider logs)
    {
        _app = app;
        Port = port;
        Logs = logs;
    }

    public int Port { get; }

    /// <summary>host:port, as Python's grpc.insecure_channel and grpc-js want it.</summary>
    public string Target => $"127.0.0.1:{Port}";

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public CapturingLoggerProvider Logs { get; }

    public CallObserver Observer => _app.Services.GetRequiredService<CallObserver>();

    /// <param name="configure">Grpc.AspNetCore options (receive limit, detailed errors...); the stack's defaults otherwise.</param>
    /// <param name="protocols">The endpoint's protocols: HTTP/2 only unless a test needs HTTP/1.1 admitted.</param>
    public static async Task<InteropServer> StartAsync(Action<GrpcServiceOptions>? configure = null, HttpProtocols protocols = HttpProtocols.Http2)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddGrpc(options => configure?.Invoke(options));
        builder.Services.AddSingleton<CallObserver>();

        var app = builder.Build();
        app.MapGrpcService<TestServiceImpl>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new InteropServer(app, new Uri(address).Port, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
