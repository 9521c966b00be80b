namespace LedgerGrpc.Interop.Tests.TestService;

/// <summary>How a handler ended: the exception it ended with (null when it returned) and whether its ServerCallContext.CancellationToken was cancelled at that moment.</summary>
public sealed record HandlerEnd(Exception? Error, bool TokenCancelled);
