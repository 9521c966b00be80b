using LedgerGrpc.Access.Keys;
using LedgerGrpc.Ledger;

namespace LedgerGrpc.Access.Tests.Keys;

/// <summary>Key lifecycle against a real ledger: create, use, expire, revoke (at once), and CLI-style changes picked up on reload.</summary>
public sealed class ApiKeyCacheTests
{
    [Fact]
    public async Task A_created_key_authenticates_with_its_role_and_nothing_else_does()
    {
        await using var access = new AccessFixture();
        var created = await access.Keys.CreateAsync("ingest", "Service", null, "key:admin");

        Assert.Equal(ApiKeyCheck.Valid, access.Cache.Check(created.Key, out var key));
        Assert.Equal("service", key!.Role);
        Assert.Equal("key:ingest", LedgerPrincipal.Name(key.Principal));
        Assert.Equal("service", LedgerPrincipal.Role(key.Principal));
        // Same key id, different secret: unknown, never "almost right".
        var forged = created.Key[..^1] + (created.Key[^1] == 'A' ? 'B' : 'A');
        Assert.Equal(ApiKeyCheck.Unknown, access.Cache.Check(forged, out _));
        Assert.Equal(ApiKeyCheck.Unknown, access.Cache.Check(ApiKeySecret.Generate().Key, out _));
        Assert.Equal(ApiKeyCheck.Malformed, access.Cache.Check("not-a-key", out _));
    }

    [Fact]
    public async Task Revoking_takes_effect_for_the_very_next_check()
    {
        await using var access = new AccessFixture();
        var created = await access.Keys.CreateAsync("ops", "operator", null, "key:admin");
        Assert.Equal(ApiKeyCheck.Valid, access.Cache.Check(created.Key, out _));

        await access.Keys.RevokeAsync("ops", "key:admin");

        Assert.Equal(ApiKeyCheck.Revoked, access.Cache.Check(created.Key, out _));
    }

    [Fact]
    public async Task Checking_a_key_runs_no_sqlite_command_and_a_revocation_still_applies_to_the_next_check()
    {
        await using var access = new AccessFixture();
        var created = await access.Keys.CreateAsync("hot", "service", null, "key:admin");
        using var commands = new SqliteCommandCounter(access.DataDir);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(ApiKeyCheck.Valid, access.Cache.Check(created.Key, out _));
        }

        Assert.Equal(ApiKeyCheck.Unknown, access.Cache.Check(ApiKeySecret.Generate().Key, out _));
        Assert.Equal(0, commands.Count);

        // The counter does see this ledger's commands: revoking writes and rereads the keys.
        await access.Keys.RevokeAsync("hot", "key:admin");
        var afterRevoke = commands.Count;
        Assert.True(afterRevoke > 0);
        Assert.Equal(ApiKeyCheck.Revoked, access.Cache.Check(created.Key, out _));
        Assert.Equal(afterRevoke, commands.Count);
    }

    [Fact]
    public async Task A_key_stops_working_when_it_expires()
    {
        await using var access = new AccessFixture();
        var created = await access.Keys.CreateAsync("temp", "auditor", access.Clock.GetUtcNow().AddHours(1), "key:admin");
        Assert.Equal(ApiKeyCheck.Valid, access.Cache.Check(created.Key, out _));

        access.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ApiKeyCheck.Expired, access.Cache.Check(created.Key, out _));
    }

    [Fact]
    public async Task Keys_changed_by_another_process_apply_after_a_reload()
    {
        await using var access = new AccessFixture();
        var otherCache = new ApiKeyCache(access.Reader, access.Clock);
        var created = await access.Keys.CreateAsync("batch", "service", null, "cli:root");
        Assert.Equal(ApiKeyCheck.Unknown, otherCache.Check(created.Key, out _));

        await otherCache.ReloadAsync();
        Assert.Equal(ApiKeyCheck.Valid, otherCache.Check(created.Key, out _));
        await access.Keys.RevokeAsync("batch", "cli:root");
        await otherCache.ReloadAsync();

        Assert.Equal(ApiKeyCheck.Revoked, otherCache.Check(created.Key, out _));
    }

    [Theory]
    [InlineData("root", "role must be one of admin, operator, service, sales, auditor (got 'root')")]
    [InlineData("", "role must be one of")]
    public async Task Unknown_roles_are_refused(string role, string message)
    {
        await using var access = new AccessFixture();
        var e = await Assert.ThrowsAsync<LedgerException>(() => access.Keys.CreateAsync("x", role, null, "key:admin"));
        Assert.Equal(LedgerErrorCode.InvalidArgument, e.Code);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_refused()
    {
        await using var access = new AccessFixture();
        var e = await Assert.ThrowsAsync<LedgerException>(() => access.Keys.CreateAsync("x", "sales", access.Clock.GetUtcNow().AddMinutes(-1), "key:admin"));
        Assert.Contains("is not in the future", e.Message);
        Assert.Empty(await access.Keys.ListAsync());
    }
}
