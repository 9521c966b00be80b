using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>`ledgergrpc serve` as a separate process on a loopback port; restartable on the same port and data.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private Process? _process;
    private string[] _settings = [];
    private string _scheme = "http";

    private ServerProcess(string dataDir) => DataDir = dataDir;

    public string DataDir { get; }
    public string Address { get; private set; } = "";
    public int Port => new Uri(Address).Port;

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "ledgergrpc.dll");

    /// <summary>`ledgergrpc seed --customers N --data-dir D` (a small N keeps the tests fast).</summary>
    public static async Task SeedAsync(string dataDir, int customers)
    {
        var (exit, output) = await RunAsync("seed", "--customers", customers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir);
        Assert.True(exit == 0, "seed failed:\n" + output);
    }

    public static async Task<ServerProcess> StartAsync(string dataDir, int port = 0, params string[] settings)
    {
        var server = new ServerProcess(dataDir) { _settings = settings, _scheme = settings.Any(s => s.StartsWith("--Kestrel:Certificates:", StringComparison.Ordinal)) ? "https" : "http" };
        await server.StartAsync(port);
        return server;
    }

    private async Task StartAsync(int port)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { ServerDll, "serve", "--urls", $"{_scheme}://127.0.0.1:{port}", "--data-dir", DataDir, "--Classification:SweepInterval=00:00:00" }.Concat(_settings))
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        var seen = new List<string>();
        _ = _process.StandardError.ReadToEndAsync();
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            seen.Add(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                Address = match.Groups[1].Value;
                // Keep draining so the server never blocks on a full pipe.
                _ = _process.StandardOutput.ReadToEndAsync();
                return;
            }
        }

        throw new InvalidOperationException("server exited before listening:\n" + string.Join('\n', seen));
    }

    /// <summary>Stops the server (the way an operator's Ctrl+C or a crash does) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>
    /// Waits until ledger.v1.Segments reports SERVING on grpc.health.v1 Watch: classification loads in the background
    /// after the server listens, and Rules/Segments calls made before it has are UNAVAILABLE.
    /// </summary>
    public async Task WaitUntilClassificationServesAsync()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Address);
        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        using var watch = health.Watch(new Grpc.Health.V1.HealthCheckRequest { Service = "ledger.v1.Segments" });
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (watch.ResponseStream.Current.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving) return;
        }

        throw new InvalidOperationException("the health watch of ledger.v1.Segments ended before it was SERVING");
    }

    /// <summary>A gRPC client connection with the server's first-start admin key (what the client finds by itself).</summary>
    public Grpc.Core.CallInvoker Connect()
    {
        var key = File.ReadAllText(Path.Combine(DataDir, "admin.key")).Trim();
        var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Address);
        return Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(channel.CreateCallInvoker(), headers =>
        {
            headers.Add("authorization", "Bearer " + key);
            return headers;
        });
    }

    /// <summary>Starts it again on the same port with the same data.</summary>
    public Task RestartAsync() => StartAsync(Port);

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"LedgerGrpc listening on (https?://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
