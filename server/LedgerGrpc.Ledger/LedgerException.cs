namespace LedgerGrpc.Ledger;

/// <summary>A request the ledger refused; it changed nothing.</summary>
public sealed class LedgerException(LedgerErrorCode code, string message) : Exception(message)
{
    public LedgerErrorCode Code { get; } = code;

    /// <summary>INVALID_ARGUMENT naming the field: "<paramref name="field"/> <paramref name="problem"/>".</summary>
    public static LedgerException Invalid(string field, string problem) =>
        new(LedgerErrorCode.InvalidArgument, $"{field} {problem}");

    public static LedgerException NotFound(string what, long id) =>
        new(LedgerErrorCode.NotFound, $"{what} {id} does not exist");

    public static LedgerException Overflow(string field) =>
        new(LedgerErrorCode.OutOfRange, $"{field} would make a running total exceed the int64 range");
}
