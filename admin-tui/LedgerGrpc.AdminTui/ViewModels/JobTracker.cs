using System.Collections.Concurrent;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>The re-classification jobs this session started (publish, rollback) and their last known progress.</summary>
public sealed class JobTracker
{
    private readonly ConcurrentDictionary<long, Reclassification> _jobs = new();

    public void Started(long id, string dimension, int version)
    {
        if (id > 0)
        {
            _jobs.TryAdd(id, new Reclassification { Id = id, Dimension = dimension, WorkflowVersion = version });
        }
    }

    public void Update(Reclassification job) => _jobs[job.Id] = job;

    public IReadOnlyList<Reclassification> All => _jobs.Values.OrderByDescending(j => j.Id).ToList();

    public IReadOnlyList<long> Running => _jobs.Values.Where(j => !j.Done && j.Error.Length == 0).Select(j => j.Id).ToList();
}
