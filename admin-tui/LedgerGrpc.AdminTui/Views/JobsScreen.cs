using LedgerGrpc.AdminTui.Navigation;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>Re-classification jobs (publish, plugin, sweep), newest first and paged (ListJobs), with live progress and
/// results (WatchJobs) and the selected job in full.</summary>
internal sealed class JobsScreen : Screen
{
    private const int PageSize = 50;
    private readonly JobsModel _model = new();
    private readonly TableWithDetails _view;
    private int _request;

    public JobsScreen(IShell shell) : base(shell) => _view = new TableWithDetails(this, "Jobs", "Selected job", 65, Show, ShowDetails);

    public override ScreenKind Kind => ScreenKind.Jobs;

    public override IReadOnlyList<KeyHelp> Keys { get; } =
    [
        new("n", "older jobs (next page)"),
        new("p", "newer jobs (previous page)"),
        new("r", "reload"),
    ];

    public override string? Filter => _model.Filter;

    public override void ApplyFilter(string text)
    {
        _model.Filter = text;
        Show();
    }

    protected override void OnOpen(string argument)
    {
        _model.Cursor.Reset();
        Show();
        LoadPage();
        Follow(options => Connection.Operations.WatchJobs(new WatchJobsRequest(), options), job =>
        {
            _model.Update(job);
            Show();
        });
    }

    public override void Reconnected() => LoadPage();

    private void LoadPage()
    {
        var request = ++_request;
        var token = _model.Cursor.Token;
        Load(o => Connection.Operations.ListJobsAsync(new ListJobsRequest { PageSize = PageSize, PageToken = token }, o).ResponseAsync, page =>
        {
            if (request == _request)
            {
                _model.SetPage(page);
                Show();
                ReportFirstContent();
            }
        }, failed => Shell.Status(failed.Code == Grpc.Core.StatusCode.Unimplemented ? "this server does not offer ledger.v1.Operations" : failed.Error, error: true));
    }

    public override bool HandleKey(Key key)
    {
        if (MainWindow.IsChar(key, 'r'))
        {
            LoadPage();
            return true;
        }

        return PagingKeys.Handle(key, _model.Cursor, LoadPage, Shell, "no older jobs", "already at the newest jobs");
    }

    private void Show()
    {
        _view.TableFrame.Title = _model.Title;
        _view.Table.SetLines(_model.Rows(_view.TableWidth));
        ShowDetails();
    }

    private void ShowDetails() =>
        _view.Details.SetLines(_model.At(_view.Table.Selected) is { } job ? JobsModel.Details(job, _view.DetailsWidth) : []);
}
