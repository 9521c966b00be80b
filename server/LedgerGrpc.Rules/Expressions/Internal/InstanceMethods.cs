using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>The allow-listed instance methods of non-string values: ToString on any value (culture-invariant), date and
/// time arithmetic on DateTime/TimeSpan, CompareTo/Equals on primitives, GetValueOrDefault on nullables.</summary>
internal sealed class InstanceMethods(ExpressionParser parser)
{
    private static readonly HashSet<string> DateTimeMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "AddDays", "AddHours", "AddMinutes", "AddSeconds", "AddMilliseconds", "AddMonths", "AddYears", "AddTicks", "Add",
        "Subtract", "CompareTo", "Equals", "ToUniversalTime",
    };

    private static readonly HashSet<string> TimeSpanMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "Add", "Subtract", "Negate", "Duration", "CompareTo", "Equals",
    };

    private static readonly HashSet<string> PrimitiveMethods = new(StringComparer.OrdinalIgnoreCase) { "CompareTo", "Equals" };

    public Expression Bind(Expression target, string name, List<Expression> args, int pos)
    {
        var type = target.Type;
        if (name.Equals("ToString", StringComparison.OrdinalIgnoreCase) && type != typeof(object) && !typeof(DynamicShape).IsAssignableFrom(type))
        {
            return ToText(target, args, name, pos);
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null && name.Equals("GetValueOrDefault", StringComparison.OrdinalIgnoreCase) && args.Count <= 1)
        {
            return args.Count == 0
                ? Expression.Call(target, type.GetMethod("GetValueOrDefault", Type.EmptyTypes)!)
                : Expression.Call(target, type.GetMethod("GetValueOrDefault", [underlying])!, Expression.Convert(args[0], underlying));
        }

        var allowed = type == typeof(DateTime) ? DateTimeMethods
            : type == typeof(TimeSpan) ? TimeSpanMethods
            : type.IsPrimitive || type == typeof(decimal) ? PrimitiveMethods
            : null;
        if (allowed is not null && allowed.Contains(name))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!method.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || method.GetParameters() is not { } ps || ps.Length != args.Count)
                {
                    continue;
                }

                if (ps.Select((p, i) => Fits(args[i].Type, p.ParameterType)).All(b => b))
                {
                    return Expression.Call(target, method, args.Select((a, i) => a.Type == ps[i].ParameterType ? a : (Expression)Expression.Convert(a, ps[i].ParameterType)));
                }
            }
        }

        throw parser.Error($"No applicable method '{name}' exists in type '{type.Name}'", pos, name.Length);
    }

    private Expression ToText(Expression target, List<Expression> args, string name, int pos)
    {
        if (args.Count == 0)
        {
            return Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.ToText))!, Expression.Convert(target, typeof(object)));
        }

        if (args is [{ Type: var t } format] && t == typeof(string) && typeof(IFormattable).IsAssignableFrom(target.Type))
        {
            return Expression.Call(
                target,
                target.Type.GetMethod("ToString", [typeof(string), typeof(IFormatProvider)])!,
                format,
                Expression.Constant(CultureInfo.InvariantCulture, typeof(IFormatProvider)));
        }

        throw parser.Error($"No applicable method '{name}' exists in type '{target.Type.Name}'", pos, name.Length);
    }

    private static bool Fits(Type argument, Type parameter) =>
        argument == parameter
        || (parameter == typeof(double) && (argument == typeof(int) || argument == typeof(long) || argument == typeof(float)))
        || (parameter == typeof(long) && argument == typeof(int))
        || (parameter == typeof(object) && !argument.IsPointer);
}
