namespace LedgerGrpc.Rules.Internal;

/// <summary>State of one call: the environment (inputs then scoped params by slot), the inputs as parameters (built only
/// when an action needs them), and the global-param failure that fails every rule.</summary>
internal sealed class Execution(object?[] env, IReadOnlyList<RuleInputType> inputs, bool explain)
{
    private RuleParameter[]? _parameters;

    public object?[] Env { get; } = env;

    public IReadOnlyList<RuleParameter> Parameters => _parameters ??= [.. inputs.Select((input, i) => new RuleParameter(input.Name, input.Type, Env[i]))];

    public bool Explain { get; } = explain;

    public int InputCount => inputs.Count;

    public string? GlobalError { get; set; }

    public ScopeView? RootView { get; set; }
}
