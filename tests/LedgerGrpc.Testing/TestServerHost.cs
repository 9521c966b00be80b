using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using LedgerGrpc.Access;
using LedgerGrpc.Access.Keys;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Testing;

/// <summary>
/// The real LedgerGrpc server (LedgerHost.Build) in-process on http://127.0.0.1:0 with a temp data
/// directory. Configuration overrides are passed as command-line keys, so they win over every
/// other source exactly as an operator's would.
/// </summary>
public sealed class TestServerHost : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDataDir;
    private readonly List<GrpcChannel> _channels = [];
    private readonly Dictionary<string, string> _keys = [];

    private TestServerHost(WebApplication app, string dataDir, TempDirectory? ownedDataDir)
    {
        App = app;
        DataDir = dataDir;
        _ownedDataDir = ownedDataDir;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address);
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The bound address, e.g. http://127.0.0.1:40123.</summary>
    public Uri Address { get; }

    /// <summary>host:port, as Python's grpc.insecure_channel wants it.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public string DataDir { get; }

    /// <summary>The admin key the server wrote to &lt;data-dir&gt;/admin.key on its first start.</summary>
    public string AdminKey => AdminKeyFile.TryRead(Path.Combine(DataDir, AdminKeyFile.FileName))
        ?? throw new InvalidOperationException($"No {AdminKeyFile.FileName} in {DataDir}: the data directory had keys before this server started.");

    /// <summary>A key with <paramref name="role"/> (created on first use, named test-&lt;role&gt;); the admin key for "admin".</summary>
    public async Task<string> KeyAsync(string role)
    {
        if (role == LedgerRoles.Admin)
        {
            return AdminKey;
        }

        if (!_keys.TryGetValue(role, out var key))
        {
            var created = await Services.GetRequiredService<ApiKeyManager>().CreateAsync($"test-{role}", role, null, "test host").ConfigureAwait(false);
            key = _keys[role] = created.Key;
        }

        return key;
    }

    /// <summary>
    /// A Grpc.Net.Client channel to the server sending <paramref name="key"/> (default: the admin key) as
    /// `authorization: Bearer`; with <paramref name="actor"/>, every call also sends it as x-ledger-actor
    /// (recorded only for service keys).
    /// </summary>
    public CallInvoker Connect(string? actor = null, string? key = null)
    {
        var channel = GrpcChannel.ForAddress(Address);
        _channels.Add(channel);
        var bearer = "Bearer " + (key ?? AdminKey);
        return channel.Intercept(headers =>
        {
            headers.Add("authorization", bearer);
            if (actor is not null)
            {
                headers.Add("x-ledger-actor", actor);
            }

            return headers;
        });
    }

    /// <param name="configuration">Overrides such as ["Ledger:Currency"] = "USD".</param>
    /// <param name="configure">Extra builder set-up (services, logging) before the app is built.</param>
    /// <param name="dataDir">An existing data folder to reuse (e.g. to restart on the same data); a fresh temp folder otherwise.</param>
    /// <param name="waitForClassification">Return once classification has loaded (it loads in the background while
    /// ledger calls are served); false to test the server while it loads.</param>
    public static async Task<TestServerHost> StartAsync(
        IReadOnlyDictionary<string, string?>? configuration = null,
        Action<WebApplicationBuilder>? configure = null,
        string? dataDir = null,
        bool waitForClassification = true)
    {
        var owned = dataDir is null ? new TempDirectory("ledgergrpc-server") : null;
        var dir = dataDir ?? owned!.Path;
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--data-dir", dir };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        var app = LedgerHost.Build([.. args], configure);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            if (waitForClassification)
            {
                await app.Services.GetRequiredService<ClassificationEngine>().Ready.ConfigureAwait(false);
            }
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            owned?.Dispose();
            throw;
        }

        return new TestServerHost(app, dir, owned);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        _ownedDataDir?.Dispose();
    }
}
