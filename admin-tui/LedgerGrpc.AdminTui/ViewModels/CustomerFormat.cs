using System.Globalization;
using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>The customer screen as lines: profile, totals, credit, aging chart, and each section's list.</summary>
public static class CustomerFormat
{
    public static IReadOnlyList<string> Profile(Customer c, Receivables? receivables, int width)
    {
        var lines = new List<string>
        {
            $"#{c.Id} {c.Name}{(c.Archived ? " [archived]" : "")}{(c.MergedIntoId > 0 ? $" [merged into #{c.MergedIntoId}]" : "")}",
            $"ref {Or(c.ExternalRef)} · {TypeName(c.Type)} · tax id {Or(c.TaxId)}",
            $"{Or(c.Industry)} · {Or(c.Region)} · {Or(c.Size)}",
            $"contact {Or(c.ContactName)} · {Or(c.Phone)} · {Or(c.Email)}",
        };
        if (c.Tags.Count > 0)
        {
            lines.Add("tags " + string.Join(", ", c.Tags));
        }

        lines.Add("");
        lines.Add($"sales {Format.Money(c.SalesTotalMinor)} · refunds {Format.Money(c.RefundTotalMinor)} · {Format.Count(c.TransactionCount)} tx");
        lines.Add($"outstanding {Format.Money(c.OutstandingMinor)} · credit balance {Format.Money(c.CreditBalanceMinor)} · written off {Format.Money(c.WrittenOffMinor)}");
        lines.Add(c.HasCreditLimit
            ? $"credit limit {Format.Money(c.CreditLimitMinor)} · used {Format.Money(c.CreditUsedMinor)} · {Format.BasisPoints(c.CreditUtilisationBp)}"
            : "credit limit none");
        if (c.HasCreditLimit)
        {
            var barWidth = Math.Max(4, Math.Min(40, width - 14));
            lines.Add("utilisation " + TextBars.Bar(Math.Min(c.CreditUtilisationBp, 10000), 10000, barWidth).TrimEnd() + (c.CreditUtilisationBp > 10000 ? " over limit" : ""));
        }

        if (receivables is not null)
        {
            lines.Add("");
            lines.AddRange(Aging(receivables, width));
        }

        return lines.Select(l => Format.Fit(l, width)).ToList();
    }

    /// <summary>The aging buckets of the open receivables as a bar chart.</summary>
    public static IReadOnlyList<string> Aging(Receivables r, int width)
    {
        var lines = new List<string>
        {
            $"receivables as of {Format.Date(r.AsOf)}: {Format.Money(r.OutstandingMinor)} open, {Format.Money(r.OverdueMinor)} overdue, {r.OpenInvoiceCount} invoices"
                + (r.OldestOverdueDays > 0 ? $", oldest {r.OldestOverdueDays} days" : ""),
        };
        var buckets = new List<(string, long)>
        {
            ("current", r.CurrentMinor),
            ("1-30 d", r.Days130Minor),
            ("31-60 d", r.Days3160Minor),
            ("61-90 d", r.Days6190Minor),
            (">90 d", r.DaysOver90Minor),
        };
        var max = buckets.Max(b => b.Item2);
        var barWidth = Math.Max(4, width - 8 - 16 - 3);
        lines.AddRange(buckets.Select(b => $"{b.Item1,-8} {TextBars.Bar(b.Item2, max, barWidth)} {Format.PadFitLeft(Format.Money(b.Item2), 16)}"));
        return lines;
    }

    public static IReadOnlyList<string> Memberships(ClassifyResponse classification, int width)
    {
        var dimensionWidth = Math.Min(Math.Max(6, width / 3), classification.Assignments.Select(a => a.Dimension.Length).DefaultIfEmpty(6).Max());
        var segmentWidth = Math.Min(Math.Max(6, width / 3), classification.Assignments.Select(a => Format.Columns(a.Segment)).DefaultIfEmpty(6).Max());
        return classification.Assignments.Select(a => Format.Fit(
                $"{Format.PadFit(a.Dimension, dimensionWidth)} {Format.PadFit(a.Segment, segmentWidth)} {(a.Overridden ? "OVERRIDE" : a.Rule.Length == 0 ? "default" : "rule " + a.Rule)} v{a.WorkflowVersion} since {Format.Time(a.Since)}",
                width))
            .ToList();
    }

    /// <summary>The Explain trace: the result, then each rule with ✓/✗, its expression and the values it read.</summary>
    public static IReadOnlyList<string> Explain(ExplainResponse explain, int width)
    {
        var lines = new List<string>
        {
            $"Explain {explain.Dimension}: {explain.Segment} by {(explain.Rule.Length == 0 ? "the default" : "rule " + explain.Rule)} (workflow v{explain.WorkflowVersion})",
            "",
        };
        foreach (var rule in explain.Rules)
        {
            AddRule(lines, rule, 0);
        }

        lines.Add("");
        lines.Add("Esc: back to the memberships");
        return lines.Select(l => Format.Fit(l, width)).ToList();
    }

    private static void AddRule(List<string> lines, RuleExplanation rule, int depth)
    {
        var indent = new string(' ', depth * 2);
        lines.Add($"{indent}{(rule.Success ? "✓" : "✗")} {rule.RuleName}: {rule.Expression}");
        if (rule.Error.Length > 0)
        {
            lines.Add($"{indent}    error: {rule.Error}");
        }

        lines.AddRange(rule.Steps.Select(s => $"{indent}    {s}"));
        foreach (var child in rule.Children)
        {
            AddRule(lines, child, depth + 1);
        }
    }

    public static string Transaction(Transaction t)
        => $"{Format.Time(t.OccurredAt)} {(t.Kind == TransactionKind.Refund ? "refund" : "sale  ")} {Format.PadFitLeft(Format.Money(t.AmountMinor), 14)} {t.Quantity,4} × {t.Product}";

    public static string Invoice(Invoice i)
        => $"{Format.PadFit(i.Number.Length > 0 ? i.Number : "#" + i.Id, 12)} {Format.Date(i.IssueDate)} due {Format.Date(i.DueDate)} {Format.PadFitLeft(Format.Money(i.AmountMinor), 14)} open {Format.PadFitLeft(Format.Money(i.OutstandingMinor), 14)} {StatusName(i.Status)}";

    public static string Note(Note n) => $"{Format.Time(n.OccurredAt)} {n.Channel.ToString().Replace("NoteChannel", "", StringComparison.Ordinal).ToLowerInvariant()} {n.Author}: {n.Text.ReplaceLineEndings(" ")}";

    public static string History(SegmentChange c)
        => $"{Format.Time(c.At)} {Format.PadFit(c.Dimension, 18)} {DashboardModel.Arrow(c.FromSegment, c.ToSegment)} {c.Cause}{(c.WorkflowVersion > 0 ? " v" + c.WorkflowVersion.ToString(CultureInfo.InvariantCulture) : "")}{(c.Rule.Length > 0 ? " rule " + c.Rule : "")}";

    /// <summary>The manual class tree, indented by level (two code digits a level), the customer's class marked.</summary>
    public static IReadOnlyList<(string Code, string Line)> Categories(IEnumerable<Category> categories, string current)
        => categories.OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => (c.Code, $"{(c.Code == current ? "▶" : " ")} {new string(' ', Math.Max(0, c.Code.Length / 2 - 1) * 2)}{c.Code} {c.Name}{(c.IsLeaf ? "" : " /")}"))
            .ToList();

    public static string SearchResult(Customer c, int width)
        => Format.Fit($"{Format.PadFitLeft("#" + c.Id, 9)} {Format.PadFit(c.Name, 28)} {Format.PadFit(c.ExternalRef, 12)} {Format.PadFit(c.Phone, 14)} {c.Email}", width);

    private static string Or(string text) => text.Length == 0 ? "—" : text;

    private static string TypeName(CustomerType type) => type switch
    {
        CustomerType.Individual => "individual",
        CustomerType.Enterprise => "enterprise",
        _ => "type ?",
    };

    private static string StatusName(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Open => "open",
        InvoiceStatus.Paid => "paid",
        InvoiceStatus.WrittenOff => "written off",
        _ => "",
    };
}
