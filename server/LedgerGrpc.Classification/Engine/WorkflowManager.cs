using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Storage;

namespace LedgerGrpc.Classification.Engine;

/// <summary>What operators do with workflows: validate, test and preview drafts (nothing changes), then publish,
/// roll back or delete (a new stored version with author and comment, then a background re-classification).
/// Validate, Preview and Publish also run the draft on a sample of the ledger (<see cref="SampleReport"/>): publishing
/// is refused when the workflow costs more than the configured budget per customer, or, unless forced, when a rule
/// throws for most of the sample (the fast path would quietly put all of them in the default segment).</summary>
public sealed class WorkflowManager(ClassificationEngine engine, ClassificationOptions options)
{
    public (IReadOnlyList<ClassificationDiagnostic> Diagnostics, SampleReport Sample) Validate(string json)
    {
        var (draft, diagnostics) = Compile(json, 0);
        return (diagnostics, DryRun(draft));
    }

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
        engine.EnsureReady();
        var (draft, diagnostics) = Compile(json, 0);
        if (draft is null) return new WorkflowPreview(diagnostics, "", new Dictionary<string, long>(), new Dictionary<string, long>(), [], 0, DryRun(null));
        var snapshot = new ClassifierSnapshot([draft]);
        var now = engine.Now;
        var entries = engine.State.Entries.ToArray();
        var total = new PreviewTally();
        // Every customer is independent: split the ledger across the cores, tally per thread, then add up.
        if (draft.Guard is { } guard)
        {
            // The draft calls plugins' expression helpers: inline on watched threads, this thread their watchdog.
            var tallies = Plugins.WatchedRanges.Run(entries.Length, LedgerPartitions.RangeSize(entries.Length), Environment.ProcessorCount, (from, to) =>
            {
                var tally = new PreviewTally();
                for (var i = from; i < to; i++) tally.Add(engine, snapshot, draft.Name, entries[i], now, samplesPerMove);
                return tally;
            }, CancellationToken.None);
            ThrowIfOutOfService(guard);
            foreach (var tally in tallies) total.Merge(tally, samplesPerMove);
        }
        else
        {
            Parallel.ForEach(
                LedgerPartitions.Of(entries.Length),
                () => new PreviewTally(),
                (range, _, tally) =>
                {
                    for (var i = range.Item1; i < range.Item2; i++) tally.Add(engine, snapshot, draft.Name, entries[i], now, samplesPerMove);
                    return tally;
                },
                tally =>
                {
                    lock (total) total.Merge(tally, samplesPerMove);
                });
        }

