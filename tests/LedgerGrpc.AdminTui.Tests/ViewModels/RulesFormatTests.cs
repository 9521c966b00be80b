using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class RulesFormatTests
{
    [Fact]
    public void Diagnostics_lead_with_line_and_column()
    {
        var lines = RulesFormat.Diagnostics([new Diagnostic { Severity = "error", Line = 9, Column = 114, RulePath = "value_tier/HighValue", Message = "')' expected", ExpressionColumn = 93 }], valid: false);

        Assert.StartsWith("✗ 1 error(s)", lines[0], StringComparison.Ordinal);
        Assert.Equal("9:114 error value_tier/HighValue: ')' expected (expression column 93)", lines[1]);
    }

    [Fact]
    public void Preview_is_a_before_after_table_and_the_moves_with_samples()
    {
        var preview = new PreviewWorkflowResponse
        {
            Dimension = "value_tier",
            Customers = 300,
            Before = { new SegmentCount { Segment = "high", Customers = 60 }, new SegmentCount { Segment = "medium", Customers = 90 } },
            After = { new SegmentCount { Segment = "high", Customers = 88 }, new SegmentCount { Segment = "medium", Customers = 62 } },
            Moves = { new Move { FromSegment = "medium", ToSegment = "high", Count = 28, SampleCustomerIds = { 15, 23 } } },
        };

        var lines = RulesFormat.Preview(preview, 80);

        Assert.Equal("preview of value_tier on 300 customers: 28 would move", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^high\s+60\s+88\s+\+28$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^medium\s+90\s+62\s+-28$"));
        Assert.Contains("medium→high: 28 (#15, #23)", lines);
    }
}
