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
    private readonly TableWithDetails _view;
    private int _request;

    public AuditScreen(IShell shell) : base(shell) => _view = new TableWithDetails(this, "Audit", "Selected entry", 60, Show, ShowDetails);

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

        return PagingKeys.Handle(key, _model.Cursor, LoadPage, Shell, "no older entries", "already at the newest entries");
    }

    private void Show()
    {
        _view.TableFrame.Title = Formatting.Format.Fit(_model.Title, Math.Max(10, _view.Table.Viewport.Width - 4));
        _view.Table.SetLines(_model.Rows(_view.TableWidth));
        ShowDetails();
    }

    private void ShowDetails() =>
        _view.Details.SetLines(_model.At(_view.Table.Selected) is { } entry ? AuditModel.Details(entry, _view.DetailsWidth) : []);
}
