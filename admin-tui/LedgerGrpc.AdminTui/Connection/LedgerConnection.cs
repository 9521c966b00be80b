using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Connection;

/// <summary>
/// One channel to the server and its clients. Every call goes through <see cref="CallAsync{T}"/>, which never throws:
/// a transport failure marks the connection disconnected (the monitor then retries until the server answers again),
/// any other failure comes back as the server's message.
/// </summary>
public sealed class LedgerConnection : IAsyncDisposable
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(15);
    private readonly GrpcChannel _channel;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0);
    private ConnectionState _state;
    private Task? _monitor;

    public LedgerConnection(ConnectionOptions options, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _state = ConnectionState.Initial(_time);
        Options = options;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(3),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,
        };
        if (options.CaFile is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = TlsTrust.ForCaFile(options.CaFile);
        }

        _channel = GrpcChannel.ForAddress(options.Server, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        var invoker = _channel.Intercept(new HeadersInterceptor(options.ApiKey, options.Actor));
        Ledger = new CustomerLedger.CustomerLedgerClient(invoker);
        Segments = new Segments.SegmentsClient(invoker);
        Rules = new Rules.RulesClient(invoker);
        Plugins = new Plugins.PluginsClient(invoker);
        Operations = new Operations.OperationsClient(invoker);
        Access = new Access.AccessClient(invoker);
        Health = new Health.HealthClient(invoker);
        Invoker = invoker;
    }

    public ConnectionOptions Options { get; }
    public CallInvoker Invoker { get; }
    public CustomerLedger.CustomerLedgerClient Ledger { get; }
    public Segments.SegmentsClient Segments { get; }
    public Rules.RulesClient Rules { get; }
    public Plugins.PluginsClient Plugins { get; }
    public Operations.OperationsClient Operations { get; }
    public Access.AccessClient Access { get; }
    public Health.HealthClient Health { get; }

    public ConnectionState State => Volatile.Read(ref _state);

    /// <summary>Raised (on a thread-pool thread) whenever the status changes.</summary>
    public event Action<ConnectionState>? StateChanged;

    /// <summary>How long the monitor waits between probes while disconnected.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the monitor waits between probes while connected.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    public CallOptions Call(CancellationToken ct = default, TimeSpan? deadline = null)
        => new(deadline: _time.GetUtcNow().UtcDateTime + (deadline ?? DefaultDeadline), cancellationToken: ct);

    /// <summary>Runs one call; never throws (except on the caller's own cancellation, which comes back as Cancelled).</summary>
    public async Task<CallResult<T>> CallAsync<T>(Func<CallOptions, Task<T>> call, CancellationToken ct = default, TimeSpan? deadline = null)
    {
        try
        {
            var value = await call(Call(ct, deadline)).ConfigureAwait(false);
            MarkConnected();
            return CallResult<T>.Success(value);
        }
        catch (RpcException e)
        {
            return Failed<T>(e);
        }
        catch (OperationCanceledException)
        {
            return CallResult<T>.Failure(StatusCode.Cancelled, "cancelled");
        }
        catch (HttpRequestException e)
        {
            MarkDisconnected(e.Message);
            return CallResult<T>.Failure(StatusCode.Unavailable, e.Message);
        }
    }

    /// <summary>Turns a failed call into a result, marking the connection down when the server could not be reached.</summary>
    public CallResult<T> Failed<T>(RpcException e)
    {
        if (IsTransportFailure(e))
        {
            MarkDisconnected(Describe(e));
        }
        else if (e.StatusCode != StatusCode.Cancelled)
        {
            MarkConnected();
        }

        return CallResult<T>.Failure(e.StatusCode, Describe(e));
    }

    public static bool IsTransportFailure(RpcException e)
        => e.StatusCode == StatusCode.Unavailable || (e.StatusCode == StatusCode.Internal && e.Status.DebugException is HttpRequestException or IOException);

    /// <summary>A one-line message for the status line: the server's own text, or what went wrong on the way.</summary>
    public static string Describe(RpcException e)
    {
        var detail = e.Status.Detail;
        if (string.IsNullOrWhiteSpace(detail))
        {
            detail = e.Status.DebugException?.Message ?? "";
        }

        detail = detail.ReplaceLineEndings(" ");
        return e.StatusCode switch
        {
            StatusCode.Unauthenticated => "not signed in: " + detail + " (give --api-key or LEDGERGRPC_API_KEY)",
            StatusCode.PermissionDenied => "not allowed: " + detail,
            StatusCode.Unavailable => "server unreachable: " + ShortTransport(detail),
            _ => detail.Length > 0 ? detail : e.StatusCode.ToString(),
        };
    }

    private static string ShortTransport(string detail)
    {
        var cut = detail.IndexOf(" (", StringComparison.Ordinal);
        return cut > 0 && detail.Contains("Error starting gRPC call", StringComparison.Ordinal) ? detail[..cut].Replace("Error starting gRPC call. HttpRequestException: ", "", StringComparison.Ordinal) : detail;
    }

    /// <summary>Starts probing the server's health: fast while disconnected, slowly while connected.</summary>
    public void StartMonitor() => _monitor ??= Task.Run(MonitorAsync);

    /// <summary>Probes at once (after a stream broke, say) instead of waiting for the next interval.</summary>
    public void ProbeNow() => _wake.Release();

    private async Task MonitorAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var reply = await Health.CheckAsync(new HealthCheckRequest(), Call(_stop.Token, TimeSpan.FromSeconds(3))).ConfigureAwait(false);
                MarkConnected(reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? "" : "health " + reply.Status);
            }
            catch (RpcException e) when (!_stop.IsCancellationRequested)
            {
                if (e.StatusCode is StatusCode.Unimplemented or StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                {
                    // Reached the server; it just does not let us (or does not offer) this probe.
                    MarkConnected("");
                }
                else
                {
                    MarkDisconnected(Describe(e));
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var wait = State.Status == ConnectionStatus.Connected ? ProbeInterval : RetryInterval;
            try
            {
                await _wake.WaitAsync(wait, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Completes when the connection is (or next becomes) connected; cancelled with <paramref name="ct"/>.</summary>
    public async Task WhenConnectedAsync(CancellationToken ct)
    {
        if (State.Status == ConnectionStatus.Connected) return;
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnState(ConnectionState state)
        {
            if (state.Status == ConnectionStatus.Connected) connected.TrySetResult();
        }

        StateChanged += OnState;
        try
        {
            // The state may have turned between the first look and the subscription.
            if (State.Status == ConnectionStatus.Connected) return;
            await connected.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            StateChanged -= OnState;
        }
    }

    private void MarkConnected(string? detail = null)
    {
        var current = State;
        if (current.Status == ConnectionStatus.Connected && (detail is null || detail == current.Detail))
        {
            return;
        }

        SetState(new ConnectionState(ConnectionStatus.Connected, detail ?? (current.Status == ConnectionStatus.Connected ? current.Detail : ""), _time.GetUtcNow()));
    }

    private void MarkDisconnected(string detail)
    {
        var current = State;
        if (current.Status == ConnectionStatus.Disconnected && current.Detail == detail)
        {
            return;
        }

        SetState(new ConnectionState(ConnectionStatus.Disconnected, detail, current.Status == ConnectionStatus.Disconnected ? current.Since : _time.GetUtcNow()));
        ProbeNow();
    }

    private void SetState(ConnectionState state)
    {
        Volatile.Write(ref _state, state);
        StateChanged?.Invoke(state);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_monitor is not null)
        {
            await _monitor.ConfigureAwait(false);
        }

        _channel.Dispose();
        _stop.Dispose();
        _wake.Dispose();
    }
}
