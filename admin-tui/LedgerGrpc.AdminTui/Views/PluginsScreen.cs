using LedgerGrpc.AdminTui.Navigation;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>
/// Plugins: status, counters and last error of every plugin, live (WatchPlugins for status changes, ListPlugins every
/// two seconds for counters, which move without a status change); a approves the build shown, r reloads, d disables,
/// e enables.
/// </summary>
internal sealed class PluginsScreen : Screen
{
    private static readonly TimeSpan CounterRefresh = TimeSpan.FromSeconds(2);
    private readonly PluginsModel _model = new();
    private readonly TableWithDetails _view;
    private object? _timer;
    private bool _listPending;

    public PluginsScreen(IShell shell) : base(shell) => _view = new TableWithDetails(this, "Plugins", "Selected plugin", 55, Show, ShowDetails, header: true);

    public override ScreenKind Kind => ScreenKind.Plugins;

    public override IReadOnlyList<KeyHelp> Keys { get; } =
    [
        new("a", "approve the build shown (its sha256)"),
        new("r", "reload the build on disk"),
        new("d", "disable (its dimensions retire)"),
        new("e", "enable (after disable or quarantine)"),
        new("R", "refresh now", InFooter: false),
    ];

    public override string? Filter => _model.Filter;

    public override void ApplyFilter(string text)
    {
        _model.Filter = text;
        Show();
    }

    protected override void OnOpen(string argument)
    {
        if (argument.Length > 0)
        {
            _model.Filter = argument;
        }

        Show();
        LoadList();
        Follow(options => Connection.Plugins.WatchPlugins(new WatchPluginsRequest(), options), plugin =>
        {
            _model.Update(plugin);
            Show();
            ReportFirstContent();
        });
        _timer = Shell.App.AddTimeout(CounterRefresh, () =>
        {
            if (Lifetime.IsCancellationRequested)
            {
                return false;
            }

            if (!_listPending)
            {
                LoadList();
            }

            return true;
        });
    }

    protected override void OnClose()
    {
        if (_timer is not null)
        {
            Shell.App.RemoveTimeout(_timer);
            _timer = null;
        }
    }

    public override void Reconnected() => LoadList();

    private void LoadList()
    {
        _listPending = true;
        Load(o => Connection.Plugins.ListPluginsAsync(new ListPluginsRequest(), o).ResponseAsync, r =>
        {
            _listPending = false;
            _model.SetAll(r.Plugins);
            Show();
            ReportFirstContent();
        }, failed =>
        {
            _listPending = false;
            Shell.Status(failed.Code == Grpc.Core.StatusCode.Unimplemented ? "this server does not offer ledger.v1.Plugins" : failed.Error, error: true);
        });
    }

    public override bool HandleKey(Key key)
    {
        if (MainWindow.IsChar(key, 'R'))
        {
            LoadList();
            return true;
        }

        if (!key.TryGetPrintableRune(out var rune) || key.IsCtrl || key.IsAlt || rune.Value > char.MaxValue)
        {
            return false;
        }

        var plugin = _model.At(_view.Table.Selected);
        var (action, refusal) = PluginsModel.ActionFor((char)rune.Value, plugin);
        if (refusal.Length > 0)
        {
            Shell.Status(refusal, error: true);
            return true;
        }

        if (action is not { } chosen || plugin is null)
        {
            return false;
        }

        if (chosen == PluginAction.Approve)
        {
            var sha256 = plugin.Sha256;
            Shell.Prompt(PluginsModel.ApprovePrompt(plugin), "", answer =>
            {
                if (PluginsModel.Confirmed(answer))
                {
                    Run(chosen, plugin.Name, o => Connection.Plugins.ApprovePluginAsync(new ApprovePluginRequest { Name = plugin.Name, Sha256 = sha256 }, o).ResponseAsync);
                }
                else
                {
                    Shell.Status("not approved");
                }
            });
            return true;
        }

        var name = plugin.Name;
        Run(chosen, name, chosen switch
        {
            PluginAction.Reload => o => Connection.Plugins.ReloadPluginAsync(new ReloadPluginRequest { Name = name }, o).ResponseAsync,
            PluginAction.Disable => o => Connection.Plugins.DisablePluginAsync(new DisablePluginRequest { Name = name }, o).ResponseAsync,
            _ => o => Connection.Plugins.EnablePluginAsync(new EnablePluginRequest { Name = name }, o).ResponseAsync,
        });
        return true;
    }

    /// <summary>An action re-classifies every customer when it changes what is in force: it may take a while, so the
    /// deadline is long and the status line says it is under way.</summary>
    private void Run(PluginAction action, string name, Func<Grpc.Core.CallOptions, Task<Plugin>> call)
    {
        var verb = action.ToString().ToLowerInvariant();
        Shell.Status($"{verb} {name}: working (customers are re-classified when its dimensions change)…");
        Load(call, plugin =>
        {
            _model.Update(plugin);
            Show();
            Shell.Status($"{verb} {name}: {plugin.Status} {plugin.Version}");
        }, failed => Shell.Status($"{verb} {name}: {failed.Error}", error: true), deadline: TimeSpan.FromMinutes(30));
    }

    private void Show()
    {
        _view.Header.Text = PluginsModel.Header(_view.TableWidth);
        _view.Table.SetLines(_model.Rows(_view.TableWidth));
        ShowDetails();
    }

    private void ShowDetails() =>
        _view.Details.SetLines(_model.At(_view.Table.Selected) is { } plugin ? PluginsModel.Details(plugin, _view.DetailsWidth) : []);
}
