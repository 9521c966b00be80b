using LedgerGrpc.Access.Keys;

namespace LedgerGrpc.Access.Tests.Keys;

public sealed class AdminKeyFileTests
{
    [Fact]
    public async Task First_start_writes_a_working_admin_key_readable_by_the_owner_only_and_later_starts_do_not()
    {
        await using var access = new AccessFixture();
        var path = AdminKeyFile.PathFor(access.Options, new AccessOptions());
        Assert.Equal(Path.Combine(Path.GetFullPath(access.DataDir), "admin.key"), path);

        Assert.Equal(path, await AdminKeyFile.EnsureAsync(access.Keys, path));

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Single(lines);
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Equal(ApiKeyCheck.Valid, access.Cache.Check(lines[0], out var key));
        Assert.Equal(LedgerRoles.Admin, key!.Role);
        Assert.Equal(lines[0], AdminKeyFile.TryRead(path));

        Assert.Null(await AdminKeyFile.EnsureAsync(access.Keys, path));
        Assert.Equal(lines, await File.ReadAllLinesAsync(path));
        Assert.Single(await access.Keys.ListAsync());
    }
}
