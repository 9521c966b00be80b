using System.CommandLine;
using System.Diagnostics;
using Grpc.Core;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Cli;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using V1 = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Tests.Plugins;

/// <summary>docs/plugins.md "From nothing to a live plugin", step by step as an author follows it: the CLI scaffolds and
/// checks, `dotnet build` builds, files are copied into the plugins folder of a running server (approval on, as outside
/// Development), the API approves and shows the segments, and a rebuilt version copied over the first is approved and
/// hot-reloaded.</summary>
public sealed class PluginWalkthroughTests
{
    // The scaffold's rule, and the one the author's second build uses instead (everyone who bought is "big").
    private const string FirstRule = "customer.Spend90 >= 10_000";
    private const string SecondRule = "customer.Spend90 >= 0";

    [Fact]
    public async Task An_author_goes_from_plugins_new_to_a_live_hot_reloaded_plugin_by_following_docs_plugins_md()
    {
        using var dir = new TempDirectory("ledgergrpc-plugin-walkthrough");
        var data = dir.Directory("data");
        new LedgerSeeder(new LedgerStore(new LedgerOptions { DataDir = data }), new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))).Run(150, randomSeed: 5);

        // 1. ledgergrpc plugins new BigSpenders --output <src>
        var src = dir.Directory("src");
        Cli("plugins", "new", "BigSpenders", "--output", src);
        var project = Path.Combine(src, "BigSpenders");
        var bin = Path.Combine(project, "bin", "Release", "net10.0");

        // 2. dotnet build -c Release <project>; ledgergrpc plugins check <bin> --data-dir <data> (prints the hash to approve)
        await BuildAsync(project);
        var firstHash = HashIn(Cli("plugins", "check", bin, "--data-dir", data));

        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Plugins:ReloadDelay"] = "00:00:00.200", ["Plugins:CallBudget"] = "00:00:10" }, dataDir: data);
        var plugins = new V1.Plugins.PluginsClient(server.Connect());
        var segments = new V1.Segments.SegmentsClient(server.Connect());
        using var ceiling = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var watch = plugins.WatchPlugins(new V1.WatchPluginsRequest(), cancellationToken: ceiling.Token);

        // 3. mkdir -p <data>/plugins/BigSpenders && cp <bin>/* <data>/plugins/BigSpenders/
        var folder = Path.Combine(data, "plugins", "BigSpenders");
        Copy(bin, folder);

        // 4. GetPlugin shows pending_approval with the hash check printed; ApprovePlugin with it loads the plugin.
        var pending = await UntilAsync(watch, p => p.Name == "BigSpenders" && p.Status == "pending_approval" && p.Sha256 == firstHash);
        Assert.Equal("1.0.0.0", pending.Version);
        var live = await plugins.ApprovePluginAsync(new V1.ApprovePluginRequest { Name = "BigSpenders", Sha256 = pending.Sha256 });
        Assert.Equal(("loaded", "1.0.0.0"), (live.Status, live.Version));
        var active = server.Services.GetRequiredService<ClassificationEngine>().State.Entries.Where(e => !e.Archived).Select(e => e.CustomerId).Order().ToList();
        Assert.Equal(active.Count, await CustomersInAsync(segments));
        var customer = active[0];
        var first = await SegmentAsync(segments, customer);
        Assert.Equal("BigSpenders 1.0.0.0", first.Rule);
        var explained = await segments.ExplainAsync(new V1.ExplainRequest { CustomerId = customer, Dimension = "big_spenders" });
        Assert.Contains(explained.Rules, r => r.Steps.Any(s => s.Contains("over 90 days", StringComparison.Ordinal)));

        // 5. Bump <Version>, change the rule, build, copy over the old files: the new build waits for approval while
        // the first stays live, then goes live and the first is unloaded.
        var old = server.Services.GetRequiredService<ClassificationEngine>().Snapshot.Plugins.Single(p => p.Name == "BigSpenders");
        var collected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Services.GetRequiredService<PluginHost>().Changed += _ =>
        {
            if (!old.LoadContext.IsAlive) collected.TrySetResult();
        };
        Edit(Path.Combine(project, "BigSpenders.csproj"), "<Version>1.0.0</Version>", "<Version>1.1.0</Version>");
        Edit(Path.Combine(project, "BigSpendersPlugin.cs"), FirstRule, SecondRule);
        await BuildAsync(project);
        Copy(bin, folder);
        // What GetPlugin will show for the folder as copied (the same files as the build: plugins check's hash).
        var secondHash = PluginFiles.Hash(folder);
        Assert.Equal(PluginFiles.Hash(bin), secondHash);

        var waiting = await UntilAsync(watch, p => p.Name == "BigSpenders" && p.Status == "pending_approval" && p.Sha256 == secondHash);
        Assert.Contains("Version 1.0.0.0 stays live meanwhile", waiting.Message);
        Assert.Equal("BigSpenders 1.0.0.0", (await SegmentAsync(segments, customer)).Rule);
        var reloaded = await plugins.ApprovePluginAsync(new V1.ApprovePluginRequest { Name = "BigSpenders", Sha256 = secondHash });
        Assert.Equal(("loaded", "1.1.0.0"), (reloaded.Status, reloaded.Version));
        Assert.Equal(("big", "BigSpenders 1.1.0.0"), ((await SegmentAsync(segments, customer)).Segment, (await SegmentAsync(segments, customer)).Rule));
        await collected.Task.WaitAsync(ceiling.Token);
        Assert.Equal("loaded", (await plugins.GetPluginAsync(new V1.GetPluginRequest { Name = "BigSpenders" })).Status);
    }

    private static string Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = LedgerCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        Assert.True(exit == 0, $"ledgergrpc {string.Join(' ', args)}: {error}");
        return output.ToString();
    }

    private static string HashIn(string checkOutput) =>
        System.Text.RegularExpressions.Regex.Match(checkOutput, "SHA-256 ([0-9a-f]{64})") is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"No SHA-256 in: {checkOutput}");

    private static async Task BuildAsync(string project)
    {
        var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", project]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var log = await build.StandardOutput.ReadToEndAsync();
        await build.WaitForExitAsync();
        Assert.True(build.ExitCode == 0, log);
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    private static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static async Task<V1.Plugin> UntilAsync(AsyncServerStreamingCall<V1.Plugin> watch, Func<V1.Plugin, bool> until)
    {
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (until(watch.ResponseStream.Current)) return watch.ResponseStream.Current;
        }

        throw new Xunit.Sdk.XunitException("WatchPlugins ended before the expected state.");
    }

    private static async Task<long> CustomersInAsync(V1.Segments.SegmentsClient segments) =>
        (await segments.GetDistributionAsync(new V1.GetDistributionRequest { Dimension = "big_spenders" })).Dimensions.Single().Segments.Sum(s => s.Customers);

    private static async Task<V1.Assignment> SegmentAsync(V1.Segments.SegmentsClient segments, long customer) =>
        (await segments.ClassifyAsync(new V1.ClassifyRequest { CustomerId = customer })).Assignments.Single(a => a.Dimension == "big_spenders");
}
