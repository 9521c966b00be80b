namespace LedgerGrpc.Ledger;

/// <summary>Why the ledger refused a request; the gRPC layer maps each to the status of the same name.</summary>
public enum LedgerErrorCode
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    OutOfRange,
    ResourceExhausted,
}
