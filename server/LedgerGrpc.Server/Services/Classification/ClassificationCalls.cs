using LedgerGrpc.Classification;
using LedgerGrpc.Wire;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>Shared plumbing of the classification services: who is calling, and turning refusals into statuses.</summary>
internal static class ClassificationCalls
{
    public const string ActorHeader = "x-ledger-actor";

    /// <summary>The caller's identity for history and audit; "anonymous" without the header.</summary>
    public static string Actor(ServerCallContext context) =>
        context.RequestHeaders.GetValue(ActorHeader) is { Length: > 0 and <= 200 } actor ? actor : "anonymous";

    public static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ClassificationException ex)
        {
            throw ToRpc(ex);
        }
    }

    public static T Run<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (ClassificationException ex)
        {
            throw ToRpc(ex);
        }
    }

    public static RpcException ToRpc(ClassificationException ex) => new(ex.Error switch
    {
        ClassificationError.NotFound => StatusCode.NotFound,
        ClassificationError.Aborted => StatusCode.Aborted,
        ClassificationError.FailedPrecondition => StatusCode.FailedPrecondition,
        ClassificationError.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.InvalidArgument,
    }, ex.Message);

    public static RpcException Invalid(string message) => new(StatusCode.InvalidArgument, message);
}
