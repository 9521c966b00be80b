using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LedgerGrpc.Server.Hosting;

/// <summary>
/// Logs each address the server listens on once Kestrel has bound them, with the real port when
/// port 0 was asked for (tests and scripts read it from the log).
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
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "LedgerGrpc listening on {Address}")]
    private static partial void Listening(ILogger logger, string address);
}
