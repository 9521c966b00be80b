using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>The rules screen's lists as lines: workflows, versions, diagnostics, test and preview results.</summary>
public static class RulesFormat
{
    public static string Workflow(WorkflowSummary w, int width)
        => Format.Fit($"{Format.PadFit(w.Name, 20)} v{w.Version,-3} {w.RuleCount,3} rules  {w.DisplayName}", width);

    public static string Version(WorkflowVersion v, int current, bool marked, int width)
        => Format.Fit($"{(marked ? "●" : " ")}{(v.Version == current ? "*" : " ")}v{v.Version,-3} {v.Action,-8} {Format.Time(v.CreatedAt)} {v.Author} {v.Comment}", width);

    /// <summary>"5:55 error Rules[1] (W/Bad): Expression expected" — line:column first, the part Enter jumps to.</summary>
    public static string Diagnostic(Diagnostic d)
        => $"{(d.Line > 0 ? $"{d.Line}:{d.Column}" : "-:-")} {d.Severity} {(d.RulePath.Length > 0 ? d.RulePath + ": " : "")}{d.Message.ReplaceLineEndings(" ")}"
           + (d.ExpressionColumn > 0 ? $" (expression column {d.ExpressionColumn})" : "");

    public static IReadOnlyList<string> Diagnostics(IReadOnlyList<Diagnostic> diagnostics, bool valid)
    {
        if (diagnostics.Count == 0)
        {
            return [valid ? "✓ valid" : "checking…"];
        }

        var errors = diagnostics.Count(d => d.Severity == "error");
        var summary = errors > 0 ? $"✗ {errors} error(s), {diagnostics.Count - errors} warning(s) — Enter on one moves the cursor there" : $"✓ valid, {diagnostics.Count} warning(s)";
        return [summary, .. diagnostics.Select(Diagnostic)];
    }

    public static IReadOnlyList<string> Test(TestWorkflowResponse r, int width)
    {
        if (r.Diagnostics.Any(d => d.Severity == "error"))
        {
            return [.. Diagnostics(r.Diagnostics, false)];
        }

        var lines = new List<string>();
        if (r.Segments.Count > 0)
        {
            lines.Add("tags: " + string.Join(", ", r.Segments));
        }

        if (r.Result is not null)
        {
            lines.AddRange(CustomerFormat.Explain(r.Result, width).Where(l => !l.StartsWith("Esc", StringComparison.Ordinal)));
        }

        return lines;
    }

    /// <summary>The preview: counts before → after per segment, then each move with its count and sample customers.</summary>
    public static IReadOnlyList<string> Preview(PreviewWorkflowResponse r, int width)
    {
        if (r.Diagnostics.Any(d => d.Severity == "error"))
        {
            return [.. Diagnostics(r.Diagnostics, false)];
        }

        var lines = new List<string> { $"preview of {r.Dimension} on {Format.Count(r.Customers)} customers: {Format.Count(r.Moves.Sum(m => m.Count))} would move", "" };
        var keys = r.Before.Select(s => s.Segment).Concat(r.After.Select(s => s.Segment)).Distinct().ToList();
        var keyWidth = Math.Max(8, Math.Min(24, keys.Select(k => k.Length).DefaultIfEmpty(8).Max()));
        lines.Add($"{Format.PadFit("segment", keyWidth)} {"before",10} {"after",10} {"change",10}");
        foreach (var key in keys)
        {
            var before = r.Before.FirstOrDefault(s => s.Segment == key)?.Customers ?? 0;
            var after = r.After.FirstOrDefault(s => s.Segment == key)?.Customers ?? 0;
            lines.Add($"{Format.PadFit(key.Length == 0 ? "(none)" : key, keyWidth)} {Format.PadFitLeft(Format.Count(before), 10)} {Format.PadFitLeft(Format.Count(after), 10)} {Format.PadFitLeft((after - before).ToString("+#,0;-#,0;0", System.Globalization.CultureInfo.InvariantCulture), 10)}");
        }

        lines.Add("");
        if (r.Moves.Count == 0)
        {
            lines.Add("no customer would move");
        }
        else
        {
            lines.Add("from → to: count (sample customers)");
            lines.AddRange(r.Moves.OrderByDescending(m => m.Count).Select(m =>
                $"{DashboardModel.Arrow(m.FromSegment, m.ToSegment)}: {Format.Count(m.Count)} ({string.Join(", ", m.SampleCustomerIds.Select(id => "#" + id))})"));
        }

        return lines.Select(l => Format.Fit(l, width)).ToList();
    }
}
