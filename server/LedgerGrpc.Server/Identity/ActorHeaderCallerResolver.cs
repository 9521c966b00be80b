using Grpc.Core;

namespace LedgerGrpc.Server.Identity;

/// <summary>The caller named by the x-ledger-actor header; "anonymous" without it.</summary>
public sealed class ActorHeaderCallerResolver : ICallerResolver
{
    public const string Header = "x-ledger-actor";

    /// <summary>The longest name the audit log and the classification tables store (their columns hold 100).</summary>
    public const int MaxLength = 100;

    public Caller Resolve(ServerCallContext context)
    {
        var actor = context.RequestHeaders.GetValue(Header);
        if (string.IsNullOrWhiteSpace(actor))
        {
            return Caller.Anonymous;
        }

        // Refused rather than cut or replaced: an audit entry must name the caller it claims to.
        return actor.Length <= MaxLength
            ? new Caller(actor)
            : throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{Header}: header is {actor.Length} characters long; the limit is {MaxLength}"));
    }
}
