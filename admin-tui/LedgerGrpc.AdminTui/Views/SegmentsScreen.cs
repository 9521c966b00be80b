using LedgerGrpc.AdminTui.Navigation;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>Dimensions → segments with counts → members paged from the server → Enter opens the customer.</summary>
internal sealed class SegmentsScreen : Screen
{
    private readonly SegmentsModel _model = new();
    private readonly FrameView _frame;
    private readonly Label _header = new() { HotKeySpecifier = Plain.NoHotKey, X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
    private readonly LinesView _list = new() { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill() };
    private IReadOnlyList<(string Key, string Line)> _rows = [];
    private int _membersRequest;

    public SegmentsScreen(IShell shell) : base(shell)
    {
        _frame = new FrameView { HotKeySpecifier = Plain.NoHotKey, Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _frame.Add(_header, _list);
        Add(_frame);
        _list.ViewportChanged += (_, _) => Show();
    }

    public override ScreenKind Kind => ScreenKind.Segments;

    public override IReadOnlyList<KeyHelp> Keys { get; } =
    [
        new("Enter", "open (dimension → segments → members → customer)"),
        new("n", "next page of members"),
        new("p", "previous page of members"),
        new("s", "sort all members by id, name, spend, outstanding (server-side)"),
        new("O", "manual overrides in force (of the open dimension)"),
        new("S", "flip the sort direction", InFooter: false),
        new("/", "filter members by name or external ref (whole segment); other levels by text", InFooter: false),
        new("r", "reload"),
    ];

    public override string? Filter => _model.Filter;

    public override void ApplyFilter(string text)
    {
        if (_model.SetFilter(text))
        {
            _list.SelectedItem = 0;
            LoadMembers();
        }

        Show();
    }

    /// <summary>`:segments` lists dimensions; `:segments value_tier` opens one; `:segments value_tier gold` its members.</summary>
    protected override void OnOpen(string argument)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 && _model.Level != SegmentsLevel.Dimensions && _rows.Count > 0)
        {
            // Back here from a customer: keep the operator's place.
            Show();
            ReportFirstContent();
            ReloadCounts();
            return;
        }

        _model.OpenDimensions();
        if (parts.Length >= 1)
        {
            _model.OpenDimension(parts[0]);
        }

        if (parts.Length >= 2)
        {
            _model.OpenSegment(parts[1]);
            LoadMembers();
        }

        _list.SetLines(["loading…"]);
        ReloadCounts();
    }

    public override void Reconnected() => Reload();

    private void Reload()
    {
        ReloadCounts();
        if (_model.Level == SegmentsLevel.Members)
        {
            LoadMembers();
        }
        else if (_model.Level == SegmentsLevel.Overrides)
        {
            LoadOverrides();
        }
    }

    private void LoadOverrides()
    {
        var request = ++_membersRequest;
        var (dimension, token) = (_model.OverridesDimension, _model.Members.Token);
        Load(o => Connection.Segments.ListOverridesAsync(new ListOverridesRequest { Dimension = dimension, PageSize = SegmentsModel.PageSize, PageToken = token }, o).ResponseAsync, page =>
        {
            if (request == _membersRequest)
            {
                _model.SetOverrides(page);
                Show();
                ReportFirstContent();
            }
        });
    }

    private void LoadPage()
    {
        if (_model.Level == SegmentsLevel.Overrides)
        {
            LoadOverrides();
        }
        else
        {
            LoadMembers();
        }
    }

    private void ReloadCounts()
    {
        Load(o => Connection.Segments.ListDimensionsAsync(new ListDimensionsRequest(), o).ResponseAsync, r =>
        {
            _model.SetDimensions(r.Dimensions);
            Show();
        });
        Load(o => Connection.Segments.GetDistributionAsync(new GetDistributionRequest(), o).ResponseAsync, r =>
        {
            _model.SetDistribution(r.Dimensions);
            Show();
            if (_model.Level is SegmentsLevel.Dimensions or SegmentsLevel.Segments)
            {
                ReportFirstContent();
            }
        });
    }

