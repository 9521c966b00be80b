using Grpc.Core;
using LedgerGrpc.Classification;
using LedgerGrpc.Ledger;

namespace LedgerGrpc.Server.Errors;

/// <summary>The gRPC status for each refusal the ledger and classification raise.</summary>
public static class DomainStatus
{
    public const string ShuttingDownMessage = "The ledger is shutting down; retry with the same idempotency key.";

    public static StatusCode Code(LedgerErrorCode code) => code switch
    {
        LedgerErrorCode.InvalidArgument => StatusCode.InvalidArgument,
        LedgerErrorCode.NotFound => StatusCode.NotFound,
        LedgerErrorCode.AlreadyExists => StatusCode.AlreadyExists,
        LedgerErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
        LedgerErrorCode.OutOfRange => StatusCode.OutOfRange,
        LedgerErrorCode.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.Internal,
    };

    public static StatusCode Code(ClassificationError error) => error switch
    {
        ClassificationError.NotFound => StatusCode.NotFound,
        ClassificationError.Aborted => StatusCode.Aborted,
        ClassificationError.FailedPrecondition => StatusCode.FailedPrecondition,
        ClassificationError.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.InvalidArgument,
    };

    /// <summary>
    /// The status for a domain exception, or null for anything else. A disposed writer or engine means the server is
    /// stopping: UNAVAILABLE, which callers retry (with the same idempotency key, so nothing is recorded twice).
    /// </summary>
    public static Status? For(Exception exception) => exception switch
    {
        LedgerException e => new Status(Code(e.Code), e.Message),
        ClassificationException e => new Status(Code(e.Error), e.Message),
        ObjectDisposedException => new Status(StatusCode.Unavailable, ShuttingDownMessage),
        _ => null,
    };
}
