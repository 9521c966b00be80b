using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

public enum SegmentsLevel
{
    Dimensions,
    Segments,
    Members,
    Overrides,
}

/// <summary>
/// Dimensions → segments with counts → members (one server page at a time) → a customer. Members are sorted and
/// filtered by the server over the whole segment (ListMembers' order and filter): changing either starts again at the
/// first page. Dimensions, segments and overrides, which arrive whole or by page, are filtered here.
/// </summary>
public sealed class SegmentsModel
{
    public const int PageSize = 50;
    private IReadOnlyList<Dimension> _dimensions = [];
    private IReadOnlyList<DimensionDistribution> _distribution = [];
    private List<MemberRow> _members = [];
    private List<Override> _overrides = [];
    private SegmentsLevel _beforeOverrides;

    public SegmentsLevel Level { get; private set; } = SegmentsLevel.Dimensions;

    /// <summary>False while the open page of members or overrides has not come back from the server yet.</summary>
    public bool PageLoaded { get; private set; }
    public string Dimension { get; private set; } = "";
    public string Segment { get; private set; } = "";
    public PageCursor Members { get; } = new();
    public long MemberTotal { get; private set; }
    public MemberSort Sort { get; private set; } = MemberSort.Id;
    public bool Descending { get; private set; }
    public string Filter { get; set; } = "";

    public void SetDimensions(IEnumerable<Dimension> dimensions) => _dimensions = dimensions.ToList();

    public void SetDistribution(IEnumerable<DimensionDistribution> distribution) => _distribution = distribution.ToList();

    public void OpenDimensions()
    {
        Level = SegmentsLevel.Dimensions;
        Filter = "";
    }

    public void OpenDimension(string dimension)
    {
        Dimension = dimension;
        Level = SegmentsLevel.Segments;
        Filter = "";
    }

    public void OpenSegment(string segment)
    {
        Segment = segment;
        Level = SegmentsLevel.Members;
        Filter = "";
        Members.Reset();
        _members = [];
        MemberTotal = 0;
        PageLoaded = false;
    }

    /// <summary>`O`: the manual overrides in force (of the open dimension, if one is open), paged from the server.</summary>
    public void OpenOverrides()
    {
        if (Level != SegmentsLevel.Overrides)
        {
            _beforeOverrides = Level;
        }

        Level = SegmentsLevel.Overrides;
        Filter = "";
        Members.Reset();
        _overrides = [];
        PageLoaded = false;
    }

    public string OverridesDimension => _beforeOverrides == SegmentsLevel.Dimensions ? "" : Dimension;

    public void SetOverrides(ListOverridesResponse page)
    {
        Members.Loaded(page.NextPageToken);
        PageLoaded = true;
        _overrides = page.Overrides.ToList();
    }

    /// <summary>Esc: one level up; false at the top.</summary>
    public bool Up()
    {
        switch (Level)
        {
            case SegmentsLevel.Overrides:
                Level = _beforeOverrides;
                Filter = "";
                return true;
            case SegmentsLevel.Members:
                Level = SegmentsLevel.Segments;
                Filter = "";
                return true;
            case SegmentsLevel.Segments:
                Level = SegmentsLevel.Dimensions;
                Filter = "";
                return true;
            default:
                return false;
        }
    }

    /// <summary>The ListMembers request for the page to show: the open segment with the sort and filter chosen.</summary>
    public ListMembersRequest MembersRequest() => new()
    {
        Dimension = Dimension,
        Segment = Segment,
        PageSize = PageSize,
        PageToken = Members.Token,
        Order = Sort switch
        {
            MemberSort.Name => MemberOrder.Name,
            MemberSort.Spend => MemberOrder.Spend,
            MemberSort.Outstanding => MemberOrder.Outstanding,
            _ => MemberOrder.Id,
        },
        Descending = Descending,
        Filter = Filter,
    };

    /// <summary>`/` at the members level: the server filters the whole segment, so paging starts again. True when the
    /// members must be fetched again (the filter applies to this level's rows otherwise).</summary>
    public bool SetFilter(string text)
    {
        var changed = Filter != text;
        Filter = text;
        if (Level != SegmentsLevel.Members || !changed) return false;
        RestartMembers();
        return true;
    }

    private void RestartMembers()
    {
        Members.Reset();
        _members = [];
        PageLoaded = false;
    }

    public void SetMembers(ListMembersResponse page)
    {
        Members.Loaded(page.NextPageToken);
        PageLoaded = true;
        MemberTotal = page.Total;
        _members = page.CustomerIds.Select(id => new MemberRow(id, null)).ToList();
    }

    public void SetMemberDetails(IReadOnlyDictionary<long, Customer> customers)
        => _members = _members.Select(m => customers.TryGetValue(m.Id, out var c) ? m with { Customer = c } : m).ToList();

    public IReadOnlyList<long> MemberIds => _members.Select(m => m.Id).ToList();

    /// <summary>`s` cycles the sort column (money largest first); the server sorts, so paging starts again.</summary>
    public void CycleSort()
    {
        Sort = (MemberSort)(((int)Sort + 1) % Enum.GetValues<MemberSort>().Length);
        Descending = Sort is MemberSort.Spend or MemberSort.Outstanding;
        RestartMembers();
    }

