using LedgerGrpc.AdminTui.Connection;
using LedgerGrpc.AdminTui.Navigation;
using LedgerGrpc.AdminTui.Views;
using Terminal.Gui.App;

namespace LedgerGrpc.AdminTui;

/// <summary>Starts Terminal.Gui, runs the main window until quit, and always restores the terminal.</summary>
public static class AdminApp
{
    public static int Run(ConnectionOptions options, Destination start)
    {
        var connection = new LedgerConnection(options);
        try
        {
            using var app = Application.Create().Init();
            using var window = new MainWindow(app, connection, ScreenFactory.Create, start);
            // Nothing the UI does may end in a stack trace: an unexpected exception is shown and the app carries on.
            app.Run(window, error =>
            {
                window.Status("internal error: " + error.Message, error: true);
                return true;
            });
            return 0;
        }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
