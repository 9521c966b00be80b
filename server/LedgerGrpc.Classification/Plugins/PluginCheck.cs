using System.Diagnostics;
using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// Loads a plugin build offline against a ledger and reports what it would do: the same load and validation the host
/// runs, then the population step and every active customer classified, as a distribution per dimension. Reads the
/// ledger only; nothing is stored.
/// </summary>
public static class PluginCheck
{
    /// <param name="path">The plugin's main assembly, or its build output folder (the assembly is the folder's only
    /// *.dll referencing the contract, or the one named after the folder).</param>
    public static async Task<PluginCheckReport> RunAsync(string path, LedgerStore store, ClassificationOptions classification, PluginOptions options, TimeProvider time, CancellationToken ct)
    {
        var main = MainAssembly(path);
        var folder = Path.GetDirectoryName(main)!;
        var plugin = PluginLoading.Load(Path.GetFileNameWithoutExtension(main), main, PluginFiles.Hash(folder), options, time);
        try
        {
            var workflows = await WorkflowNamesAsync(store, ct);
            var clashes = plugin.Dimensions.Where(d => workflows.Contains(d.Name)).Select(d => d.Name).ToList();
            if (clashes.Count > 0)
            {
                throw new PluginLoadException($"Dimension key(s) {string.Join(", ", clashes)} belong to workflows of this ledger; the server would refuse the plugin.");
            }

            var customers = await FeaturesAsync(store, classification, time, ct);
            var clock = Stopwatch.StartNew();
            if (!plugin.Prepare(customers))
            {
                throw new PluginLoadException($"The population step failed: {plugin.QuarantineReason ?? plugin.Counters.LastError.Message}");
            }

            var prepareMs = clock.ElapsedMilliseconds;
            var counts = plugin.Dimensions.ToDictionary(d => d.Name, _ => new Dictionary<string, long>(StringComparer.Ordinal));
            var results = Enumerable.Range(0, 256).Select(_ => new HostResult()).ToArray();
            var matches = new List<SegmentMatch>();
            for (var start = 0; start < customers.Count; start += results.Length)
            {
                var batch = customers.GetRange(start, Math.Min(results.Length, customers.Count - start));
                var verdicts = new PluginVerdicts([plugin]);
                verdicts.Fill(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    foreach (var dimension in plugin.Dimensions)
                    {
                        matches.Clear();
                        if (!dimension.Classify(batch[i], verdicts.Row(i), matches))
                        {
                            throw new PluginLoadException($"The plugin would be quarantined: {plugin.QuarantineReason}.");
                        }

                        foreach (var m in matches) counts[dimension.Name][m.Segment] = counts[dimension.Name].GetValueOrDefault(m.Segment) + 1;
                    }
                }
            }

            return new PluginCheckReport(
                plugin.Name, plugin.DeclaredName, plugin.Version.ToString(), plugin.Hash, customers.Count, prepareMs, clock.ElapsedMilliseconds - prepareMs,
                plugin.Counters.Errors, plugin.Counters.LastError.Message, plugin.Counters.PercentileMicros(50), plugin.Counters.PercentileMicros(99),
                [.. plugin.Dimensions.Select(d => new PluginCheckDimension(d.Name, d.DisplayName,
                    [.. counts[d.Name].OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, d.DisplayNameOf(c.Key), c.Value))]))]);
        }
        finally
        {
            plugin.Unload();
        }
    }

    private static string MainAssembly(string path)
    {
        if (File.Exists(path)) return Path.GetFullPath(path);
        if (!Directory.Exists(path)) throw new PluginLoadException($"{path} is neither a plugin assembly nor a folder.");
        var named = PluginFiles.MainAssembly(path);
        if (File.Exists(named)) return Path.GetFullPath(named);
        // A build output folder (bin/Release/net10.0): the assembly that comes with a .deps.json of its own name.
        var candidates = Directory.GetFiles(path, "*.deps.json").Select(d => d[..^".deps.json".Length] + ".dll").Where(File.Exists).ToList();
        return candidates.Count == 1
            ? Path.GetFullPath(candidates[0])
            : throw new PluginLoadException($"{path} holds {(candidates.Count == 0 ? "no" : "several")} plugin assemblies; give the main assembly's path.");
    }

    /// <summary>The dimensions workflows own on this ledger: the stored ones, or the defaults a first start installs.</summary>
    private static async Task<HashSet<string>> WorkflowNamesAsync(LedgerStore store, CancellationToken ct)
    {
        var workflows = new WorkflowStore(() => new ClassificationDbContext(ClassificationDbContextOptions.Create(store.ConnectionString)), TimeProvider.System);
        try
        {
            var stored = await workflows.CurrentAsync(ct);
            if (stored.Count > 0) return [.. stored.Select(w => w.Name)];
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // The server never started on this ledger: no classification tables yet.
        }

        return [.. DefaultWorkflows.Load().Select(w => w.Name)];
    }

    /// <summary>Every active customer's features as of now, ranks computed over them as a sweep does.</summary>
    private static async Task<List<CustomerFeatures>> FeaturesAsync(LedgerStore store, ClassificationOptions options, TimeProvider time, CancellationToken ct)
    {
        var calculator = new FeatureCalculator(options.MinorUnitsPerMajor);
        var now = time.GetUtcNow().UtcDateTime;
        var features = new List<CustomerFeatures>();
        await using (var db = store.OpenRead())
        {
            var last = await db.Customers.MaxAsync(c => (long?)c.Id, ct) ?? 0;
            var range = Math.Max(1, options.SweepChunkSize);
            for (long from = 1; from <= last; from += range)
            {
                foreach (var (_, facts) in await LedgerFactsLoader.LoadRangeAsync(db, from, from + range, ct))
                {
                    if (!facts.Profile.Archived) features.Add(calculator.Calculate(facts, now));
                }
            }
        }

        var ranks = new PercentileRanks(features);
        foreach (var f in features) ranks.Apply(f);
        return features;
    }
}

/// <summary>What <see cref="PluginCheck"/> found.</summary>
public sealed record PluginCheckReport(
    string Name, string DeclaredName, string Version, string Hash, int Customers, long PopulationMs, long ClassifyMs,
    long Errors, string LastError, double P50Micros, double P99Micros, IReadOnlyList<PluginCheckDimension> Dimensions);

public sealed record PluginCheckDimension(string Key, string DisplayName, IReadOnlyList<(string Segment, string DisplayName, long Customers)> Segments);
