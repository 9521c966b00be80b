using System.Text.Json;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>Classification through the real server (Kestrel on loopback, SQLite file) driven by Python grpcio.</summary>
public sealed class ClassificationEndToEndTests
{
    [Theory]
    [InlineData("threshold")]
    [InlineData("preview_publish")]
    [InlineData("watch_resume")]
    [InlineData("validation")]
    public async Task Flow(string scenario)
    {
        await using var server = await TestServerHost.StartAsync();
        await ClassificationPython.RunAsync(scenario, server);
    }

    [Fact]
    public async Task Memberships_and_history_survive_a_restart()
    {
        using var data = new TempDirectory("ledgergrpc-restart");
        JsonDocument first;
        await using (var server = await TestServerHost.StartAsync(dataDir: data.Path))
        {
            first = JsonDocument.Parse(await ClassificationPython.RunAsync("threshold", server));
        }

        await using var restarted = await TestServerHost.StartAsync(dataDir: data.Path);
        await ClassificationPython.RunAsync("after_restart", restarted,
            first.RootElement.GetProperty("customer").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            first.RootElement.GetProperty("sequence").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Time_driven_moves_happen_in_the_periodic_sweep_with_a_fake_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestServerHost.StartAsync(
            new Dictionary<string, string?> { ["Classification:SweepInterval"] = "1.00:00:00" },
            builder => builder.Services.AddSingleton<TimeProvider>(clock));

        var phase1 = JsonDocument.Parse(await ClassificationPython.RunAsync("time_phase1", server, clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var customer = phase1.RootElement.GetProperty("customer").GetInt64();
        var after = phase1.RootElement.GetProperty("after").GetInt64();

        // 100 days without a purchase: the daily sweep moves the customer from new to silent.
        clock.Advance(TimeSpan.FromDays(100));
        await ClassificationPython.RunAsync("time_phase2", server, customer.ToString(System.Globalization.CultureInfo.InvariantCulture), after.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
