namespace LedgerGrpc.AdminTui.Navigation;

/// <summary>Where a command line sends the operator: a screen and what to open in it (a customer id, a workflow name...).</summary>
public sealed record Destination(ScreenKind Screen, string Argument = "")
{
    public override string ToString() => Argument.Length == 0 ? ":" + Screen.ToString().ToLowerInvariant() : $":{Screen.ToString().ToLowerInvariant()} {Argument}";
}
