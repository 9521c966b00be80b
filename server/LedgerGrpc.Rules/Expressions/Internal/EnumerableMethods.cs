using System.Linq.Expressions;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>LINQ methods callable on sequences (Any, Where, Sum, ...), with explicit (x =&gt; ...) or implicit (it) lambdas.</summary>
internal sealed class EnumerableMethods(ExpressionParser parser)
{
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Any", "All", "Count", "Where", "Sum", "Min", "Max", "Average", "Select", "First", "FirstOrDefault", "Last",
        "LastOrDefault", "Single", "SingleOrDefault", "Contains", "OrderBy", "OrderByDescending", "Take", "Skip", "Distinct", "ToList", "ToArray",
    };

    private static readonly HashSet<string> TakesLambda = new(StringComparer.OrdinalIgnoreCase)
    {
        "Any", "All", "Count", "Where", "Sum", "Min", "Max", "Average", "Select", "First", "FirstOrDefault", "Last",
        "LastOrDefault", "Single", "SingleOrDefault", "OrderBy", "OrderByDescending",
    };

    public static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            return type.GetGenericArguments()[0];
        }

        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    public Expression Bind(Expression source, Type element, string name, int pos)
    {
        var method = Allowed.FirstOrDefault(a => a.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw parser.Error($"No applicable method '{name}' exists in type '{source.Type.Name}'", pos, name.Length);
        parser.Expect("(");
        var args = new List<Expression>();
        if (!parser.TryOp(")"))
        {
            do
            {
                args.Add(TakesLambda.Contains(method) ? parser.ParseLambda(element) : parser.ParseConditional());
            }
            while (parser.TryOp(","));
            parser.Expect(")");
        }

        var sequence = Expression.Convert(source, typeof(IEnumerable<>).MakeGenericType(element));
        foreach (var candidate in typeof(Enumerable).GetMethods().Where(m => m.Name == method && m.GetParameters().Length == args.Count + 1))
        {
            var bound = TryMake(candidate, element, args);
            if (bound is not null)
            {
                var ps = bound.GetParameters();
                if (ps.Skip(1).Select((p, i) => p.ParameterType == args[i].Type || (args[i] is not LambdaExpression && p.ParameterType == element)).All(b => b))
                {
                    return Expression.Call(bound, [sequence, .. args.Select((a, i) => a.Type == ps[i + 1].ParameterType ? a : Expression.Convert(a, ps[i + 1].ParameterType))]);
                }
            }
        }

        throw parser.Error($"No applicable method '{name}' exists in type '{source.Type.Name}'", pos, name.Length);
    }

    private static System.Reflection.MethodInfo? TryMake(System.Reflection.MethodInfo candidate, Type element, List<Expression> args)
    {
        if (!candidate.IsGenericMethodDefinition)
        {
            return null;
        }

        var arity = candidate.GetGenericArguments().Length;
        try
        {
            if (arity == 1)
            {
                return candidate.MakeGenericMethod(element);
            }

            if (arity == 2 && args is [LambdaExpression lambda])
            {
                return candidate.MakeGenericMethod(element, lambda.ReturnType);
            }
        }
        catch (ArgumentException)
        {
            return null;
        }

        return null;
    }
}
