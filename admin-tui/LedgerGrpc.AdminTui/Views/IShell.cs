using LedgerGrpc.AdminTui.Connection;
using LedgerGrpc.AdminTui.Navigation;
using Terminal.Gui.App;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>What a screen may ask of the window around it.</summary>
internal interface IShell
{
    LedgerConnection Connection { get; }
    /// <summary>Re-classification jobs started from this session, polled while they run.</summary>
    ViewModels.JobTracker Jobs { get; }
    /// <summary>The session's WatchChanges feed.</summary>
    ChangeWatcher Changes { get; }
    IApplication App { get; }
    void Navigate(Destination destination);
    void Back();
    /// <summary>A one-line message in the status line (errors stay until the next message).</summary>
    void Status(string message, bool error = false);
    /// <summary>Asks for one line of text in the prompt line; Esc cancels (the callback is not called).</summary>
    void Prompt(string label, string initial, Action<string> submit);
    /// <summary>Runs an action on the UI thread.</summary>
    void Ui(Action action);
    /// <summary>Records that a screen has shown its first content (for the speed measurement).</summary>
    void FirstContent(Screen screen);
    void KeysChanged();
}
