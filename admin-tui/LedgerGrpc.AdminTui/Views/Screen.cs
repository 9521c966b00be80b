using LedgerGrpc.AdminTui.Connection;
using LedgerGrpc.AdminTui.Navigation;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>
/// One screen: a view filling the content area, its keys, and what happens when it opens, is filtered, saved or left.
/// Every server call runs off the UI thread; results come back through <see cref="IShell.Ui"/>.
/// </summary>
internal abstract class Screen : View
{
    private bool _firstContentReported;
    private CancellationTokenSource _life = new();

    protected Screen(IShell shell)
    {
        Shell = shell;
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
    }

    protected IShell Shell { get; }
    protected LedgerConnection Connection => Shell.Connection;

    /// <summary>Cancelled when the screen is closed: streams and pending calls stop with it.</summary>
    protected CancellationToken Lifetime => _life.Token;

    public abstract ScreenKind Kind { get; }
    public abstract IReadOnlyList<KeyHelp> Keys { get; }

    /// <summary>Opens (or re-opens, after Esc back) the screen with an argument from the command line.</summary>
    public void Open(string argument)
    {
        if (_life.IsCancellationRequested)
        {
            _life.Dispose();
            _life = new CancellationTokenSource();
        }

        _firstContentReported = false;
        OnOpen(argument);
    }

    public void Close()
    {
        _life.Cancel();
        OnClose();
    }

    protected abstract void OnOpen(string argument);

    protected virtual void OnClose()
    {
    }

    /// <summary>The server is back after a disconnection: reload what the screen shows.</summary>
    public virtual void Reconnected()
    {
    }

    /// <summary>A key not taken by a text input; true when the screen used it.</summary>
    public virtual bool HandleKey(Key key) => false;

    /// <summary>`/`: the current list's filter text (empty clears it); null when the screen has nothing to filter.</summary>
    public virtual string? Filter => null;

    public virtual void ApplyFilter(string text)
    {
    }

    /// <summary>Esc: true when the screen stepped back inside itself (closed a pane); false to leave the screen.</summary>
    public virtual bool Back() => false;

    /// <summary>Ctrl+S.</summary>
    public virtual void Save() => Shell.Status("nothing to save here");

    protected void ReportFirstContent()
    {
        if (!_firstContentReported)
        {
            _firstContentReported = true;
            Shell.FirstContent(this);
        }
    }

    /// <summary>Runs a call and hands the result to the UI thread; a failure goes to the status line.</summary>
    protected void Load<T>(Func<Grpc.Core.CallOptions, Task<T>> call, Action<T> show, Action<CallResult<T>>? failed = null, TimeSpan? deadline = null)
    {
        var ct = Lifetime;
        _ = Task.Run(async () =>
        {
            var result = await Connection.CallAsync(call, ct, deadline).ConfigureAwait(false);
            if (ct.IsCancellationRequested)
            {
                return;
            }

            Shell.Ui(() =>
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                if (result.Ok)
                {
                    show(result.Value!);
                }
                else if (failed is not null)
                {
                    failed(result);
                }
                else if (result.Code != Grpc.Core.StatusCode.Cancelled)
                {
                    Shell.Status(result.Error, error: true);
                }
            });
        }, CancellationToken.None);
    }

    /// <summary>Follows a server stream while the screen is open (reopened after a disconnection, see
    /// <see cref="StreamFollower"/>); each message is handed to <paramref name="show"/> on the UI thread.</summary>
    protected void Follow<T>(Func<Grpc.Core.CallOptions, Grpc.Core.AsyncServerStreamingCall<T>> open, Action<T> show)
    {
        var lifetime = Lifetime;
        _ = Task.Run(() => StreamFollower.FollowAsync(Connection, open, message => Shell.Ui(() =>
        {
            if (!lifetime.IsCancellationRequested)
            {
                show(message);
            }
        }), lifetime), CancellationToken.None);
    }

    internal static LinesView Pane(string title, out Terminal.Gui.Views.FrameView frame)
    {
        var lines = new LinesView { Width = Dim.Fill(), Height = Dim.Fill() };
        frame = new Terminal.Gui.Views.FrameView { HotKeySpecifier = Plain.NoHotKey, Title = title, CanFocus = true };
        frame.Add(lines);
        return lines;
    }
}
