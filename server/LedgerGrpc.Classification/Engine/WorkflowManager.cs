using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Storage;

namespace LedgerGrpc.Classification.Engine;

/// <summary>What operators do with workflows: validate, test and preview drafts (nothing changes), then publish,
/// roll back or delete (a new stored version with author and comment, then a background re-classification).</summary>
public sealed class WorkflowManager(ClassificationEngine engine)
{
    public IReadOnlyList<ClassificationDiagnostic> Validate(string json) => Compile(json, 0).Diagnostics;

    /// <summary>The draft's result for one customer or for given features, with the explanation.</summary>
    public (IReadOnlyList<ClassificationDiagnostic> Diagnostics, CompiledDimension? Draft, List<SegmentMatch> Segments, IReadOnlyList<RuleTrace> Traces) Test(string json, CustomerFeatures features)
    {
        var (draft, diagnostics) = Compile(json, 0);
        if (draft is null) return (diagnostics, null, [], []);
        var segments = new List<SegmentMatch>();
        draft.Classify(features, segments);
        return (diagnostics, draft, segments, draft.Explain(features));
    }

    /// <summary>Runs a draft over the whole ledger and reports exactly the moves publishing it would make now.</summary>
    public WorkflowPreview Preview(string json, int samplesPerMove)
    {
        var (draft, diagnostics) = Compile(json, 0);
        if (draft is null) return new WorkflowPreview(diagnostics, "", new Dictionary<string, long>(), new Dictionary<string, long>(), [], 0);
        var snapshot = new ClassifierSnapshot([draft]);
        var now = engine.Now;
        var before = new Dictionary<string, long>(StringComparer.Ordinal);
        var after = new Dictionary<string, long>(StringComparer.Ordinal);
        var moves = new Dictionary<(string From, string To), (long Count, SortedSet<long> Samples)>();
        long customers = 0;
        foreach (var entry in engine.State.Entries)
        {
            if (entry.Archived) continue;
            customers++;
            var current = entry.Memberships.Where(m => m.Dimension == draft.Name).ToArray();
            var next = MembershipCalculator.Compute(snapshot, entry.Features, current, d => engine.State.OverrideFor(entry.CustomerId, d), now);
            foreach (var m in current) before[m.Segment] = before.GetValueOrDefault(m.Segment) + 1;
            foreach (var m in next) after[m.Segment] = after.GetValueOrDefault(m.Segment) + 1;
            foreach (var change in MembershipCalculator.Diff(entry.CustomerId, current, next, ChangeCause.Publish, now))
            {
                var key = (change.From, change.To);
                var (count, samples) = moves.GetValueOrDefault(key, (0, new SortedSet<long>()));
                AddSample(samples, entry.CustomerId, samplesPerMove);
                moves[key] = (count + 1, samples);
            }
        }

        return new WorkflowPreview(diagnostics, draft.Name, before, after,
            [.. moves.Select(m => new PreviewMove(m.Key.From, m.Key.To, m.Value.Count, [.. m.Value.Samples])).OrderByDescending(m => m.Count)],
            customers);
    }

    /// <summary>Keeps the <paramref name="limit"/> lowest customer ids seen, so samples are stable without sorting
    /// the whole ledger.</summary>
    private static void AddSample(SortedSet<long> samples, long customerId, int limit)
    {
        if (samples.Count < limit)
        {
            samples.Add(customerId);
        }
        else if (limit > 0 && customerId < samples.Max)
        {
            samples.Remove(samples.Max);
            samples.Add(customerId);
        }
    }

    public async Task<(WorkflowVersionRecord Version, Reclassification Job)> PublishAsync(string json, string comment, int expectedVersion, string author, CancellationToken ct)
    {
        var (draft, diagnostics) = Compile(json, 0);
        if (draft is null)
        {
            throw new ClassificationException(ClassificationError.InvalidArgument,
                $"The workflow has errors and was not published: {string.Join("; ", diagnostics.Where(d => d.IsError))}");
        }

        var record = await engine.Workflows.AppendAsync(draft.Name, json, comment, author, "publish", expectedVersion, ct);
        return (record, await Reclassify(record));
    }

    public async Task<(WorkflowVersionRecord Version, Reclassification Job)> RollbackAsync(string name, int toVersion, string comment, int expectedVersion, string author, CancellationToken ct)
    {
        var target = await engine.Workflows.GetAsync(name, toVersion, ct);
        if (target is null || toVersion <= 0)
        {
            throw new ClassificationException(ClassificationError.NotFound, $"Workflow '{name}' has no version {toVersion}; ListVersions shows them.");
        }

        if (target.Action == "delete")
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, $"Version {toVersion} of '{name}' is a deletion; choose a version with rules.");
        }

        var record = await engine.Workflows.AppendAsync(name, target.Json, comment.Length > 0 ? comment : $"Rollback to version {toVersion}", author, "rollback", expectedVersion, ct);
        return (record, await Reclassify(record));
    }

    public async Task<Reclassification> DeleteAsync(string name, string comment, int expectedVersion, string author, CancellationToken ct)
    {
        if (engine.Snapshot.Find(name) is null && await engine.Workflows.GetAsync(name, 0, ct) is not { Action: not "delete" })
        {
            throw new ClassificationException(ClassificationError.NotFound, $"Workflow '{name}' does not exist.");
        }

        var record = await engine.Workflows.AppendAsync(name, "", comment, author, "delete", expectedVersion, ct);
        return await engine.EnqueueAsync(s => s.Without(name), name, record.Version, ChangeCause.Publish);
    }

    private Task<Reclassification> Reclassify(WorkflowVersionRecord record)
    {
        var compiled = Compile(record.Json, record.Version).Dimension!;
        return engine.EnqueueAsync(s => s.With(compiled), record.Name, record.Version, ChangeCause.Publish);
    }

    private static (CompiledDimension? Dimension, IReadOnlyList<ClassificationDiagnostic> Diagnostics) Compile(string json, int version)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "workflow_json is required.");
        }

        return DimensionCompiler.Compile(json, version);
    }
}

public sealed record PreviewMove(string From, string To, long Count, List<long> Samples);

public sealed record WorkflowPreview(
    IReadOnlyList<ClassificationDiagnostic> Diagnostics,
    string Dimension,
    IReadOnlyDictionary<string, long> Before,
    IReadOnlyDictionary<string, long> After,
    List<PreviewMove> Moves,
    long Customers);
