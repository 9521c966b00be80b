namespace LedgerGrpc.Rules.Internal;

/// <summary>State of one call: the environment (inputs then scoped params by slot) and the global-param failure that
/// fails every rule.</summary>
internal sealed class Execution(object?[] env, int inputCount, bool explain)
{
    public object?[] Env { get; } = env;

    public bool Explain { get; } = explain;

    public int InputCount => inputCount;

    public string? GlobalError { get; set; }

    public ScopeView? RootView { get; set; }
}