        return new WorkflowPreview(diagnostics, draft.Name, total.Before, total.After,
            [.. total.Moves.Select(m => new PreviewMove(m.Key.From, m.Key.To, m.Value.Count, [.. m.Value.Samples])).OrderByDescending(m => m.Count)],
            total.Customers, DryRun(draft));
    }

    public async Task<(WorkflowVersionRecord Version, Reclassification Job, SampleReport Sample)> PublishAsync(string json, string comment, int expectedVersion, string author, CancellationToken ct, bool force = false)
    {
        engine.EnsureReady();
        var (draft, diagnostics) = Compile(json, 0);
        if (draft is null)
        {
            throw new ClassificationException(ClassificationError.InvalidArgument,
                $"The workflow has errors and was not published: {string.Join("; ", diagnostics.Where(d => d.IsError))}");
        }

        if (engine.Snapshot.Find(draft.Name) is Plugins.PluginDimension taken)
        {
            throw new ClassificationException(ClassificationError.InvalidArgument,
                $"Dimension '{draft.Name}' belongs to plugin {taken.Plugin.Name}; give the workflow another name.");
        }

        var sample = DryRun(draft);
        RefuseIfUnsafe(draft.Name, sample, force);
        var record = await engine.Workflows.AppendAsync(draft.Name, json, comment, author, "publish", expectedVersion, ct);
        return (record, await Reclassify(record), sample);
    }

    private SampleReport DryRun(CompiledDimension? draft)
    {
        if (draft is null) return SampleReport.Empty(options.PublishCostBudget.TotalMicroseconds);
        var sample = DraftDryRun.Sample(engine.State.Entries, options.PublishSampleSize);
        var report = Measure(draft, sample);
        if (report.Customers > 0 && report.CostMicrosPerCustomer > report.BudgetMicros)
        {
            // Over budget once may be a pause the thread's CPU clock charged to the rules (a garbage collection, page
            // faults, the machine's other work): measured again, the cheaper run counts. A costly rule is costly both
            // times, and a run stops once it has spent the sample's budget, so this at most doubles a refusal's time.
            var again = Measure(draft, sample);
            if (again.CostMicrosPerCustomer < report.CostMicrosPerCustomer) report = again;
        }

        return report;
    }

    private SampleReport Measure(CompiledDimension draft, IReadOnlyList<CustomerEntry> sample)
    {
        if (draft.Guard is not { } guard) return DraftDryRun.Run(draft, sample, options.PublishCostBudget);

        // The draft calls plugins' expression helpers: the dry run runs inline on a watched thread (its CPU clock then
        // measures the helpers too), this thread its watchdog.
        var report = Plugins.WatchedRanges.Run(1, 1, 1, (_, _) => DraftDryRun.Run(draft, sample, options.PublishCostBudget), CancellationToken.None)[0];
        ThrowIfOutOfService(guard);
        return report;
    }

    // A helper that overran, over-allocated or failed too often during the run quarantined its plugin: what the run
    // computed after that is not the draft's behaviour.
    private static void ThrowIfOutOfService(Plugins.HelperGuard guard)
    {
        if (guard.OutOfService is { } why) throw new ClassificationException(ClassificationError.FailedPrecondition, why);
    }

    // The cost limit holds even when forced: an over-budget rule would slow every ledger write that re-classifies.
    private void RefuseIfUnsafe(string name, SampleReport sample, bool force)
    {
        if (sample.Customers == 0)
        {
            return;
        }

        if (sample.CostMicrosPerCustomer > sample.BudgetMicros)
        {
            var costliest = sample.Rules.MaxBy(r => r.MeanCostMicros)!;
            throw new ClassificationException(ClassificationError.FailedPrecondition,
                $"Workflow '{name}' costs {sample.CostMicrosPerCustomer:0.#} µs of CPU per customer on a sample of {sample.Customers} customers, over the budget of "
                + $"{sample.BudgetMicros:0.#} µs (Classification:PublishCostBudget); rule '{costliest.Rule}' alone costs {costliest.MeanCostMicros:0.#} µs. Not published.");
        }

        var failing = sample.Rules.Where(r => r.Errors > sample.Customers * options.PublishMaxErrorShare).OrderByDescending(r => r.Errors).FirstOrDefault();
        if (failing is not null && !force)
        {
            throw new ClassificationException(ClassificationError.FailedPrecondition,
                $"Rule '{failing.Rule}' of workflow '{name}' fails for {failing.Errors} of {sample.Customers} sampled customers (customer {failing.FirstErrorCustomerId}: "
                + $"{failing.FirstError}); they would all fall through to the next rule or the default segment. Fix the rule, or publish with force to publish anyway.");
        }
    }

    public async Task<(WorkflowVersionRecord Version, Reclassification Job)> RollbackAsync(string name, int toVersion, string comment, int expectedVersion, string author, CancellationToken ct)
    {
        engine.EnsureReady();
        var target = await engine.Workflows.GetAsync(name, toVersion, ct);
        if (target is null || toVersion <= 0)
        {
            throw new ClassificationException(ClassificationError.NotFound, $"Workflow '{LedgerGrpc.Ledger.Quote.Short(name)}' has no version {toVersion}; ListVersions shows them.");
        }

        if (target.Action == "delete")
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, $"Version {toVersion} of '{LedgerGrpc.Ledger.Quote.Short(name)}' is a deletion; choose a version with rules.");
        }

        var record = await engine.Workflows.AppendAsync(name, target.Json, comment.Length > 0 ? comment : $"Rollback to version {toVersion}", author, "rollback", expectedVersion, ct);
        return (record, await Reclassify(record));
    }

    public async Task<Reclassification> DeleteAsync(string name, string comment, int expectedVersion, string author, CancellationToken ct)
    {
        engine.EnsureReady();
        if (engine.Snapshot.Find(name) is null && await engine.Workflows.GetAsync(name, 0, ct) is not { Action: not "delete" })
        {
            throw new ClassificationException(ClassificationError.NotFound, $"Workflow '{LedgerGrpc.Ledger.Quote.Short(name)}' does not exist.");
        }

        var record = await engine.Workflows.AppendAsync(name, "", comment, author, "delete", expectedVersion, ct);
        return await engine.EnqueueAsync(s => s.Without(name), name, record.Version, ChangeCause.Publish);
    }

    private Task<Reclassification> Reclassify(WorkflowVersionRecord record)
    {
        var compiled = Compile(record.Json, record.Version).Dimension!;
        return engine.EnqueueAsync(s => s.With(compiled), record.Name, record.Version, ChangeCause.Publish);
    }

    private (CompiledDimension? Dimension, IReadOnlyList<ClassificationDiagnostic> Diagnostics) Compile(string json, int version)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "workflow_json is required.");
        }

        return engine.CompileWorkflow(json, version);
    }
}

public sealed record PreviewMove(string From, string To, long Count, List<long> Samples);

public sealed record WorkflowPreview(
    IReadOnlyList<ClassificationDiagnostic> Diagnostics,
    string Dimension,
    IReadOnlyDictionary<string, long> Before,
    IReadOnlyDictionary<string, long> After,
    List<PreviewMove> Moves,
    long Customers,
    SampleReport Sample);
