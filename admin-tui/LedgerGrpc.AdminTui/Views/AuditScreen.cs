using LedgerGrpc.AdminTui.Navigation;
using LedgerGrpc.AdminTui.ViewModels;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>The audit log (ledger.v1.Access/ListAuditEntries), newest first, paged, filtered by actor, action, entity
/// and time with `/`; the selected entry's before and after below.</summary>
internal sealed class AuditScreen : Screen
{
    private const int PageSize = 50;
    private readonly AuditModel _model = new();
    private readonly FrameView _tableFrame;
    private readonly LinesView _table = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
    private readonly LinesView _details;
    private int _request;

    public AuditScreen(IShell shell) : base(shell)
    {
        _tableFrame = new FrameView { HotKeySpecifier = Plain.NoHotKey, Title = "Audit", Width = Dim.Fill(), Height = Dim.Percent(60), CanFocus = true };
        _tableFrame.Add(_table);
        _details = Pane("Selected entry", out var detailsFrame);
        detailsFrame.Y = Pos.Bottom(_tableFrame);
        detailsFrame.Width = Dim.Fill();
        detailsFrame.Height = Dim.Fill();
        Add(_tableFrame, detailsFrame);
        _table.ViewportChanged += (_, _) => Show();
        _table.ValueChanged += (_, _) => ShowDetails();
    }

    public override ScreenKind Kind => ScreenKind.Audit;

    public override IReadOnlyList<KeyHelp> Keys { get; } =
    [
        new("/", "filter: actor:KEY action:NAME entity:Type/id type:Type since:2h from:2026-12-06 to:…"),
        new("n", "older entries (next page)"),
        new("p", "newer entries (previous page)"),
        new("r", "reload"),
    ];

    public override string? Filter => _model.Filter.ToString();

    public override void ApplyFilter(string text)
    {
        var (filter, error) = AuditFilter.Parse(text, DateTimeOffset.UtcNow);
        if (filter is null)
        {
            Shell.Status(error, error: true);
            return;
        }

        _model.SetFilter(filter);
        Show();
        LoadPage();
    }

    /// <summary>`:audit` shows the newest entries; `:audit actor:key:ingest since:1h` opens with that filter.</summary>
    protected override void OnOpen(string argument)
    {
        if (argument.Length > 0 || !_model.Loaded)
        {
            ApplyFilter(argument);
        }
        else
        {
            Show();
            ReportFirstContent();
            LoadPage();
        }
    }

    public override void Reconnected() => LoadPage();

    private void LoadPage()
    {
        var request = ++_request;
        var query = _model.Filter.ToRequest(PageSize, _model.Cursor.Token);
        Load(o => Connection.Access.ListAuditEntriesAsync(query, o).ResponseAsync, page =>
        {
            if (request == _request)
            {
                _model.SetPage(page);
                Show();
                ReportFirstContent();
            }
        }, failed => Shell.Status(failed.Code == Grpc.Core.StatusCode.Unimplemented ? "this server does not offer ledger.v1.Access (the audit log)" : failed.Error, error: true));
    }

    public override bool HandleKey(Key key)
    {
        if (MainWindow.IsChar(key, 'r'))
        {
            LoadPage();
            return true;
        }

        if (MainWindow.IsChar(key, 'n') || MainWindow.IsChar(key, 'p'))
        {
            var older = MainWindow.IsChar(key, 'n');
            if (older ? _model.Cursor.MoveNext() : _model.Cursor.MovePrevious())
            {
                LoadPage();
            }
            else
            {
                Shell.Status(older ? "no older entries" : "already at the newest entries");
            }

            return true;
        }

        return false;
    }

    private void Show()
    {
        _tableFrame.Title = Formatting.Format.Fit(_model.Title, Math.Max(10, _table.Viewport.Width - 4));
        _table.SetLines(_model.Rows(Math.Max(20, _table.Viewport.Width)));
        ShowDetails();
    }

    private void ShowDetails() =>
        _details.SetLines(_model.At(_table.Selected) is { } entry ? AuditModel.Details(entry, Math.Max(20, _details.Viewport.Width)) : []);
}
