using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>What the dashboard shows, as lines: the server summary, one bar chart per dimension, the live feed.</summary>
public sealed class DashboardModel
{
    private IReadOnlyList<Dimension> _dimensions = [];
    private IReadOnlyList<DimensionDistribution> _distribution = [];

    public string Health { get; set; } = "";

    /// <summary>The server's figures (ledger.v1.Operations/GetServerStats); null until read, or when the server does
    /// not offer them.</summary>
    public ServerStats? Stats { get; set; }

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

    /// <summary>The server pane: health, version and uptime; ledger size, writer queue and writes per second with a
    /// sparkline of the last minute; then running and queued jobs with progress bars (the server's, or without server
    /// figures the ones this session started).</summary>
    public IReadOnlyList<string> ServerLines(int width, string server, string connection, bool disconnected, IReadOnlyList<Reclassification> sessionJobs, int jobLines)
    {
        var health = disconnected || Health.Length == 0 ? "?" : Health;
        var stats = Stats;
        var lines = new List<string>();
        if (stats is null)
        {
            lines.Add(Format.Fit($"health {health} · {server} · {connection}", width));
            lines.Add(Format.Fit($"customers {Format.Count(Customers)} · dimensions {DimensionCount}", width));
            lines.AddRange(sessionJobs.Take(jobLines).Select(j => "job " + JobProgress.Line(j, Math.Max(20, width - 4))));
            return lines;
        }

        lines.Add(Format.Fit($"health {health} · version {ShortVersion(stats.Version)} · up {Uptime(stats.Uptime?.ToTimeSpan() ?? TimeSpan.Zero)} · {server} · {connection}", width));
        var writer = stats.Writer ?? new WriterStats();
        var figures = $"customers {Format.Count(stats.Customers)} · dimensions {stats.Dimensions} · writer queue {Format.Count(writer.QueueDepth)} · {Format.Rate(writer.WritesPerSecond)} writes/s ";
        var sparkWidth = Math.Min(60, width - Format.Columns(figures));
        lines.Add(sparkWidth >= 8
            ? figures + Sparkline.Render([.. writer.WritesPerSecondHistory.Select(v => (double)v)], sparkWidth)
            : Format.Fit(figures.TrimEnd(), width));
        var jobs = stats.Classification?.ActiveJobs ?? [];
        lines.AddRange(jobs.Take(jobLines).Select(j => JobsModel.Row(j, width)));
        // Then jobs this session started that are no longer active, so the operator sees how their publish ended.
        lines.AddRange(sessionJobs.Where(j => jobs.All(a => a.Id != j.Id)).Take(Math.Max(0, jobLines - jobs.Count))
            .Select(j => "job " + JobProgress.Line(j, Math.Max(20, width - 4))));
        if (jobs.Count == 0 && stats.Classification is { State: "loading" } loading)
        {
            lines.Add(Format.Fit($"classification loading: {Format.Count(loading.CustomersLoaded)} of {Format.Count(loading.CustomersToLoad)} customers read", width));
        }

        return lines;
    }

    /// <summary>"1.0.0+9313fa32ca5c…" (a full commit hash) as "1.0.0+9313fa3", as git shows commits.</summary>
    public static string ShortVersion(string version)
    {
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
    }

    public static string Uptime(TimeSpan uptime) => uptime.TotalDays >= 1
        ? $"{(int)uptime.TotalDays}d {uptime.Hours}h"
        : uptime.TotalHours >= 1 ? $"{(int)uptime.TotalHours}h {uptime.Minutes:00}m" : $"{uptime.Minutes}m {uptime.Seconds:00}s";

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
