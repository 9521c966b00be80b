namespace LedgerGrpc.AdminTui.Navigation;

public enum ScreenKind
{
    Dashboard,
    Segments,
    Customer,
    Rules,
    Plugins,
    Audit,
    Jobs,
}
