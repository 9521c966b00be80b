using LedgerGrpc.Ledger;
using LedgerGrpc.Wire;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Ledger refusals to gRPC statuses.</summary>
internal static class LedgerErrors
{
    public static RpcException ToRpc(LedgerException e) => new(Code(e.Code), e.Message);

    public static StatusCode Code(LedgerErrorCode code) => code switch
    {
        LedgerErrorCode.InvalidArgument => StatusCode.InvalidArgument,
        LedgerErrorCode.NotFound => StatusCode.NotFound,
        LedgerErrorCode.AlreadyExists => StatusCode.AlreadyExists,
        LedgerErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
        LedgerErrorCode.OutOfRange => StatusCode.OutOfRange,
        _ => StatusCode.Internal,
    };

    /// <summary>Runs a handler body, turning refusals into statuses and a stopped writer into UNAVAILABLE.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (LedgerException e)
        {
            throw ToRpc(e);
        }
        catch (ObjectDisposedException)
        {
            throw ShuttingDown();
        }
    }

    public static RpcException ShuttingDown() =>
        new(StatusCode.Unavailable, "The ledger is shutting down; retry with the same idempotency key.");
}
