using Grpc.Core;

namespace LedgerGrpc.Server.Errors;

/// <summary>Statuses handlers raise themselves, for checks of the request that no domain type makes.</summary>
internal static class Refuse
{
    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
}
