using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LedgerGrpc.Testing;

/// <summary>`ledgergrpc serve` (the built server next to the test assembly) as a child process on 127.0.0.1:0; the
/// bound address is read from its log, which is kept (<see cref="Log"/>) and drained so the server never blocks.</summary>
public sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];
    private Task _drained = Task.CompletedTask;

    private ServerProcess(Process process, string target, string dataDir)
    {
        _process = process;
        Target = target;
        DataDir = dataDir;
    }

    public string Target { get; }

    public string DataDir { get; }

    /// <summary>The admin key the server wrote to &lt;data-dir&gt;/admin.key on its first start (every call but health needs a key).</summary>
    public string AdminKey => File.ReadAllText(Path.Combine(DataDir, "admin.key")).Trim();

    public int Id => _process.Id;

    /// <summary>What the server logged so far (standard output and error).</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <param name="dataDir">Ledger:DataDir.</param>
    /// <param name="extraArgs">More command-line settings, e.g. "--Operations:ShutdownTimeout=00:00:30".</param>
    public static Task<ServerProcess> StartAsync(string dataDir, params string[] extraArgs) => StartAsync(dataDir, CancellationToken.None, extraArgs);

    /// <param name="dataDir">Ledger:DataDir.</param>
    /// <param name="ct">Gives up waiting for the server to listen: it is killed and the wait fails with what it logged.</param>
    /// <param name="extraArgs">More command-line settings.</param>
    public static async Task<ServerProcess> StartAsync(string dataDir, CancellationToken ct, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "ledgergrpc.dll"), "serve", "--urls", "http://127.0.0.1:0", "--data-dir", dataDir }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var seen = new List<string>();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                seen.Add(line);
                if (Listening().Match(line) is { Success: true } match)
                {
                    var server = new ServerProcess(process, match.Groups[1].Value, dataDir);
                    server.Append(seen);
                    server._drained = DrainAsync(process, errors, server.Append);
                    return server;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw new OperationCanceledException($"ledgergrpc serve was not listening when the wait was cancelled:\n{string.Join('\n', seen)}\n{await errors.ConfigureAwait(false)}", ct);
        }

        throw new InvalidOperationException($"ledgergrpc serve exited ({process.ExitCode}) before listening:\n{string.Join('\n', seen)}\n{await errors.ConfigureAwait(false)}");
    }

    /// <summary>A Grpc.Net.Client connection sending the first-start admin key as `authorization: Bearer`.</summary>
    public Grpc.Core.CallInvoker Connect()
    {
        var bearer = "Bearer " + AdminKey;
        var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://" + Target);
        return Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(channel.CreateCallInvoker(), headers =>
        {
            headers.Add("authorization", bearer);
            return headers;
        });
    }

    /// <summary>Waits, on a grpc.health.v1 Watch, until <paramref name="service"/> reports SERVING (classification
    /// loads in the background after the server listens).</summary>
    public async Task WaitUntilServingAsync(string service, CancellationToken ct = default)
    {
        var health = new Grpc.Health.V1.Health.HealthClient(Connect());
        using var watch = health.Watch(new Grpc.Health.V1.HealthCheckRequest { Service = service }, cancellationToken: ct);
        while (await watch.ResponseStream.MoveNext(ct).ConfigureAwait(false))
        {
            if (watch.ResponseStream.Current.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving) return;
        }

        throw new InvalidOperationException($"the health watch of {service} ended before it was SERVING:\n{string.Join('\n', Log)}");
    }

    /// <summary>SIGTERM: the orderly stop an operator or orchestrator asks for.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: no shutdown, no flush, no chance to finish in-flight work.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Waits for the process to end (and its log to be read) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken ct = default)
    {
        await _process.WaitForExitAsync(ct).ConfigureAwait(false);
        await _drained.WaitAsync(ct).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static async Task DrainAsync(Process process, Task<string> errors, Action<string> append)
    {
        while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            append(line);
        }

        append(await errors.ConfigureAwait(false));
    }

    private void Append(IEnumerable<string> lines)
    {
        lock (_log)
        {
            _log.AddRange(lines);
        }
    }

    private void Append(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
    }

    [GeneratedRegex(@"listening on (?:http://)?(127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
