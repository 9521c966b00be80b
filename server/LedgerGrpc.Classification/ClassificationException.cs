namespace LedgerGrpc.Classification;

/// <summary>A request the classification layer refuses; the service layer maps <see cref="Error"/> to a gRPC status.</summary>
public sealed class ClassificationException(ClassificationError error, string message) : Exception(message)
{
    public ClassificationError Error { get; } = error;
}

public enum ClassificationError
{
    InvalidArgument,
    NotFound,
    Aborted,
    FailedPrecondition,

    /// <summary>Not served yet (classification is still loading at start-up); the caller may retry.</summary>
    Unavailable,
}
