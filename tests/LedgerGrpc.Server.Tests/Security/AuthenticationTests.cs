using Grpc.Core;
using Grpc.Health.V1;
using LedgerGrpc.Access;
using LedgerGrpc.Protos.Ledger.V1;
using Api = LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>Keys against a real server: first-start key file, no key, bad key, create/use/expire/revoke through ledger.v1.Access.</summary>
public sealed class AuthenticationTests
{
    [Fact]
    public async Task First_start_writes_admin_key_0600_and_only_health_answers_without_a_key()
    {
        await using var f = await SecurityFixture.StartAsync();
        var path = Path.Combine(f.Server.DataDir, "admin.key");
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.StartsWith("lgk_", f.Server.AdminKey);

        var bare = f.Server.Connect(key: "");
        var health = await new Grpc.Health.V1.Health.HealthClient(bare).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var e = await Assert.ThrowsAsync<RpcException>(() => new Segments.SegmentsClient(f.Server.Connect(key: "nonsense")).ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Contains("not a LedgerGrpc API key", e.Status.Detail);
        var forged = await Assert.ThrowsAsync<RpcException>(() => new Segments.SegmentsClient(f.Server.Connect(key: f.Server.AdminKey[..^2] + "xx")).ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, forged.StatusCode);
        Assert.Contains("unknown API key", forged.Status.Detail);
    }

    [Fact]
    public async Task A_key_created_through_the_api_works_until_it_expires_or_is_revoked_and_revocation_is_immediate()
    {
        await using var f = await SecurityFixture.StartAsync();
        var access = new Api.Access.AccessClient(f.Server.Connect());
        var created = await access.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "crm", Role = "sales", ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(f.Clock.GetUtcNow().AddDays(1)),
        });
        Assert.Equal("active", created.Info.State);
        var revocable = await access.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "batch", Role = "service" });
        var crm = new Segments.SegmentsClient(f.WithKey(created.Key));
        var batch = new Segments.SegmentsClient(f.WithKey(revocable.Key));
        await crm.ListDimensionsAsync(new ListDimensionsRequest());
        await batch.ListDimensionsAsync(new ListDimensionsRequest());

        var revoked = await access.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = "batch" });
        Assert.Equal("revoked", revoked.State);
        var afterRevoke = await Assert.ThrowsAsync<RpcException>(() => batch.ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, afterRevoke.StatusCode);
        Assert.Contains("'batch' has been revoked", afterRevoke.Status.Detail);

        f.Clock.Advance(TimeSpan.FromDays(1));
        var afterExpiry = await Assert.ThrowsAsync<RpcException>(() => crm.ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, afterExpiry.StatusCode);
        Assert.Contains("'crm' expired", afterExpiry.Status.Detail);

        var listed = await access.ListApiKeysAsync(new ListApiKeysRequest());
        Assert.Equal(["admin:active", "crm:expired", "batch:revoked"], listed.Keys.Select(k => $"{k.Name}:{k.State}"));
        Assert.DoesNotContain(created.Key[4..], listed.ToString());
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => access.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "crm", Role = "sales" }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        var badRole = await Assert.ThrowsAsync<RpcException>(() => access.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "x", Role = new string('r', 100_000) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badRole.StatusCode);
        Assert.True(badRole.Status.Detail.Length < 300, badRole.Status.Detail);
    }

    [Fact]
    public async Task The_actor_is_the_principal_and_x_ledger_actor_counts_only_from_service_keys()
    {
        await using var f = await SecurityFixture.StartAsync();
        var asService = new CustomerLedger.CustomerLedgerClient(await f.As(LedgerRoles.Service, actor: "alice"));
        var asAdmin = new CustomerLedger.CustomerLedgerClient(f.Server.Connect(actor: "mallory"));
        var viaService = await asService.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "c-1", Name = "A", Type = CustomerType.Individual });
        var viaAdmin = await asAdmin.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "c-2", Name = "B", Type = CustomerType.Individual });
        var note = await asService.AddNoteAsync(new AddNoteRequest { CustomerId = viaService.Id, Channel = NoteChannel.Phone, Text = "called" });

        Assert.Equal("key:test-service (for alice)", note.Author);
        var audit = new Api.Access.AccessClient(f.Server.Connect());
        var entries = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Action = "CreateCustomer" });
        Assert.Equal(["key:admin", "key:test-service (for alice)"], entries.Entries.Select(e => e.Actor));
        Assert.Equal([viaAdmin.Id, viaService.Id], entries.Entries.Select(e => e.EntityId));
        Assert.Single((await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = "alice", Action = "CreateCustomer" })).Entries);
        Assert.Empty((await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = "mallory" })).Entries);
    }
}
