using System.Globalization;
using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>
/// The jobs screen's state: a page of re-classification jobs from ListJobs (newest first), kept live by WatchJobs
/// (a job on the page takes its newer state; a job queued after the first page was read joins it at the top), as
/// progress rows and the selected job in full.
/// </summary>
public sealed class JobsModel
{
    private readonly List<Job> _page = [];

    public PageCursor Cursor { get; } = new();

    public bool Loaded { get; private set; }

    /// <summary>`/`: only jobs whose cause, dimension or state contain this text.</summary>
    public string Filter { get; set; } = "";

    public void SetPage(ListJobsResponse response)
    {
        _page.Clear();
        _page.AddRange(response.Jobs);
        Cursor.Loaded(response.NextPageToken);
        Loaded = true;
    }

    /// <summary>A job's new state from the watch. Only the first page takes new jobs: later pages are older by definition.</summary>
    public void Update(Job job)
    {
        var index = _page.FindIndex(j => j.Id == job.Id);
        if (index >= 0)
        {
            // Progress only moves forward: a stale state (a list answer overtaken by the watch) is not shown.
            if (Rank(job).CompareTo(Rank(_page[index])) >= 0)
            {
                _page[index] = job;
            }
        }
        else if (Cursor.Page == 0 && (_page.Count == 0 || job.Id > _page.Max(j => j.Id)))
        {
            _page.Insert(0, job);
        }
    }

    private static (int, long) Rank(Job job) => (job.State switch { "queued" => 0, "running" => 1, _ => 2 }, job.Processed);

    public IReadOnlyList<Job> Visible =>
        [.. _page.OrderByDescending(j => j.Id).Where(j => Filter.Length == 0 || Matches(j, Filter))];

    private static bool Matches(Job j, string filter) =>
        j.Cause.Contains(filter, StringComparison.OrdinalIgnoreCase) || j.Dimension.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || j.State.Contains(filter, StringComparison.OrdinalIgnoreCase);

    public Job? At(int row) => row >= 0 && row < Visible.Count ? Visible[row] : null;

    public string Title => $"Jobs · page {Cursor.Page + 1}{(Cursor.HasNext ? " · n: older" : "")}{(Cursor.HasPrevious ? " · p: newer" : "")}";

    public IReadOnlyList<string> Rows(int width)
    {
        var visible = Visible;
        if (visible.Count == 0)
        {
            return [!Loaded ? "loading…" : _page.Count == 0 ? "no re-classification jobs yet" : $"no job matches '{Filter}'"];
        }

        return [.. visible.Select(j => Row(j, width))];
    }

    /// <summary>"#12 publish value_tier v4 ███▌ 45.0% 450,000/1,000,000 running"; the bar takes the width left.</summary>
    public static string Row(Job job, int width)
    {
        var what = job.Cause == "sweep" ? "sweep" : $"{job.Cause} {job.Dimension}{(job.WorkflowVersion > 0 ? " v" + job.WorkflowVersion.ToString(CultureInfo.InvariantCulture) : "")}";
        var head = Format.PadFit($"#{job.Id} {what}", 30) + " ";
        var tail = $" {Format.PadFitLeft(Format.Share(job.Processed, job.Total), 6)} {Format.PadFitLeft($"{Format.Count(job.Processed)}/{Format.Count(job.Total)}", 19)} {Format.PadFit(job.State, 11)}";
        var barWidth = width - Format.Columns(head) - Format.Columns(tail);
        return barWidth >= 4
            ? head + TextBars.Bar(job.Processed, Math.Max(1, job.Total), Math.Min(barWidth, 40)) + tail
            : Format.Fit(head + tail.TrimStart(), width);
    }

    public static IReadOnlyList<string> Details(Job job, int width)
    {
        var lines = new List<string>
        {
            $"#{job.Id} {job.Cause}{(job.Dimension.Length > 0 ? " " + job.Dimension : "")}{(job.WorkflowVersion > 0 ? " v" + job.WorkflowVersion.ToString(CultureInfo.InvariantCulture) : "")} · {job.State}",
            $"queued {Format.Time(job.QueuedAt)}{(job.FinishedAt is null ? "" : $" · finished {Format.Time(job.FinishedAt)}{Elapsed(job)}")}",
            $"customers {Format.Count(job.Processed)} of {Format.Count(job.Total)} ({Format.Share(job.Processed, job.Total)}) · {Format.Count(job.Changed)} changed segment",
        };
        if (job.Error.Length > 0)
        {
            lines.Add("error: " + job.Error.ReplaceLineEndings(" "));
        }

        return [.. lines.Select(l => Format.Fit(l, width))];
    }

    private static string Elapsed(Job job)
    {
        if (job.QueuedAt is null || job.FinishedAt is null)
        {
            return "";
        }

        var elapsed = job.FinishedAt.ToDateTimeOffset() - job.QueuedAt.ToDateTimeOffset();
        return " (" + (elapsed.TotalSeconds < 60
            ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : elapsed.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)) + ")";
    }
}
