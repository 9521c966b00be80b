using LedgerGrpc.Wire;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Server.Tests.Ledger;

/// <summary>A call context for invoking service methods directly (no transport), with request headers.</summary>
internal sealed class TestCallContext(string actor = "tester") : ServerCallContext
{
    private readonly Metadata _headers = new() { { "x-ledger-actor", actor } };

    public override string Method => "/ledger.v1.CustomerLedger/Test";
    public override string Peer => "ipv4:127.0.0.1:1";
    public override DateTime Deadline => DateTime.MaxValue;
    public override CancellationToken CancellationToken => CancellationToken.None;
    public override Metadata RequestHeaders => _headers;
    public override Metadata ResponseTrailers { get; } = new();
    public override Status Status { get; set; }
    public override IDictionary<object, object?> UserState { get; } = new Dictionary<object, object?>();
    public override HttpContext HttpContext { get; } = new DefaultHttpContext();

    public override Task WriteResponseHeadersAsync(Metadata responseHeaders) => Task.CompletedTask;
}
