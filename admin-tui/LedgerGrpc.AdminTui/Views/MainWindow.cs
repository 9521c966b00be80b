using System.Diagnostics;
using System.Globalization;
using LedgerGrpc.AdminTui.Connection;
using LedgerGrpc.AdminTui.Navigation;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>
/// The window around the screens: header (server, connection), content, status or prompt line, footer of keys.
/// Keys are routed here first (k9s style): `:` `/` `?` `q` Esc Ctrl+S are the window's unless a text input has focus.
/// </summary>
internal sealed class MainWindow : Runnable, IShell
{
    private readonly Label _header = new() { HotKeySpecifier = Plain.NoHotKey, X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
    private readonly View _content = new() { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(2), CanFocus = true };
    private readonly Label _status = new() { HotKeySpecifier = Plain.NoHotKey, X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1 };
    private readonly Label _promptLabel = new() { HotKeySpecifier = Plain.NoHotKey, X = 0, Y = Pos.AnchorEnd(2), Height = 1, Visible = false };
    private readonly TextField _prompt = new() { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1, Visible = false };
    private readonly Label _footer = new() { HotKeySpecifier = Plain.NoHotKey, X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1 };
    private readonly LinesView _help = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), Visible = false };
    private readonly Dictionary<ScreenKind, Screen> _screens = [];
    private readonly Stack<Destination> _history = new();
    private readonly Func<ScreenKind, IShell, Screen> _createScreen;
    private readonly string? _timingFile;
    private readonly Stopwatch _opened = new();
    private Screen? _current;
    private Destination? _currentDestination;
    private Action<string>? _promptSubmit;
    private bool _statusIsError;
    private ConnectionStatus _lastStatus = ConnectionStatus.Connecting;

    public MainWindow(IApplication app, LedgerConnection connection, Func<ScreenKind, IShell, Screen> createScreen, Destination start)
    {
        App = app;
        Connection = connection;
        Changes = new ChangeWatcher(connection, new ViewModels.ChangeFeed(TimeProvider.System));
        _createScreen = createScreen;
        _timingFile = Environment.GetEnvironmentVariable("LEDGERGRPC_ADMIN_TIMING");
        Width = Dim.Fill();
        Height = Dim.Fill();
        if (NoColor.Requested(Environment.GetEnvironmentVariable("NO_COLOR")))
        {
            SetScheme(NoColor.Scheme());
        }

        _content.Add(_help);
        Add(_header, _content, _status, _promptLabel, _prompt, _footer);
        app.Keyboard.KeyDown += OnAppKeyDown;
        connection.StateChanged += state => Ui(() => ConnectionChanged(state));
        FrameChanged += (_, _) => RefreshChrome();
        Navigate(start);
        connection.StartMonitor();
        Changes.Start();
        app.AddTimeout(TimeSpan.FromMilliseconds(500), PollJobs);
    }

    public LedgerConnection Connection { get; }
    public ViewModels.JobTracker Jobs { get; } = new();
    public ChangeWatcher Changes { get; }
    public new IApplication App { get; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Changes.StopAsync().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    public void Ui(Action action) => App.Invoke(action);

    /// <summary>Progress of the jobs this session started, twice a second while any runs.</summary>
    private bool PollJobs()
    {
        foreach (var id in Jobs.Running)
        {
            _ = Task.Run(async () =>
            {
                var result = await Connection.CallAsync(o => Connection.Rules.GetReclassificationAsync(new Protos.Ledger.V1.GetReclassificationRequest { Id = id }, o).ResponseAsync).ConfigureAwait(false);
                if (result.Ok)
                {
                    Jobs.Update(result.Value!);
                }
            });
        }

        return true;
    }

    public void Navigate(Destination destination)
    {
        if (_currentDestination is not null)
        {
            _history.Push(_currentDestination);
        }

        Show(destination);
    }

    public void Back()
    {
        if (_history.Count > 0)
        {
            Show(_history.Pop());
        }
        else
        {
            Status("at the first screen: q quits");
        }
    }

    private void Show(Destination destination)
    {
        _current?.Close();
        if (_current is not null)
        {
            _content.Remove(_current);
        }

        if (!_screens.TryGetValue(destination.Screen, out var screen))
        {
            screen = _createScreen(destination.Screen, this);
            _screens[destination.Screen] = screen;
        }

        _current = screen;
        _currentDestination = destination;
        _help.Visible = false;
        _content.Add(screen);
        screen.Visible = true;
        _opened.Restart();
        Status("");
        screen.Open(destination.Argument);
        screen.SetFocus();
        RefreshChrome();
    }

    public void Status(string message, bool error = false)
    {
        _statusIsError = error && message.Length > 0;
        _status.Text = _statusIsError ? "! " + message : message;
    }

    public void Prompt(string label, string initial, Action<string> submit)
    {
        _promptSubmit = submit;
        _promptLabel.Text = label;
        _promptLabel.Visible = true;
        _prompt.X = label.Length;
        _prompt.Text = initial;
        _prompt.Visible = true;
        _status.Visible = false;
        _prompt.SetFocus();
        _prompt.MoveEnd();
    }

    private void EndPrompt()
    {
        _promptSubmit = null;
        _prompt.Visible = false;
        _promptLabel.Visible = false;
        _status.Visible = true;
        _current?.SetFocus();
    }

    public void FirstContent(Screen screen)
    {
        if (_timingFile is null || screen != _current)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{screen.Kind.ToString().ToLowerInvariant()}\t{_opened.Elapsed.TotalMilliseconds:0.0}\n");
        try
        {
            File.AppendAllText(_timingFile, line);
        }
        catch (IOException)
        {
            // Timing is a measurement aid; it must never disturb the operator.
        }
    }

    public void KeysChanged() => RefreshChrome();

    private void ConnectionChanged(ConnectionState state)
    {
        var wasDown = _lastStatus == ConnectionStatus.Disconnected;
        _lastStatus = state.Status;
        RefreshChrome();
        if (wasDown && state.Status == ConnectionStatus.Connected)
        {
            Status("reconnected");
            _current?.Reconnected();
        }
    }

    private void RefreshChrome()
    {
        var width = Math.Max(20, Frame.Width > 0 ? Frame.Width : 80);
        var screenName = _current is null ? "" : _current.Kind.ToString();
        var state = Connection.State.Describe();
        _header.Text = Formatting.Format.Fit($" LedgerGrpc admin │ {screenName} │ {Connection.Options.Server.Authority} │ {state}", width);
        _footer.Text = _current is null ? "" : CommonKeys.Footer(_current.Keys, width, includeCommon: _current.Keys.All(k => k.Key != "Esc"));
    }

    private void ShowHelp()
    {
        if (_current is null)
        {
            return;
        }

        _help.SetLines(CommonKeys.Help(_current.Kind.ToString(), _current.Keys));
        _current.Visible = false;
        _help.Visible = true;
        _help.SetFocus();
    }

    private void HideHelp()
    {
        _help.Visible = false;
        if (_current is not null)
        {
            _current.Visible = true;
            _current.SetFocus();
        }
    }

    private void OnAppKeyDown(object? sender, Key key)
    {
        if (key.Handled)
        {
            return;
        }

        if (_promptSubmit is not null)
        {
            if (key == Key.Enter)
            {
                var submit = _promptSubmit;
                var text = _prompt.Text;
                EndPrompt();
                submit(text);
                key.Handled = true;
            }
            else if (key == Key.Esc)
            {
                EndPrompt();
                key.Handled = true;
            }

            return;
        }

        if (_help.Visible)
        {
            if (key == Key.Esc || IsChar(key, '?') || IsChar(key, 'q'))
            {
                HideHelp();
                key.Handled = true;
            }

            return;
        }

        if (key == Key.S.WithCtrl)
        {
            _current?.Save();
            key.Handled = true;
            return;
        }

        if (key == Key.C.WithCtrl)
        {
            App.RequestStop();
            key.Handled = true;
            return;
        }

        var typing = IsTyping(App.Navigation?.GetFocused());
        if (key == Key.Esc)
        {
            key.Handled = true;
            if (_current?.Back() != true)
            {
                Back();
            }

            return;
        }

        if (typing)
        {
            return;
        }

        if (_current?.HandleKey(key) == true)
        {
            key.Handled = true;
            return;
        }

        if (IsChar(key, ':'))
        {
            key.Handled = true;
            Prompt(":", "", RunCommand);
        }
        else if (IsChar(key, '/'))
        {
            key.Handled = true;
            if (_current?.Filter is { } filter)
            {
                Prompt("/", filter, text => _current?.ApplyFilter(text.Trim()));
            }
            else
            {
                Status("nothing to filter on this screen");
            }
        }
        else if (IsChar(key, '?'))
        {
            key.Handled = true;
            ShowHelp();
        }
        else if (IsChar(key, 'q'))
        {
            key.Handled = true;
            App.RequestStop();
        }
    }

    private void RunCommand(string text)
    {
        var result = CommandLine.Parse(text);
        if (result.QuitRequested)
        {
            App.RequestStop();
        }
        else if (result.Destination is not null)
        {
            Navigate(result.Destination);
        }
        else if (result.Error.Length > 0)
        {
            Status(result.Error, error: true);
        }
    }

#pragma warning disable CS0618 // TextView is the editor this Terminal.Gui version ships (its successor is a separate package).
    private static bool IsTyping(View? focused) => focused is TextField or TextView { ReadOnly: false };
#pragma warning restore CS0618

    internal static bool IsChar(Key key, char c) => !key.IsCtrl && !key.IsAlt && key.TryGetPrintableRune(out var rune) && rune.Value == c;
}