    /// <summary>`S` flips the direction; paging starts again.</summary>
    public void FlipDirection()
    {
        Descending = !Descending;
        RestartMembers();
    }

    public string Title => Level switch
    {
        SegmentsLevel.Dimensions => "Dimensions",
        SegmentsLevel.Segments => $"Dimensions › {Dimension}",
        SegmentsLevel.Overrides => $"Overrides in force{(OverridesDimension.Length > 0 ? " in " + OverridesDimension : "")} · page {Members.Page + 1}" + (Filter.Length > 0 ? $" · filter '{Filter}'" : ""),
        _ => $"Dimensions › {Dimension} › {Segment} · page {Members.Page + 1} of {Math.Max(1, (MemberTotal + PageSize - 1) / PageSize)} · {Format.Count(MemberTotal)} {(Filter.Length > 0 ? "match" : "members")} · sort {Sort}{(Descending ? " ↓" : " ↑")}"
             + (Filter.Length > 0 ? $" · filter '{Filter}'" : ""),
    };

    /// <summary>The rows shown at the current level, with the key each stands for (what Enter opens).</summary>
    public IReadOnlyList<(string Key, string Line)> Rows(int width) => Level switch
    {
        SegmentsLevel.Dimensions => DimensionRows(width),
        SegmentsLevel.Segments => SegmentRows(width),
        SegmentsLevel.Overrides => OverrideRows(width),
        _ => MemberRows(width),
    };

    private List<(string, string)> OverrideRows(int width)
        => _overrides
            .Where(o => Matches(o.Dimension) || Matches(o.Segment) || Matches(o.Reason) || Matches(o.Author) || Matches("#" + o.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Select(o => (o.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Fit($"{Format.PadFitLeft("#" + o.CustomerId, 10)} {Format.PadFit(o.Dimension, 18)} {Format.PadFit(o.Segment, 16)} {Format.PadFit(o.Author, 14)} {Format.Time(o.CreatedAt)}{(o.ExpiresAt is null ? "" : " until " + Format.Time(o.ExpiresAt))}  {o.Reason}", width)))
            .ToList();

    private List<(string, string)> DimensionRows(int width)
    {
        var nameWidth = Math.Min(24, Math.Max(10, _dimensions.Select(d => d.Name.Length).DefaultIfEmpty(0).Max()));
        return _dimensions
            .Where(d => Matches(d.Name) || Matches(d.DisplayName))
            .Select(d =>
            {
                var customers = _distribution.FirstOrDefault(x => x.Dimension == d.Name)?.Segments.Sum(s => s.Customers) ?? 0;
                var line = $"{Format.PadFit(d.Name, nameWidth)} {Format.PadFit(d.Source + " v" + d.WorkflowVersion, 12)} {Format.PadFit(d.Mode == "multi_match" ? "tags" : "first match", 11)} {d.Segments.Count,3} segments {Format.PadFitLeft(Format.Count(customers), 10)}  {d.DisplayName}";
                return (d.Name, Format.Fit(line, width));
            })
            .ToList();
    }

    private List<(string, string)> SegmentRows(int width)
    {
        var segments = _distribution.FirstOrDefault(x => x.Dimension == Dimension)?.Segments.ToList() ?? [];
        var total = segments.Sum(s => s.Customers);
        var max = segments.Select(s => s.Customers).DefaultIfEmpty(0).Max();
        var keyWidth = Math.Min(24, Math.Max(8, segments.Select(s => s.Segment.Length).DefaultIfEmpty(0).Max()));
        var barWidth = Math.Max(4, width - keyWidth - 10 - 8 - 18 - 5);
        return segments
            .Where(s => Matches(s.Segment) || Matches(s.DisplayName))
            .Select(s => (s.Segment,
                Format.Fit($"{Format.PadFit(s.Segment, keyWidth)} {Format.PadFitLeft(Format.Count(s.Customers), 10)} {Format.PadFitLeft(Format.Share(s.Customers, total), 7)} {TextBars.Bar(s.Customers, max, barWidth)} {Format.PadFitLeft(Format.Money(s.TotalSpendMinor), 18)} {s.DisplayName}", width)))
            .ToList();
    }

    // In the server's order: it sorted and filtered the whole segment.
    private List<(string, string)> MemberRows(int width)
    {
        var nameWidth = Math.Max(10, width - 10 - 18 - 18 - 4);
        return _members.Select(m => (m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Fit($"{Format.PadFitLeft("#" + m.Id, 10)} {Format.PadFit(m.Customer is null ? "…" : m.Name, nameWidth)} {Format.PadFitLeft(m.Customer is null ? "" : Format.Money(m.Spend), 18)} {Format.PadFitLeft(m.Customer is null ? "" : Format.Money(m.Outstanding), 18)}", width)))
            .ToList();
    }

    public string Header(int width) => Level switch
    {
        SegmentsLevel.Dimensions => "dimension / source / mode / segments / customers",
        SegmentsLevel.Segments => "segment / customers / share / spend",
        SegmentsLevel.Overrides => "customer / dimension / segment / author / set at / reason   (n/p page, Enter opens the customer)",
        _ => Format.Fit($"{"id",10} {"name"} · spend · outstanding   (n/p page, s sort, S direction, / name or ref)", width),
    };

    private bool Matches(string text) => Filter.Length == 0 || text.Contains(Filter, StringComparison.OrdinalIgnoreCase);
}
