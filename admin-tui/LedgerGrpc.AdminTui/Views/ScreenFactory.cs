using LedgerGrpc.AdminTui.Navigation;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>Makes each screen once; the window keeps it for the session.</summary>
internal static class ScreenFactory
{
    public static Screen Create(ScreenKind kind, IShell shell) => kind switch
    {
        ScreenKind.Dashboard => new DashboardScreen(shell),
        ScreenKind.Segments => new SegmentsScreen(shell),
        ScreenKind.Customer => new CustomerScreen(shell),
        ScreenKind.Rules => new RulesScreen(shell),
        ScreenKind.Plugins => new PluginsScreen(shell),
        ScreenKind.Jobs => new JobsScreen(shell),
        ScreenKind.Audit => new AuditScreen(shell),
        _ => new UnavailableScreen(shell, kind),
    };
}
