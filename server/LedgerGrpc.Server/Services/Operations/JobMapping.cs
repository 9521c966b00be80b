using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using V1 = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Operations;

/// <summary>Converts re-classification jobs into ledger.v1.Job messages.</summary>
internal static class JobMapping
{
    public static V1.Job ToJob(Reclassification job)
    {
        // State first: a job finishing meanwhile then shows its final counters with its final state, not the reverse.
        var state = job.State;
        return new V1.Job
        {
            Id = job.Id,
            Cause = ClassificationBatchWriter.CauseText(job.Cause),
            Dimension = job.Dimension,
            WorkflowVersion = job.WorkflowVersion,
            State = StateText(state),
            Processed = job.Processed,
            Total = job.Total,
            Changed = job.Changed,
            Error = job.Error,
            QueuedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(job.QueuedAt, DateTimeKind.Utc)),
            FinishedAt = job.FinishedAt is { } at ? Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
        };
    }

    public static bool IsFinal(V1.Job job) => job.State is not ("queued" or "running");

    public static string StateText(ReclassificationState state) => state switch
    {
        ReclassificationState.Queued => "queued",
        ReclassificationState.Running => "running",
        ReclassificationState.Done => "done",
        ReclassificationState.Failed => "failed",
        ReclassificationState.Interrupted => "interrupted",
        _ => state.ToString().ToLowerInvariant(),
    };
}
