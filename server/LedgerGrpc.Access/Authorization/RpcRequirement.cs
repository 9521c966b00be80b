using Microsoft.AspNetCore.Authorization;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// "The caller's role is one the RPC's policy admits" (<see cref="RpcPolicies"/>). It is the
/// fallback policy, so it covers every endpoint without needing anything on the service classes or
/// their mapping: a service added tomorrow is refused until its RPCs are in the table.
/// </summary>
public sealed class RpcRequirement : IAuthorizationRequirement
{
    public static readonly RpcRequirement Instance = new();

    private RpcRequirement()
    {
    }
}
