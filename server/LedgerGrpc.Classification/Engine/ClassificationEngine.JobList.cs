using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;

namespace LedgerGrpc.Classification.Engine;

// What operators see of re-classification jobs: the list (stored, so it spans restarts) and when to look again.
public sealed partial class ClassificationEngine
{
    /// <summary>Held while a job id is taken, the job registered and the id published (EnqueueAsync).</summary>
    private readonly Lock _jobIds = new();

    private TaskCompletionSource _jobsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes the next time a job is queued, starts or finishes (progress in between is not signalled:
    /// watchers poll it at their own pace).</summary>
    public Task JobsChanged => Volatile.Read(ref _jobsChanged).Task;

    /// <summary>The newest job id handed out (ids go on from the last stored one after a restart). Every job up to it
    /// is registered: <see cref="FindReclassification"/> finds it and, while it runs, <see cref="ActiveJobs"/> lists it.</summary>
    public long LastJobId => Volatile.Read(ref _nextReclassificationId);

    /// <summary>The jobs of this run that have not finished (queued or running), oldest first.</summary>
    public List<Reclassification> ActiveJobs() => [.. _reclassifications.Values.Where(j => !j.Done).OrderBy(j => j.Id)];

    /// <summary>Jobs newest first, from storage (so earlier runs' jobs are listed, those a stop cut short as
    /// interrupted), with this run's live progress; the page token is the last id of the previous page.</summary>
    public Page<Reclassification> ListJobs(PageRequest page)
    {
        var stored = ReadChanges(c => ReclassificationStore.Before(c, page.AfterId, page.Size + 1));
        return page.ToPage([.. stored.Select(j => _reclassifications.GetValueOrDefault(j.Id) ?? j)], j => j.Id);
    }

    private void SignalJobsChanged() =>
        Interlocked.Exchange(ref _jobsChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
