using System.Linq.Expressions;
using LedgerGrpc.Rules.Internal;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules;

/// <summary>A workflow compiled for one typed input <typeparamref name="T"/>. Besides the full result tree
/// (<see cref="Execute(T)"/>, <see cref="Explain(T)"/>) it offers the classification fast path: the whole workflow as one
/// delegate answering which rules succeed without allocating. Thread-safe.</summary>
public sealed class CompiledWorkflow<T> : CompiledWorkflow
{
    private readonly Func<T, int> _firstMatch;
    private readonly Func<T, ulong> _mask;
    private readonly Action<T, bool[]> _all;
    private readonly Func<T, object?>?[] _outputs;

    internal CompiledWorkflow(Workflow workflow, IReadOnlyList<Rule> rules, IReadOnlyList<string> inputNames, WorkflowSettings settings, WorkflowEngine? engine)
        : base(workflow, rules, [.. inputNames.Select(n => new RuleInputType(n, typeof(T)))], settings, engine)
    {
        var enabled = rules.Where(r => r.Enabled).ToList();
        RuleNames = [.. enabled.Select(r => r.RuleName)];
        SuccessEvents = [.. enabled.Select(r => r.SuccessEvent)];

        var input = Expression.Parameter(typeof(T), inputNames[0]);
        var builder = new FastPathBuilder(new RuleCompiler(settings, Inputs), input, [.. inputNames.Skip(1).Select(n => Expression.Variable(typeof(T), n))]);
        var globals = builder.Globals(workflow.GlobalParams ?? [], settings.EnableScopedParams, out var visible);
        var tests = globals is null ? enabled.Select(_ => (Expression)Expression.Constant(false)).ToList()
            : enabled.Select(r => builder.Rule(r, visible, settings.EnableScopedParams)).ToList();
        var failed = Expression.Variable(typeof(bool), "globalsFailed");
        var prologue = globals is null ? [] : WrapGlobals(globals);

        // First match: if (rule0) return 0; if (rule1) return 1; ... return -1.
        var ret = Expression.Label(typeof(int));
        _firstMatch = Lambda<Func<T, int>>(input, builder, failed, prologue, ret, Expression.Constant(-1),
            tests.Select((t, i) => (Expression)Expression.IfThen(t, Expression.Return(ret, Expression.Constant(i)))));

        // Mask: bit i set when rule i succeeded (the first 64 rules).
        var mask = Expression.Variable(typeof(ulong), "mask");
        var maskRet = Expression.Label(typeof(ulong));
        _mask = Lambda<Func<T, ulong>>(input, builder, failed, prologue, maskRet, Expression.Constant(0UL),
            [Expression.Assign(mask, Expression.Constant(0UL)),
             .. tests.Take(64).Select((t, i) => (Expression)Expression.IfThen(t, Expression.OrAssign(mask, Expression.Constant(1UL << i)))),
             Expression.Return(maskRet, mask)], mask);

        // All: results[i] = rule i succeeded.
        var results = Expression.Parameter(typeof(bool[]), "results");
        var done = Expression.Label(typeof(void));
        var allBody = Expression.Block(
            [.. builder.Variables, failed],
            [.. prologue, Expression.IfThen(failed, Expression.Return(done)),
             .. tests.Select((t, i) => (Expression)Expression.Assign(Expression.ArrayAccess(results, Expression.Constant(i)), t)),
             Expression.Label(done)]);
        _all = Expression.Lambda<Action<T, bool[]>>(allBody, input, results).Compile();

        // Outputs: one delegate per rule with an OutputExpression (globals, the rule's locals, the value; null on any failure).
        _outputs = [.. enabled.Select(r =>
        {
            if (r.Actions?.OnSuccess?.Name != "OutputExpression")
            {
                return null;
            }

            var outputBuilder = new FastPathBuilder(new RuleCompiler(settings, Inputs), input, [.. inputNames.Skip(1).Select(n => Expression.Variable(typeof(T), n))]);
            var outputGlobals = outputBuilder.Globals(workflow.GlobalParams ?? [], settings.EnableScopedParams, out var outputVisible);
            if (outputGlobals is null || outputBuilder.Output(r, outputVisible, settings.EnableScopedParams) is not { } output)
            {
                return null;
            }

            var body = Expression.TryCatch(
                Expression.Block(typeof(object), outputBuilder.Variables, [.. outputGlobals, output]),
                Expression.Catch(typeof(Exception), Expression.Constant(null, typeof(object))));
            return Expression.Lambda<Func<T, object?>>(body, input).Compile();
        })];

        List<Expression> WrapGlobals(List<Expression> assigns) => assigns.Count == 0 ? [] :
            [Expression.TryCatch(Expression.Block(typeof(void), assigns), Expression.Catch(typeof(Exception), Expression.Block(typeof(void), Expression.Assign(failed, Expression.Constant(true)))))];
    }

    /// <summary>Names of the enabled top-level rules; indexes of <see cref="FirstMatch"/>, <see cref="MatchMask"/> and <see cref="Matches"/> refer to it.</summary>
    public IReadOnlyList<string> RuleNames { get; }

    public IReadOnlyList<string?> SuccessEvents { get; }

    /// <summary>Index of the first rule that succeeds, or -1. Allocation-free.</summary>
    public int FirstMatch(T input) => _firstMatch(input);

    /// <summary>Bit i set when rule i (of the first 64) succeeds. Allocation-free.</summary>
    public ulong MatchMask(T input) => _mask(input);

    /// <summary>Fills <paramref name="results"/> (length ≥ rule count) with each rule's success. Allocation-free.</summary>
    public void Matches(T input, bool[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Length < RuleNames.Count)
        {
            throw new ArgumentException($"Need room for {RuleNames.Count} results.", nameof(results));
        }

        _all(input, results);
    }

    /// <summary>What rule <paramref name="index"/>'s OnSuccess OutputExpression action gives for this input (with the global
    /// and local params in scope), or null when the rule has none or it or a param throws. Allocates only to box a value.</summary>
    public object? Output(int index, T input) => _outputs[index] is { } output ? output(input) : null;

    public IReadOnlyList<RuleResultTree> Execute(T input) => Execute(Values(input));

    public IReadOnlyList<RuleResultTree> Explain(T input) => Explain(Values(input));

    // Every input name is the same object.
    private object?[] Values(T input)
    {
        var values = new object?[Inputs.Count];
        Array.Fill(values, input);
        return values;
    }

    private static TDelegate Lambda<TDelegate>(ParameterExpression input, FastPathBuilder builder, ParameterExpression failed,
        List<Expression> prologue, LabelTarget ret, Expression whenGlobalsFail, IEnumerable<Expression> body, params ParameterExpression[] extra)
    {
        var block = Expression.Block(
            [.. builder.Variables, failed, .. extra],
            [.. prologue, Expression.IfThen(failed, Expression.Return(ret, whenGlobalsFail)), .. body, Expression.Label(ret, whenGlobalsFail)]);
        return Expression.Lambda<TDelegate>(block, input).Compile();
    }
}
