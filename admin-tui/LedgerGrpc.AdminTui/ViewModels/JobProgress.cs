using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>Re-classification jobs as progress lines: "#12 value_tier v4 ███▌   45.0% 450,000/1,000,000 · 1,234 changed".</summary>
public static class JobProgress
{
    public static string Line(Reclassification job, int width)
    {
        var state = job.Error.Length > 0 ? "failed: " + job.Error : job.Done ? "done" : "running";
        var head = $"#{job.Id} {job.Dimension} v{job.WorkflowVersion} ";
        var tail = $" {Format.Share(job.Processed, job.Total),6} {Format.Count(job.Processed)}/{Format.Count(job.Total)} · {Format.Count(job.Changed)} changed · {state}";
        var barWidth = Math.Max(4, Math.Min(30, width - Format.Columns(head) - Format.Columns(tail)));
        return Format.Fit(head + TextBars.Bar(job.Processed, Math.Max(1, job.Total), barWidth) + tail, width);
    }
}
