using Grpc.Health.V1;
using LedgerGrpc.AdminTui.Navigation;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>Server summary, one bar chart per dimension, and the live WatchChanges feed (summarised, refreshed 4×/s).</summary>
internal sealed class DashboardScreen : Screen
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DistributionRefresh = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StatsRefresh = TimeSpan.FromSeconds(1);
    private readonly DashboardModel _model = new();
    private readonly LinesView _server;
    private readonly LinesView _distribution;
    private readonly LinesView _feed;
    private object? _timer;
    private DateTimeOffset _lastDistribution;
    private bool _distributionPending;
    private bool _statsPending;
    private bool _statsUnavailable;
    private DateTimeOffset _lastStats;

    public DashboardScreen(IShell shell) : base(shell)
    {
        _server = Pane("Server", out var serverFrame);
        serverFrame.Width = Dim.Fill();
        serverFrame.Height = 6;
        _distribution = Pane("Segments by dimension", out var distributionFrame);
        distributionFrame.Y = Pos.Bottom(serverFrame);
        distributionFrame.Width = Dim.Percent(58);
        distributionFrame.Height = Dim.Fill();
        _feed = Pane("Live changes (WatchChanges)", out var feedFrame);
        feedFrame.X = Pos.Right(distributionFrame);
        feedFrame.Y = Pos.Bottom(serverFrame);
        feedFrame.Width = Dim.Fill();
        feedFrame.Height = Dim.Fill();
        Add(serverFrame, distributionFrame, feedFrame);
        // Charts are drawn to the pane's width: draw them again when the terminal is resized.
        _distribution.ViewportChanged += (_, _) => ShowDistribution();
    }

    public override ScreenKind Kind => ScreenKind.Dashboard;

    public override IReadOnlyList<KeyHelp> Keys { get; } =
    [
        new("r", "refresh now"),
        new("Enter", "on a dimension: open it in Segments", InFooter: false),
    ];

    public override string? Filter => _model.Filter;

    public override void ApplyFilter(string text)
    {
        _model.Filter = text;
        ShowDistribution();
    }

    protected override void OnOpen(string argument)
    {
        _server.SetLines(["loading…"]);
        LoadAll();
        _timer = Shell.App.AddTimeout(Refresh, Tick);
    }

    protected override void OnClose()
    {
        if (_timer is not null)
        {
            Shell.App.RemoveTimeout(_timer);
            _timer = null;
        }
    }

    public override void Reconnected() => LoadAll();

    public override bool HandleKey(Key key)
    {
        if (MainWindow.IsChar(key, 'r'))
        {
            LoadAll();
            return true;
        }

        if (key == Key.Enter && _distribution.HasFocus && DimensionAt(_distribution.Selected) is { } dimension)
        {
            Shell.Navigate(new Destination(ScreenKind.Segments, dimension));
            return true;
        }

        return false;
    }

    private string? DimensionAt(int row)
    {
        var lines = _distribution.Lines;
        for (var i = Math.Min(row, lines.Count - 1); i >= 0; i--)
        {
            if (lines[i].Length > 0 && !lines[i].StartsWith(' '))
            {
                return lines[i].Split(' ', 2)[0];
            }
        }

        return null;
    }

    private void LoadAll()
    {
        Load(o => Connection.Health.CheckAsync(new HealthCheckRequest(), o).ResponseAsync, r =>
        {
            _model.Health = r.Status.ToString().ToUpperInvariant();
            ShowServer();
        }, failed => _model.Health = failed.Error);
        Load(o => Connection.Segments.ListDimensionsAsync(new ListDimensionsRequest(), o).ResponseAsync, r =>
        {
            _model.SetDimensions(r.Dimensions);
            ShowDistribution();
        });
        LoadDistribution();
        _statsUnavailable = false;
        LoadStats();
    }

    /// <summary>Server figures once a second while the dashboard is open; a server without ledger.v1.Operations is
    /// asked once and the pane shows what the other APIs give.</summary>
    private void LoadStats()
    {
        _statsPending = true;
        _lastStats = DateTimeOffset.UtcNow;
        Load(o => Connection.Operations.GetServerStatsAsync(new GetServerStatsRequest(), o).ResponseAsync, r =>
        {
            _statsPending = false;
            _model.Stats = r;
            ShowServer();
        }, failed =>
        {
            _statsPending = false;
            // Not offered or not allowed: asked again only on reopening or reconnecting, not every second.
            _statsUnavailable = failed.Code is Grpc.Core.StatusCode.Unimplemented or Grpc.Core.StatusCode.PermissionDenied or Grpc.Core.StatusCode.Unauthenticated;
            if (failed.Code is not (Grpc.Core.StatusCode.Unimplemented or Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.Cancelled))
            {
                Shell.Status(failed.Error, error: true);
            }
        });
    }

    private void LoadDistribution()
    {
        _distributionPending = true;
        _lastDistribution = DateTimeOffset.UtcNow;
        Load(o => Connection.Segments.GetDistributionAsync(new GetDistributionRequest(), o).ResponseAsync, r =>
        {
            _distributionPending = false;
            _model.SetDistribution(r.Dimensions);
            ShowDistribution();
            ShowServer();
            ReportFirstContent();
        }, failed =>
        {
            _distributionPending = false;
            Shell.Status(failed.Error, error: true);
        });
    }

    private bool Tick()
    {
        if (Lifetime.IsCancellationRequested)
        {
            return false;
        }

        if (!_statsPending && !_statsUnavailable && DateTimeOffset.UtcNow - _lastStats >= StatsRefresh)
        {
            LoadStats();
        }

        ShowServer();
        var feed = Shell.Changes.Feed.Snapshot(Math.Max(1, _feed.Viewport.Height));
        _feed.SetLines(DashboardModel.FeedLines(feed, Math.Max(10, _feed.Viewport.Width), Math.Max(1, _feed.Viewport.Height - 3)));
        // Counts move while changes flow: re-read the distribution every couple of seconds then (it is served from memory).
        if (!_distributionPending && (feed.LastSecond > 0 || feed.Total > 0) && DateTimeOffset.UtcNow - _lastDistribution > DistributionRefresh)
        {
            LoadDistribution();
        }

        return true;
    }

    private void ShowServer()
    {
        var state = Connection.State;
        _server.SetLines(_model.ServerLines(Math.Max(20, _server.Viewport.Width), Connection.Options.Server.ToString(), state.Describe(),
            state.Status == AdminTui.Connection.ConnectionStatus.Disconnected, Shell.Jobs.All, Math.Max(1, _server.Viewport.Height - 2)));
    }

    private void ShowDistribution()
    {
        if (_model.HasDistribution)
        {
            _distribution.SetLines(_model.DistributionLines(Math.Max(20, _distribution.Viewport.Width)));
        }
    }
}
