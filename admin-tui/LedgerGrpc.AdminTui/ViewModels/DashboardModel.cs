using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>What the dashboard shows, as lines: the server summary, one bar chart per dimension, the live feed.</summary>
public sealed class DashboardModel
{
    private IReadOnlyList<Dimension> _dimensions = [];
    private IReadOnlyList<DimensionDistribution> _distribution = [];

    public string Health { get; set; } = "";

    public void SetDimensions(IEnumerable<Dimension> dimensions) => _dimensions = dimensions.ToList();

    public void SetDistribution(IEnumerable<DimensionDistribution> distribution) => _distribution = distribution.ToList();

    public bool HasDistribution => _distribution.Count > 0;

    public int DimensionCount => _distribution.Count;

    /// <summary>`/` on the dashboard: only the dimensions whose name contains this text.</summary>
    public string Filter { get; set; } = "";

    /// <summary>Customers in the ledger: every customer is in exactly one segment of a first-match dimension.</summary>
    public long Customers
    {
        get
        {
            var firstMatch = _dimensions.Where(d => d.Mode != "multi_match").Select(d => d.Name).ToHashSet();
            return _distribution.Where(d => firstMatch.Count == 0 || firstMatch.Contains(d.Dimension))
                .Select(d => d.Segments.Sum(s => s.Customers)).DefaultIfEmpty(0).Max();
        }
    }

    public IReadOnlyList<string> DistributionLines(int width)
    {
        var lines = new List<string>();
        foreach (var distribution in _distribution.Where(d => Filter.Length == 0 || d.Dimension.Contains(Filter, StringComparison.OrdinalIgnoreCase)))
        {
            var dimension = _dimensions.FirstOrDefault(d => d.Name == distribution.Dimension);
            var title = dimension is null
                ? distribution.Dimension
                : $"{distribution.Dimension} ({dimension.Source} v{dimension.WorkflowVersion}, {(dimension.Mode == "multi_match" ? "tags" : "one segment each")})";
            lines.Add(Format.Fit(title, width));
            lines.AddRange(TextBars.Chart(distribution.Segments.Select(s => (SegmentLabel(s), s.Customers)).ToList(), width - 2).Select(l => "  " + l));
            lines.Add("");
        }

        if (lines.Count == 0 && _distribution.Count > 0)
        {
            lines.Add($"no dimension matches '{Filter}'");
        }

        return lines;
    }

    private static string SegmentLabel(SegmentCount s) => s.Segment.Length == 0 ? "(none)" : s.Segment;

    public static IReadOnlyList<string> FeedLines(FeedSnapshot feed, int width, int count)
    {
        var lines = new List<string>
        {
            Format.Fit($"{Format.Rate(feed.LastSecond)} changes/s · {Format.Count(feed.Total)} since opened", width),
            Sparkline.Render(feed.History, Math.Max(1, width)),
        };
        if (feed.ByCause.Count > 0)
        {
            lines.Add(Format.Fit(string.Join(" ", feed.ByCause.OrderByDescending(c => c.Value).Select(c => $"{c.Key}:{Format.Count(c.Value)}")), width));
        }

        lines.AddRange(feed.Recent.Take(count).Select(c => Format.Fit(ChangeLine(c), width)));
        if (feed.Total == 0)
        {
            lines.Add("waiting for segment changes…");
        }

        return lines;
    }

    public static string ChangeLine(SegmentChange c)
        => $"{(c.At is null ? "" : c.At.ToDateTimeOffset().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))} {c.Cause}{(c.WorkflowVersion > 0 ? " v" + c.WorkflowVersion : "")} #{c.CustomerId} {c.Dimension} {Arrow(c.FromSegment, c.ToSegment)}";

    public static string Arrow(string from, string to) => $"{(from.Length == 0 ? "∅" : from)}→{(to.Length == 0 ? "∅" : to)}";
}
