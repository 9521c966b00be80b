using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class CustomerFormatTests
{
    [Fact]
    public void Aging_buckets_are_a_bar_chart_scaled_to_the_largest()
    {
        var lines = CustomerFormat.Aging(new Receivables { AsOf = new Date { Year = 2026, Month = 12, Day = 6 }, OutstandingMinor = 300_00, OverdueMinor = 100_00, CurrentMinor = 200_00, Days130Minor = 100_00, OpenInvoiceCount = 2, OldestOverdueDays = 12 }, 60);

        Assert.Equal("receivables as of 2026-12-06: 300.00 open, 100.00 overdue, 2 invoices, oldest 12 days", lines[0]);
        var current = lines.Single(l => l.StartsWith("current", StringComparison.Ordinal));
        var late = lines.Single(l => l.StartsWith("1-30 d", StringComparison.Ordinal));
        Assert.InRange(Formatting.TextBarsTests.Eighths(current) - 2 * Formatting.TextBarsTests.Eighths(late), -2, 2);
        Assert.EndsWith("200.00", current, StringComparison.Ordinal);
        Assert.DoesNotContain('█', lines.Single(l => l.StartsWith(">90 d", StringComparison.Ordinal)));
    }

    [Fact]
    public void Credit_utilisation_shows_as_a_percentage_and_a_bar()
    {
        var lines = CustomerFormat.Profile(new Customer { Id = 9, Name = "Acme", HasCreditLimit = true, CreditLimitMinor = 1000_00, CreditUsedMinor = 250_00, CreditUtilisationBp = 2500 }, null, 60);

        Assert.Contains("credit limit 1,000.00 · used 250.00 · 25.0%", lines);
        Assert.Contains(lines, l => l.StartsWith("utilisation ██████████", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_lists_each_rule_with_its_outcome_and_the_values_it_read()
    {
        var explain = new ExplainResponse
        {
            Dimension = "value_tier", Segment = "high", Rule = "High", WorkflowVersion = 2,
            Rules =
            {
                new RuleExplanation { RuleName = "High", Expression = "customer.TotalSpend >= 1000", Success = true, Steps = { "customer.TotalSpend = 1200 ≥ 1000 → true" } },
                new RuleExplanation { RuleName = "Medium", Expression = "x", Success = false, Error = "boom", Children = { new RuleExplanation { RuleName = "Child", Expression = "y" } } },
            },
        };

        var lines = CustomerFormat.Explain(explain, 100);

        Assert.Equal("Explain value_tier: high by rule High (workflow v2)", lines[0]);
        Assert.Contains("✓ High: customer.TotalSpend >= 1000", lines);
        Assert.Contains("    customer.TotalSpend = 1200 ≥ 1000 → true", lines);
        Assert.Contains("    error: boom", lines);
        Assert.Contains("  ✗ Child: y", lines);
    }

    [Fact]
    public void Class_tree_is_indented_by_level_with_the_customers_class_marked()
    {
        var tree = CustomerFormat.Categories([new Category { Code = "0101", Name = "Key", IsLeaf = true }, new Category { Code = "01", Name = "Trade" }], "0101");

        Assert.Equal([("01", "  01 Trade /"), ("0101", "▶   0101 Key")], tree);
    }
}
