using System.Globalization;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>Run-time conversions for untyped (JSON-derived, <c>object</c>) values, used only when an operand's static type is object.</summary>
internal static class RuntimeOps
{
    public static object? Member(IDictionary<string, object?>? target, string name)
    {
        if (target is null)
        {
            return null;
        }

        if (target.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var pair in target)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>Late-bound member read on an object-typed value (Dynamic.Core's dynamic member access).</summary>
    public static object? DynamicMember(object? target, string name)
    {
        if (target is null)
        {
            throw new InvalidOperationException();
        }

        if (target is IDictionary<string, object?> dictionary)
        {
            return Member(dictionary, name);
        }

        const System.Reflection.BindingFlags flags = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase;
        var type = target.GetType();
        if (type == typeof(string) && string.Equals(name, "Length", StringComparison.OrdinalIgnoreCase))
        {
            return ((string)target).Length;
        }

        if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType)
        {
            throw new InvalidOperationException($"'{type.Name}' does not contain a definition for '{name}'");
        }

        if (type.GetField(name, flags) is { } field)
        {
            return field.GetValue(target);
        }

        return type.GetProperty(name, flags) is { } property && property.GetIndexParameters().Length == 0
            ? property.GetValue(target)
            : throw new InvalidOperationException($"'{type.Name}' does not contain a definition for '{name}'");
    }

    public static object? Index(object? target, object? index) => target switch
    {
        IDictionary<string, object?> d when index is string key => Member(d, key),
        System.Collections.IList list when ToDecimal(index) is { } i && i >= 0 && i < list.Count => list[(int)i],
        _ => null,
    };

    public static DateTime Clock(TimeProvider? clock, string which)
    {
        clock ??= TimeProvider.System;
        return which switch
        {
            "UtcNow" => clock.GetUtcNow().UtcDateTime,
            "Today" => clock.GetLocalNow().DateTime.Date,
            _ => clock.GetLocalNow().DateTime,
        };
    }

    public static decimal? ToDecimal(object? value) => value switch
    {
        null => null,
        decimal d => d,
        string s => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        bool b => b ? 1 : 0,
        IConvertible c => c.ToDecimal(CultureInfo.InvariantCulture),
        _ => null,
    };

    public static bool? ToBoolean(object? value) => value switch
    {
        null => null,
        bool b => b,
        string s => bool.TryParse(s, out var b) ? b : null,
        _ => null,
    };

    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static bool AreEqual(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left is string || right is string)
        {
            return string.Equals(ToText(left), ToText(right), StringComparison.Ordinal);
        }

        var l = ToDecimal(left);
        var r = ToDecimal(right);
        return l.HasValue && r.HasValue ? l.Value == r.Value : left.Equals(right);
    }

    public static int? Compare(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }

        if (left is string ls && right is string rs)
        {
            return string.CompareOrdinal(ls, rs);
        }

        var l = ToDecimal(left);
        var r = ToDecimal(right);
        return l.HasValue && r.HasValue ? l.Value.CompareTo(r.Value) : null;
    }
}
