using System.Diagnostics;
using System.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LedgerGrpc.Server.Hosting;

/// <summary>
/// Logs each address the server listens on once Kestrel has bound them, with the real port when
/// port 0 was asked for (tests and scripts read it from the log); then how long the process took to get there and how
/// much of it went to the JIT, which tells whether the server runs as published (ReadyToRun: a few thousand methods
/// compiled at start) or as a plain build (about 12,000).
/// </summary>
internal sealed partial class ListeningAddressLogger(IServer server, IHostApplicationLifetime lifetime, ILogger<ListeningAddressLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                Listening(logger, address);
            }

            using var process = Process.GetCurrentProcess();
            StartedIn(logger, (long)(DateTime.Now - process.StartTime).TotalMilliseconds, (long)process.TotalProcessorTime.TotalMilliseconds,
                JitInfo.GetCompiledMethodCount(), (long)JitInfo.GetCompilationTime().TotalMilliseconds);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "LedgerGrpc listening on {Address}")]
    private static partial void Listening(ILogger logger, string address);

    [LoggerMessage(2, LogLevel.Information, "Listening {ElapsedMs} ms after the process started ({CpuMs} ms of CPU; {JitMethods} methods JIT-compiled in {JitMs} ms)")]
    private static partial void StartedIn(ILogger logger, long elapsedMs, long cpuMs, long jitMethods, long jitMs);
}
