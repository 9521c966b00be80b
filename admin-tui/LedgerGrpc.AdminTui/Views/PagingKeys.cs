using LedgerGrpc.AdminTui.ViewModels;
using Terminal.Gui.Input;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>The n / p keys of every screen that pages a server list (members, overrides, audit entries, jobs).</summary>
internal static class PagingKeys
{
    /// <summary>n / p over a server list with page tokens: moves and loads, or says why it cannot; false for other keys.</summary>
    public static bool Handle(Key key, PageCursor cursor, Action load, IShell shell, string noNext, string noPrevious)
    {
        var next = MainWindow.IsChar(key, 'n');
        if (!next && !MainWindow.IsChar(key, 'p'))
        {
            return false;
        }

        if (next ? cursor.MoveNext() : cursor.MovePrevious())
        {
            load();
        }
        else
        {
            shell.Status(next ? noNext : noPrevious);
        }

        return true;
    }
}
