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
            return NullPropagate(arguments);
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

    // A null anywhere in the chain yields the default (or null) instead of a NullReferenceException.
    private static Expression NullPropagate(List<Expression> args)
    {
        var value = args[0];
        var resultType = value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
            ? typeof(Nullable<>).MakeGenericType(value.Type)
            : value.Type;
        Expression fallback = Expression.Constant(null, resultType);
        if (args.Count == 2)
        {
            var d = args[1];
            resultType = value.Type == d.Type || d.Type == Nullable.GetUnderlyingType(resultType) ? (value.Type.IsValueType ? value.Type : resultType) : resultType;
            fallback = d.Type == resultType ? d : Expression.Convert(d, resultType);
        }

        var body = value.Type == resultType ? value : Expression.Convert(value, resultType);
        if (args.Count == 2 && !value.Type.IsValueType)
        {
            body = Expression.Coalesce(body, fallback);
        }

        return Expression.TryCatch(body, Expression.Catch(typeof(NullReferenceException), fallback));
    }

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
