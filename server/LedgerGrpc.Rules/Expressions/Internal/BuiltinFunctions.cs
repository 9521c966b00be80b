using System.Linq.Expressions;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>The allow-listed functions: np(), iif(), type conversions (int(), decimal(), Convert.ToX, ...) and Math.*.
/// Anything not listed here is unreachable from an expression.</summary>
internal sealed class BuiltinFunctions(ExpressionParser parser)
{
    private static readonly Dictionary<string, Type> Conversions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["int"] = typeof(int), ["Int32"] = typeof(int), ["ToInt32"] = typeof(int),
        ["long"] = typeof(long), ["Int64"] = typeof(long), ["ToInt64"] = typeof(long),
        ["decimal"] = typeof(decimal), ["ToDecimal"] = typeof(decimal),
        ["double"] = typeof(double), ["ToDouble"] = typeof(double),
        ["bool"] = typeof(bool), ["Boolean"] = typeof(bool), ["ToBoolean"] = typeof(bool),
        ["string"] = typeof(string), ["String"] = typeof(string), ["ToString"] = typeof(string),
    };

    private static readonly string[] MathMethods = ["Abs", "Round", "Floor", "Ceiling", "Min", "Max", "Pow", "Sqrt", "Truncate", "Sign"];

    public Expression? TryParse(string name, int start)
    {
        parser.SkipSpace();
        var hasDot = parser.Position < parser.Length && parser.CurrentChar == '.';
        if (name.Equals("DateTime", StringComparison.OrdinalIgnoreCase) || name.Equals("TimeSpan", StringComparison.OrdinalIgnoreCase)
            || name.Equals("StringComparison", StringComparison.OrdinalIgnoreCase) || (hasDot && name.Equals("string", StringComparison.OrdinalIgnoreCase)))
        {
            return new StaticMembers(parser).Parse(name, start);
        }

        if (hasDot && Conversions.TryGetValue(name, out var parseType) && !name.StartsWith("To", StringComparison.OrdinalIgnoreCase) && parseType != typeof(string))
        {
            return PrimitiveStatic(parseType);
        }

        if (name.Equals("Convert", StringComparison.OrdinalIgnoreCase) || name.Equals("Math", StringComparison.OrdinalIgnoreCase))
        {
            parser.Expect(".");
            var memberStart = parser.Position;
            var member = parser.ReadIdentifier() ?? throw parser.Error("Identifier expected", parser.Position, 1);
            var args = parser.ParseArguments();
            return name.Equals("Math", StringComparison.OrdinalIgnoreCase)
                ? MathCall(member, args, memberStart)
                : Conversions.TryGetValue(member, out var ct) && member.StartsWith("To", StringComparison.OrdinalIgnoreCase) && args.Count == 1
                    ? Convert(args[0], ct)
                    : throw parser.Error($"No applicable method '{member}' exists in type 'Convert'", memberStart, member.Length);
        }

        if (parser.Position >= parser.Length || parser.CurrentChar != '(')
        {
            return null;
        }

        var arguments = parser.ParseArguments();
        if (name.Equals("np", StringComparison.OrdinalIgnoreCase) && arguments.Count is 1 or 2)
        {
            return NullPropagate(arguments, start);
        }

        if (name.Equals("iif", StringComparison.OrdinalIgnoreCase) && arguments.Count == 3)
        {
            return parser.MakeConditional(parser.ToBool(arguments[0], start), arguments[1], arguments[2], start);
        }

        if (Conversions.TryGetValue(name, out var type) && !name.StartsWith("To", StringComparison.OrdinalIgnoreCase) && arguments.Count == 1)
        {
            return Convert(arguments[0], type);
        }

        throw parser.Error($"Unknown identifier '{name}'", start, name.Length);
    }

    // A null anywhere in the member chain yields the default (or null): each link is tested before it is dereferenced.
    private Expression NullPropagate(List<Expression> args, int start)
    {
        var value = args[0];
        if (value is not (MemberExpression or ParameterExpression or MethodCallExpression) || ReadsDynamically(value))
        {
            throw parser.Error("The 'np' (null-propagation) function requires the first argument to be a MemberExpression, ParameterExpression or MethodCallExpression", start, 2);
        }

        var resultType = value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
            ? typeof(Nullable<>).MakeGenericType(value.Type)
            : value.Type;
        Expression fallback = Expression.Constant(null, resultType);
        if (args.Count == 2)
        {
            var d = args[1];
            if (value.Type.IsValueType && (d.Type == value.Type || d.Type == Nullable.GetUnderlyingType(value.Type)))
            {
                resultType = d.Type;
            }

            fallback = d.Type == resultType ? d : Expression.Convert(d, resultType);
        }

        var steps = new List<Expression>();
        var root = value;
        while (root is MemberExpression { Expression: { } inner } || root is MethodCallExpression { Object: not null })
        {
            steps.Add(root);
            root = root is MemberExpression m ? m.Expression! : ((MethodCallExpression)root).Object!;
        }

        steps.Reverse();
        return Guard(root, 0);

        Expression Guard(Expression target, int i)
        {
            Expression next;
            if (i == steps.Count)
            {
                next = target.Type == resultType ? target : Expression.Convert(target, resultType);
                if (args.Count == 1 || !CanBeNull(target.Type))
                {
                    return next;
                }
            }

            if (!CanBeNull(target.Type))
            {
                return Guard(Rebind(steps[i], target), i + 1);
            }

            var v = Expression.Variable(target.Type);
            next = i == steps.Count ? (v.Type == resultType ? v : Expression.Convert(v, resultType)) : Guard(Rebind(steps[i], v), i + 1);
            return Expression.Block(
                resultType,
                [v],
                Expression.Assign(v, target),
                Expression.Condition(Expression.Equal(v, Expression.Constant(null, v.Type)), fallback, next));
        }
    }

    private static bool CanBeNull(Type t) => !t.IsValueType || Nullable.GetUnderlyingType(t) is not null;

    private static Expression Rebind(Expression step, Expression target) => step switch
    {
        MemberExpression m => Expression.MakeMemberAccess(target, m.Member),
        MethodCallExpression c => Expression.Call(target, c.Method, c.Arguments),
        _ => throw new InvalidOperationException("Unexpected null-propagation step."),
    };

    private static bool ReadsDynamically(Expression e) => e switch
    {
        MethodCallExpression c when c.Method.DeclaringType == typeof(RuntimeOps) && c.Method.Name == nameof(RuntimeOps.DynamicMember) => true,
        MethodCallExpression c => c.Object is not null && ReadsDynamically(c.Object),
        MemberExpression { Expression: { } inner } => ReadsDynamically(inner),
        _ => false,
    };

    private static Expression Convert(Expression value, Type type)
    {
        if (type == typeof(string))
        {
            return Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.ToText))!, Expression.Convert(value, typeof(object)));
        }

        if (value.Type == typeof(object) || value.Type == typeof(string))
        {
            var method = typeof(System.Convert).GetMethod("To" + type.Name, [typeof(object), typeof(IFormatProvider)])!;
            return Expression.Call(method, Expression.Convert(value, typeof(object)), Expression.Constant(System.Globalization.CultureInfo.InvariantCulture, typeof(IFormatProvider)));
        }

        return Expression.Convert(value, type);
    }

    // int.Parse("1"), decimal.MaxValue, ...: parsing is culture-invariant.
    private Expression PrimitiveStatic(Type type)
    {
        parser.Expect(".");
        var memberStart = parser.Position;
        var member = parser.ReadIdentifier() ?? throw parser.Error("Identifier expected", parser.Position, 1);
        if (member is "MaxValue" or "MinValue" && type.GetField(member) is { } field)
        {
            return Expression.Field(null, field);
        }

        var args = parser.ParseArguments();
        if (member.Equals("Parse", StringComparison.OrdinalIgnoreCase) && args is [{ } text] && text.Type == typeof(string))
        {
            var withCulture = type.GetMethod("Parse", [typeof(string), typeof(IFormatProvider)]);
            return withCulture is not null
                ? Expression.Call(withCulture, text, Expression.Constant(System.Globalization.CultureInfo.InvariantCulture, typeof(IFormatProvider)))
                : Expression.Call(type.GetMethod("Parse", [typeof(string)])!, text);
        }

        throw parser.Error($"No applicable method '{member}' exists in type '{type.Name}'", memberStart, member.Length);
    }

    private Expression MathCall(string name, List<Expression> args, int pos)
    {
        var allowed = MathMethods.FirstOrDefault(m => m.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw parser.Error($"No applicable method '{name}' exists in type 'Math'", pos, name.Length);

        // Untyped (JSON) arguments are taken as decimal, the type their comparisons use.
        args = [.. args.Select(a => a.Type == typeof(object)
            ? Expression.Convert(Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.ToDecimal))!, a), typeof(decimal))
            : a)];
        foreach (var candidate in typeof(Math).GetMethods().Where(m => m.Name == allowed))
        {
            var ps = candidate.GetParameters();
            if (ps.Length != args.Count)
            {
                continue;
            }

            if (ps.Select((p, i) => p.ParameterType == args[i].Type || (args[i].Type == typeof(int) && p.ParameterType == ps[0].ParameterType && i > 0)).All(b => b))
            {
                return Expression.Call(candidate, args.Select((a, i) => a.Type == ps[i].ParameterType ? a : (Expression)Expression.Convert(a, ps[i].ParameterType)));
            }
        }

        throw parser.Error($"No applicable method '{name}' exists in type 'Math'", pos, name.Length);
    }
}
