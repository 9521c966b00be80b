using LedgerGrpc.AdminTui.Connection;
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
    private readonly FrameView _tableFrame;
    private readonly LinesView _table = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
    private readonly LinesView _details;
    private int _request;

    public JobsScreen(IShell shell) : base(shell)
    {
        _tableFrame = new FrameView { HotKeySpecifier = Plain.NoHotKey, Title = "Jobs", Width = Dim.Fill(), Height = Dim.Percent(65), CanFocus = true };
        _tableFrame.Add(_table);
        _details = Pane("Selected job", out var detailsFrame);
        detailsFrame.Y = Pos.Bottom(_tableFrame);
        detailsFrame.Width = Dim.Fill();
        detailsFrame.Height = Dim.Fill();
        Add(_tableFrame, detailsFrame);
        _table.ViewportChanged += (_, _) => Show();
        _table.ValueChanged += (_, _) => ShowDetails();
    }

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
        var lifetime = Lifetime;
        _ = Task.Run(() => StreamFollower.FollowAsync(
            Connection,
            options => Connection.Operations.WatchJobs(new WatchJobsRequest(), options),
            job => Shell.Ui(() =>
            {
                if (!lifetime.IsCancellationRequested)
                {
                    _model.Update(job);
                    Show();
                }
            }),
            lifetime), CancellationToken.None);
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

        if (MainWindow.IsChar(key, 'n') || MainWindow.IsChar(key, 'p'))
        {
            var moved = MainWindow.IsChar(key, 'n') ? _model.Cursor.MoveNext() : _model.Cursor.MovePrevious();
            if (moved)
            {
                LoadPage();
            }
            else
            {
                Shell.Status(MainWindow.IsChar(key, 'n') ? "no older jobs" : "already at the newest jobs");
            }

            return true;
        }

        return false;
    }

    private void Show()
    {
        _tableFrame.Title = _model.Title;
        _table.SetLines(_model.Rows(Math.Max(20, _table.Viewport.Width)));
        ShowDetails();
    }

    private void ShowDetails() =>
        _details.SetLines(_model.At(_table.Selected) is { } job ? JobsModel.Details(job, Math.Max(20, _details.Viewport.Width)) : []);
}
