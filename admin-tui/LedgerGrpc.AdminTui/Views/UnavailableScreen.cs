using LedgerGrpc.AdminTui.Navigation;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>A screen whose server API this server does not offer (yet): says so instead of failing.</summary>
internal sealed class UnavailableScreen(IShell shell, ScreenKind kind) : Screen(shell)
{
    private readonly LinesView _text = new() { Width = Terminal.Gui.ViewBase.Dim.Fill(), Height = Terminal.Gui.ViewBase.Dim.Fill() };

    public override ScreenKind Kind => kind;

    public override IReadOnlyList<KeyHelp> Keys => [];

    protected override void OnOpen(string argument)
    {
        if (_text.SuperView is null)
        {
            Add(_text);
        }

        _text.SetLines([$"{kind}: this server does not offer the API this screen needs."]);
        ReportFirstContent();
    }
}
