using System.Globalization;
using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions.Internal;

namespace LedgerGrpc.Rules.Expressions;

/// <summary>Renders a bound expression back in the rule language's own syntax (input1.TotalSpend &gt;= 100000), hiding
/// the conversions and run-time helpers the binder inserted, for explanations and diagnostics.</summary>
public static class ExpressionText
{
    public static string Render(Expression e) => e switch
    {
        ParameterExpression p => p.Name ?? "it",
        ConstantExpression c => Value(c.Value),
        MemberExpression { Expression: null } m => $"{m.Member.DeclaringType?.Name}.{m.Member.Name}",
        MemberExpression m => $"{Render(m.Expression!)}.{m.Member.Name}",
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } u => Render(u.Operand),
        UnaryExpression { NodeType: ExpressionType.Not } u => $"!{Render(u.Operand)}",
        UnaryExpression { NodeType: ExpressionType.Negate } u => $"-{Render(u.Operand)}",
        BinaryExpression { NodeType: ExpressionType.ArrayIndex } b => $"{Render(b.Left)}[{Render(b.Right)}]",
        BinaryExpression b when Symbol(b.NodeType) is { } op => $"({Render(b.Left)} {op} {Render(b.Right)})",
        ConditionalExpression c => $"({Render(c.Test)} ? {Render(c.IfTrue)} : {Render(c.IfFalse)})",
        LambdaExpression l => $"{string.Join(", ", l.Parameters.Select(Render))} => {Render(l.Body)}",
        MethodCallExpression call => Call(call),
        IndexExpression i => $"{Render(i.Object!)}[{string.Join(", ", i.Arguments.Select(Render))}]",
        BlockExpression block => Render(block.Expressions[^1]),
        TryExpression t => Render(t.Body),
        MemberInitExpression init => $"new ({string.Join(", ", init.Bindings.OfType<MemberAssignment>().Select(a => $"{Render(a.Expression)} as {a.Member.Name}"))})",
        _ => e.ToString(),
    };

    /// <summary>A value as the language would write it: strings quoted, booleans lower-case, numbers culture-invariant.</summary>
    public static string Value(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        char ch => "'" + ch + "'",
        bool b => b ? "true" : "false",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static string? Symbol(ExpressionType type) => type switch
    {
        ExpressionType.Equal => "==",
        ExpressionType.NotEqual => "!=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => "≥",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "≤",
        ExpressionType.AndAlso => "&&",
        ExpressionType.OrElse => "||",
        ExpressionType.Add => "+",
        ExpressionType.Subtract => "-",
        ExpressionType.Multiply => "*",
        ExpressionType.Divide => "/",
        ExpressionType.Modulo => "%",
        ExpressionType.Coalesce => "??",
        _ => null,
    };

    private static string Call(MethodCallExpression call)
    {
        var args = call.Arguments;
        if (call.Method.DeclaringType == typeof(RuleClock) && args is [_, ConstantExpression { Value: string which }])
        {
            return (call.Method.Name == nameof(RuleClock.ReadOffset) ? "DateTimeOffset." : "DateTime.") + which;
        }

        if (call.Method.DeclaringType == typeof(ExpressionGuards))
        {
            // Guards stand in for the method the author wrote: show that one.
            return call.Method.Name switch
            {
                nameof(ExpressionGuards.Produced) or nameof(ExpressionGuards.Format) => Render(args[0]),
                nameof(ExpressionGuards.NewString) => $"new string({string.Join(", ", args.Select(Render))})",
                nameof(ExpressionGuards.Range) or nameof(ExpressionGuards.Repeat) => $"Enumerable.{call.Method.Name}({string.Join(", ", args.Select(Render))})",
                _ => $"{Render(args[0])}.{call.Method.Name}({string.Join(", ", args.Skip(1).Select(Render))})",
            };
        }

        if (call.Object is not null)
        {
            // The rewriter adds StringComparison.Ordinal to StartsWith/EndsWith/IndexOf; the author did not write it.
            var shown = call.Object.Type == typeof(string) && args is [_, ConstantExpression { Value: StringComparison.Ordinal }] ? args.Take(1) : args;
            return $"{Render(call.Object)}.{call.Method.Name}({string.Join(", ", shown.Select(Render))})";
        }

        // Extension-style LINQ calls read as source.Method(args); other statics as Type.Method(args).
        return call.Method.DeclaringType == typeof(Enumerable) && args.Count > 0
            ? $"{Render(args[0])}.{call.Method.Name}({string.Join(", ", args.Skip(1).Select(Render))})"
            : $"{call.Method.DeclaringType?.Name}.{call.Method.Name}({string.Join(", ", args.Select(a => a is ConstantExpression { Value: IFormatProvider } ? null : Render(a)).OfType<string>())})";
    }
}
