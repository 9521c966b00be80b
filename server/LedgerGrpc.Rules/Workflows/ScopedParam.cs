namespace LedgerGrpc.Rules.Workflows;

/// <summary>A named value computed from the inputs and the params before it (GlobalParams / LocalParams).</summary>
public sealed class ScopedParam
{
    public string Name { get; set; } = "";

    public string Expression { get; set; } = "";
}