    private void LoadMembers()
    {
        var request = ++_membersRequest;
        var query = _model.MembersRequest();
        Load(o => Connection.Segments.ListMembersAsync(query, o).ResponseAsync, page =>
        {
            if (request != _membersRequest)
            {
                return;
            }

            _model.SetMembers(page);
            Show();
            ReportFirstContent();
            LoadMemberDetails(request, page.CustomerIds.ToList());
        });
    }

    /// <summary>The page's customers, read together (a page is at most 50) once the ids are on screen.</summary>
    private void LoadMemberDetails(int request, IReadOnlyList<long> ids)
    {
        Load(async o =>
        {
            var calls = ids.Select(async id =>
            {
                try
                {
                    return await Connection.Ledger.GetCustomerAsync(new GetCustomerRequest { Id = id }, o).ResponseAsync.ConfigureAwait(false);
                }
                catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
                {
                    return null;
                }
            });
            var customers = await Task.WhenAll(calls).ConfigureAwait(false);
            return customers.OfType<Customer>().ToDictionary(c => c.Id);
        }, customers =>
        {
            if (request == _membersRequest)
            {
                _model.SetMemberDetails(customers);
                Show();
            }
        });
    }

    public override bool HandleKey(Key key)
    {
        if (key == Key.Enter)
        {
            Open();
            return true;
        }

        if (MainWindow.IsChar(key, 'O'))
        {
            _model.OpenOverrides();
            _list.SetLines(["loading…"]);
            LoadOverrides();
            return true;
        }

        if (_model.Level is SegmentsLevel.Members or SegmentsLevel.Overrides)
        {
            if (PagingKeys.Handle(key, _model.Members, LoadPage, Shell, "last page", "first page"))
            {
                return true;
            }

            if (MainWindow.IsChar(key, 's') && _model.Level == SegmentsLevel.Members)
            {
                _model.CycleSort();
                _list.SelectedItem = 0;
                Show();
                LoadMembers();
                return true;
            }

            if (MainWindow.IsChar(key, 'S') && _model.Level == SegmentsLevel.Members)
            {
                _model.FlipDirection();
                _list.SelectedItem = 0;
                Show();
                LoadMembers();
                return true;
            }
        }

        if (MainWindow.IsChar(key, 'r'))
        {
            Reload();
            return true;
        }

        return false;
    }

    public override bool Back()
    {
        if (!_model.Up())
        {
            return false;
        }

        _list.SelectedItem = 0;
        Show();
        return true;
    }

    private void Open()
    {
        var index = _list.Selected;
        if (index < 0 || index >= _rows.Count)
        {
            return;
        }

        var key = _rows[index].Key;
        switch (_model.Level)
        {
            case SegmentsLevel.Dimensions:
                _model.OpenDimension(key);
                _list.SelectedItem = 0;
                Show();
                break;
            case SegmentsLevel.Segments:
                _model.OpenSegment(key);
                _list.SetLines(["loading…"]);
                LoadMembers();
                break;
            default:
                Shell.Navigate(new Destination(ScreenKind.Customer, key));
                break;
        }
    }

    private void Show()
    {
        var width = Math.Max(20, _list.Viewport.Width > 0 ? _list.Viewport.Width : 78);
        _frame.Title = _model.Title;
        _header.Text = _model.Header(width);
        if (_model.Level is SegmentsLevel.Members or SegmentsLevel.Overrides && !_model.PageLoaded)
        {
            _rows = [];
            _list.SetLines(["loading…"]);
            return;
        }

        _rows = _model.Rows(width);
        _list.SetLines(_rows.Count == 0 ? [_model.Filter.Length > 0 ? "nothing matches the filter" : "(none)"] : _rows.Select(r => r.Line).ToList());
        if (_rows.Count == 0)
        {
            _rows = [];
        }
    }
}
