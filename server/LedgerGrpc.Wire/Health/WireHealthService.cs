using System.Threading.Channels;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LedgerGrpc.Wire.Health;

/// <summary>
/// grpc.health.v1.Health. The overall server ("") starts SERVING; hosts set per-service statuses
/// with <see cref="SetStatus"/>, and Watch streams every change.
/// </summary>
public sealed class WireHealthService
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly List<(string Service, Channel<ServingStatus> Updates)> _watchers = [];

    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_gate)
        {
            _statuses[service] = status;
            foreach (var (watched, updates) in _watchers)
            {
                if (watched == service)
                {
                    updates.Writer.TryWrite(status);
                }
            }
        }
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND and watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        lock (_gate)
        {
            _statuses.Remove(service);
            foreach (var (watched, updates) in _watchers)
            {
                if (watched == service)
                {
                    updates.Writer.TryWrite(ServingStatus.ServiceUnknown);
                }
            }
        }
    }

    public ServingStatus? GetStatus(string service)
    {
        lock (_gate)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        GetStatus(request.Service) is { } status
            ? Task.FromResult(new HealthCheckResponse { Status = status })
            : throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}': no health status is registered for it.");

    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        // Only the latest status matters to a watcher; a slow one skips intermediate states.
        var updates = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var entry = (request.Service, updates);
        ServingStatus current;
        lock (_gate)
        {
            current = _statuses.TryGetValue(request.Service, out var known) ? known : ServingStatus.ServiceUnknown;
            _watchers.Add(entry);
        }

        try
        {
            await responses.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken).ConfigureAwait(false);
            while (await updates.Reader.WaitToReadAsync(context.CancellationToken).ConfigureAwait(false))
            {
                while (updates.Reader.TryRead(out var next))
                {
                    if (next != current)
                    {
                        current = next;
                        await responses.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(entry);
            }
        }
    }
}
