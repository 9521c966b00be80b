using System.Collections.Concurrent;
using System.Linq.Expressions;

namespace LedgerGrpc.Rules.Internal;

/// <summary>An OutputExpression as RulesEngine runs it: parsed when the action runs, against the rule's inputs and params
/// typed by their values (a RuleParameter made from a value is typed <c>value.GetType()</c>, <c>object</c> for null), not by
/// their declared types. So a local param declared <c>double?</c> holding 59.9 is a <c>double</c> there (<c>p ?? 0</c> does
/// not parse), and one holding the iterator of a <c>Where</c> is that iterator's class. The delegate compiled for the
/// declared types runs whenever the values have exactly those types (the usual case); other type combinations are
/// compiled once each.</summary>
internal sealed class RuntimeTypedOutput
{
    private const int MaxRetyped = 64;
    private readonly RuleCompiler _compiler;
    private readonly string _text;
    private readonly ScopeVar[] _scope;
    private readonly ScopeVar[] _used;
    private readonly Func<object?[], object?>? _declared;
    private readonly string? _declaredError;
    private readonly ConcurrentDictionary<string, (Func<object?[], object?>? Output, string? Error)> _retyped = new(StringComparer.Ordinal);

    /// <param name="body">The expression bound with the declared types, or null when it does not bind with them
    /// (<paramref name="declaredError"/>): the values' types may still make it parse, as in RulesEngine
    /// (<c>lp + null</c> with <c>lp</c> declared object and holding a string).</param>
    public RuntimeTypedOutput(RuleCompiler compiler, string text, IReadOnlyList<ScopeVar> scope, Expression? body, string? declaredError)
    {
        _compiler = compiler;
        _text = text;
        _scope = [.. scope];
        if (body is null)
        {
            _used = _scope;
            _declaredError = declaredError;
            return;
        }

        var used = EnvLambda.UsedParameters(body);
        _used = [.. _scope.Where(v => used.Contains(v.Parameter))];
        _declared = EnvLambda.Compile<object?>(body, _scope);
    }

    public object? Run(object?[] env)
    {
        Type[]? types = null;
        for (var i = 0; i < _used.Length; i++)
        {
            var actual = env[_used[i].Slot]?.GetType() ?? typeof(object);
            if (actual != _used[i].Parameter.Type)
            {
                types ??= [.. _used.Select(u => u.Parameter.Type)];
                types[i] = actual;
            }
        }

        if (types is null)
        {
            return _declared is null ? throw new RuleException(_declaredError!) : _declared(env);
        }

        var key = string.Join("\u0001", types.Select(t => t.AssemblyQualifiedName));
        var (output, error) = _retyped.TryGetValue(key, out var cached) ? cached : Remember(key, Compile(types));
        return output is null ? throw new RuleException(error!) : output(env);
    }

    // Types come from values: bounded, and past the bound compiled afresh rather than kept.
    private (Func<object?[], object?>?, string?) Remember(string key, (Func<object?[], object?>?, string?) compiled) =>
        _retyped.Count < MaxRetyped ? _retyped.GetOrAdd(key, compiled) : compiled;

    private (Func<object?[], object?>? Output, string? Error) Compile(Type[] types)
    {
        var scope = _scope.Select(v => Array.IndexOf(_used, v) is var i and >= 0
            ? new ScopeVar(Expression.Parameter(types[i], v.Name), v.Slot)
            : v).ToArray();
        var bound = _compiler.Bind(_text, scope);
        return bound.Body is null || bound.Diagnostics.Count > 0 ? (null, bound.Error) : (EnvLambda.Compile<object?>(bound.Body, scope), null);
    }
}
