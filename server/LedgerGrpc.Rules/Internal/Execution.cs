using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Rules.Internal;

/// <summary>State of one call: the environment (inputs then scoped params by slot), the inputs as parameters, and the
/// global-param failure that fails every rule.</summary>
internal sealed class Execution(object?[] env, IReadOnlyList<RuleParameter> parameters, bool explain)
{
    public object?[] Env { get; } = env;

    public IReadOnlyList<RuleParameter> Parameters { get; } = parameters;

    public bool Explain { get; } = explain;

    public string? GlobalError { get; set; }

    public ScopeView? RootView { get; set; }

    public ExplainRecorder? Recorder { get; set; }
}
