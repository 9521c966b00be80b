using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LedgerGrpc.Rules.Internal;

/// <summary>RuleResultTree.Inputs without copying: the visible names of a rule over the execution's environment array.</summary>
internal sealed class ScopeView(ScopeVar[] vars, object?[] env) : IReadOnlyDictionary<string, object?>
{
    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => vars.Select(v => v.Name);

    public IEnumerable<object?> Values => vars.Select(v => env[v.Slot]);

    public int Count => vars.Length;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        // Innermost scope wins, like the expression binder.
        for (var i = vars.Length - 1; i >= 0; i--)
        {
            if (vars[i].Name == key)
            {
                value = env[vars[i].Slot];
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        vars.Select(v => new KeyValuePair<string, object?>(v.Name, env[v.Slot])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
