using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class JobsModelTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 30, 0, TimeSpan.Zero);

    internal static Job Job(long id, string state, long processed = 0, long total = 1_000, string cause = "publish", string dimension = "value_tier") => new()
    {
        Id = id, Cause = cause, Dimension = dimension, WorkflowVersion = cause == "publish" ? 4 : 0, State = state, Processed = processed, Total = total,
        QueuedAt = Timestamp.FromDateTimeOffset(At),
    };

    [Fact]
    public void Watch_updates_move_progress_forward_and_new_jobs_join_the_first_page_only()
    {
        var model = new JobsModel();
        Assert.Equal(["loading…"], model.Rows(80));
        model.SetPage(new ListJobsResponse { Jobs = { Job(7, "running", 100), Job(6, "done", 1_000) }, NextPageToken = "6" });

        model.Update(Job(7, "running", 50));
        Assert.Equal(100, model.At(0)!.Processed);
        model.Update(Job(7, "running", 600));
        Assert.Equal(600, model.At(0)!.Processed);
        model.Update(Job(8, "queued", cause: "sweep", dimension: ""));
        Assert.Equal([8L, 7, 6], model.Visible.Select(j => j.Id));
        model.Update(Job(7, "done", 1_000));
        model.Update(Job(7, "running", 900));
        Assert.Equal("done", model.Visible.Single(j => j.Id == 7).State);

        // An older page never takes new jobs.
        Assert.True(model.Cursor.MoveNext());
        model.SetPage(new ListJobsResponse { Jobs = { Job(5, "done", 1_000) } });
        model.Update(Job(9, "queued"));
        Assert.Equal([5L], model.Visible.Select(j => j.Id));
        Assert.Equal("Jobs · page 2 · p: newer", model.Title);
    }

    [Fact]
    public void Rows_show_a_progress_bar_share_counts_and_state_within_the_width()
    {
        var row = JobsModel.Row(Job(12, "running", 450, 1_000), 100);
        Assert.Matches(@"^#12 publish value_tier v4\s+█+▌?\s+45\.0%\s+450/1,000 running\s*$", row);
        Assert.Equal(100, row.Length);
        Assert.StartsWith("#3 sweep ", JobsModel.Row(Job(3, "queued", cause: "sweep", dimension: ""), 80), StringComparison.Ordinal);
        Assert.All(new[] { 80, 60, 40, 20 }, w => Assert.True(JobsModel.Row(Job(12, "running", 450, 1_000_000), w).Length <= w, $"width {w}"));

        var model = new JobsModel();
        model.SetPage(new ListJobsResponse { Jobs = { Job(2, "done", cause: "plugin", dimension: "Tier"), Job(1, "failed") } });
        model.Filter = "plugin";
        Assert.Equal([2L], model.Visible.Select(j => j.Id));
        model.Filter = "FAILED";
        Assert.Equal([1L], model.Visible.Select(j => j.Id));
        model.Filter = "none";
        Assert.Equal(["no job matches 'none'"], model.Rows(80));
        Assert.Equal(["no re-classification jobs yet"], new JobsModel { }.Also(m => m.SetPage(new ListJobsResponse())).Rows(80));
    }

    [Fact]
    public void Details_show_times_elapsed_changed_and_the_error()
    {
        var job = Job(12, "failed", 300, 1_000);
        job.Changed = 42;
        job.FinishedAt = Timestamp.FromDateTimeOffset(At.AddSeconds(12.5));
        job.Error = "disk full";
        Assert.Equal(
            [
                "#12 publish value_tier v4 · failed",
                "queued 2026-12-07 00:30:00 · finished 2026-12-07 00:30:12 (12.5 s)",
                "customers 300 of 1,000 (30.0%) · 42 changed segment",
                "error: disk full",
            ],
            JobsModel.Details(job, 120));
        job.FinishedAt = Timestamp.FromDateTimeOffset(At.AddMinutes(75));
        Assert.Contains("(1:15:00)", JobsModel.Details(job, 120)[1], StringComparison.Ordinal);
    }
}

internal static class ModelExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
