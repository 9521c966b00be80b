using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LedgerGrpc.Access.Keys;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Identity;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Access;

/// <summary>
/// ledger.v1.Access: API keys (admin only) and the audit log (admin, auditor); who may call which
/// method is in LedgerGrpc.Access's RpcPolicies, not here.
/// </summary>
public sealed class AccessService(ApiKeyManager keys, LedgerReader reader, TimeProvider clock) : Api.Access.AccessBase
{
    public override async Task<Api.CreateApiKeyResponse> CreateApiKey(Api.CreateApiKeyRequest request, ServerCallContext context)
    {
        var created = await keys.CreateAsync(request.Name, request.Role, request.ExpiresAt?.ToDateTimeOffset(), context.Caller().Actor, context.CancellationToken).ConfigureAwait(false);
        return new Api.CreateApiKeyResponse { Key = created.Key, Info = ToProto(created.Record) };
    }

    public override async Task<Api.ListApiKeysResponse> ListApiKeys(Api.ListApiKeysRequest request, ServerCallContext context)
    {
        var response = new Api.ListApiKeysResponse();
        response.Keys.AddRange((await keys.ListAsync(context.CancellationToken).ConfigureAwait(false)).Select(ToProto));
        return response;
    }

    public override async Task<Api.ApiKeyInfo> RevokeApiKey(Api.RevokeApiKeyRequest request, ServerCallContext context) =>
        ToProto(await keys.RevokeAsync(request.Name, context.Caller().Actor, context.CancellationToken).ConfigureAwait(false));

    public override async Task<Api.ListAuditEntriesResponse> ListAuditEntries(Api.ListAuditEntriesRequest request, ServerCallContext context)
    {
        var page = await reader.ListAuditEntriesAsync(new AuditQuery
        {
            Actor = request.Actor,
            Action = request.Action,
            EntityType = request.EntityType,
            Entity = request.Entity,
            From = request.From?.ToDateTime(),
            To = request.To?.ToDateTime(),
            PageSize = request.PageSize,
            PageToken = request.PageToken,
        }, context.CancellationToken).ConfigureAwait(false);
        var response = new Api.ListAuditEntriesResponse { NextPageToken = page.NextPageToken };
        response.Entries.AddRange(page.Items.Select(e => new Api.AuditEntry
        {
            Id = e.Id,
            At = Timestamp.FromDateTime(e.At),
            Actor = e.Actor,
            Action = e.Action,
            EntityType = e.EntityType,
            EntityId = e.EntityId,
            EntityKey = e.EntityKey ?? "",
            CustomerId = e.CustomerId ?? 0,
            BeforeJson = e.BeforeJson ?? "",
            AfterJson = e.AfterJson ?? "",
        }));
        return response;
    }

    private Api.ApiKeyInfo ToProto(LedgerGrpc.Ledger.Model.ApiKey key)
    {
        var info = new Api.ApiKeyInfo
        {
            Name = key.Name,
            Role = key.Role,
            CreatedAt = Timestamp.FromDateTime(key.CreatedAt),
            CreatedBy = key.CreatedBy,
            RevokedBy = key.RevokedBy ?? "",
            State = key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= clock.GetUtcNow().UtcDateTime ? "expired" : "active",
        };
        if (key.ExpiresAt is { } expires)
        {
            info.ExpiresAt = Timestamp.FromDateTime(expires);
        }

        if (key.RevokedAt is { } revoked)
        {
            info.RevokedAt = Timestamp.FromDateTime(revoked);
        }

        return info;
    }
}
