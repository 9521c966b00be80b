using System.Globalization;
using System.Linq.Expressions;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>Allow-listed static members of DateTime, TimeSpan, string and StringComparison.</summary>
internal sealed class StaticMembers(ExpressionParser parser)
{
    private static readonly string[] DateTimeProperties = ["Now", "UtcNow", "Today", "MinValue", "MaxValue"];
    private static readonly string[] TimeSpanFactories = ["FromDays", "FromHours", "FromMinutes", "FromSeconds", "FromMilliseconds"];
    private static readonly string[] StringStatics = ["IsNullOrEmpty", "IsNullOrWhiteSpace", "Equals", "Compare", "Concat"];

    private static object? TryConstruct(System.Reflection.ConstructorInfo ctor, List<Expression> args)
    {
        try
        {
            return ctor.Invoke([.. args.Select(a => ((ConstantExpression)a).Value)]);
        }
        catch (System.Reflection.TargetInvocationException)
        {
            return null; // out-of-range parts: keep the constructor call so the rule fails when it runs, as before
        }
    }

    public Expression Parse(string typeName, int start)
    {
        if (typeName.Equals("DateTime", StringComparison.OrdinalIgnoreCase) && parser.Position < parser.Length && parser.CurrentChar == '(')
        {
            var ctorArgs = parser.ParseArguments();
            var ctor = typeof(DateTime).GetConstructor([.. ctorArgs.Select(_ => typeof(int))]);
            if (ctor is null || ctorArgs.Any(a => a.Type != typeof(int)))
            {
                throw parser.Error("No matching constructor in type 'DateTime'", start, typeName.Length);
            }

            return ctorArgs.All(a => a is ConstantExpression) && TryConstruct(ctor, ctorArgs) is { } value
                ? Expression.Constant(value)
                : Expression.New(ctor, ctorArgs);
        }

        parser.Expect(".");
        var memberStart = parser.Position;
        var member = parser.ReadIdentifier() ?? throw parser.Error("Identifier expected", parser.Position, 1);
        if (typeName.Equals("StringComparison", StringComparison.OrdinalIgnoreCase))
        {
            return Enum.TryParse<StringComparison>(member, ignoreCase: true, out var sc)
                ? Expression.Constant(sc)
                : throw parser.Error($"No property or field '{member}' exists in type 'StringComparison'", memberStart, member.Length);
        }

        if (typeName.Equals("DateTime", StringComparison.OrdinalIgnoreCase))
        {
            if (DateTimeProperties.FirstOrDefault(p => p.Equals(member, StringComparison.OrdinalIgnoreCase)) is { } prop)
            {
                if (prop is "Now" or "UtcNow" or "Today")
                {
                    // The host's clock (TimeProvider), so rules over "now" are testable and consistent with the server.
                    return Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.Clock))!, Expression.Constant(parser.Options.Clock, typeof(TimeProvider)), Expression.Constant(prop));
                }

                return Expression.MakeMemberAccess(null, (System.Reflection.MemberInfo?)typeof(DateTime).GetProperty(prop) ?? typeof(DateTime).GetField(prop)!);
            }

            if (member.Equals("Parse", StringComparison.OrdinalIgnoreCase) && parser.ParseArguments() is [{ } text] && text.Type == typeof(string))
            {
                // A literal date is parsed once, here, instead of on every evaluation (a bad literal still fails at run time).
                if (text is ConstantExpression { Value: string literal }
                    && DateTime.TryParse(literal, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    return Expression.Constant(parsed);
                }

                return Expression.Call(
                    typeof(DateTime).GetMethod(nameof(DateTime.Parse), [typeof(string), typeof(IFormatProvider)])!,
                    text,
                    Expression.Constant(CultureInfo.InvariantCulture, typeof(IFormatProvider)));
            }

            throw parser.Error($"No property or field '{member}' exists in type 'DateTime'", memberStart, member.Length);
        }

        var args = parser.ParseArguments();
        var (type, allowed) = typeName.Equals("TimeSpan", StringComparison.OrdinalIgnoreCase)
            ? (typeof(TimeSpan), TimeSpanFactories)
            : (typeof(string), StringStatics);
        var name = allowed.FirstOrDefault(a => a.Equals(member, StringComparison.OrdinalIgnoreCase));
        var method = name is null ? null : type.GetMethods().FirstOrDefault(m => m.IsStatic && m.Name == name
            && m.GetParameters() is var ps && ps.Length == args.Count
            && ps.Select((p, i) => p.ParameterType == args[i].Type || (p.ParameterType == typeof(double) && args[i].Type == typeof(int))
                || (p.ParameterType == typeof(string) && args[i].Type == typeof(object) && ExpressionParser.IsLenient(args[i]))).All(b => b));
        if (method is null)
        {
            throw parser.Error($"No applicable method '{member}' exists in type '{type.Name}'", memberStart, member.Length);
        }

        var parameters = method.GetParameters();
        return Expression.Call(method, args.Select((a, i) =>
            a.Type == parameters[i].ParameterType ? a
            : parameters[i].ParameterType == typeof(string) ? Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.ToText))!, a)
            : (Expression)Expression.Convert(a, parameters[i].ParameterType)));
    }
}
