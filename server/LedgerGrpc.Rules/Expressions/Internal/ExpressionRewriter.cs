using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>After the sandbox accepted a parsed tree: DateTime.Now / UtcNow / Today (and DateTimeOffset's) read the
/// host's clock, and string-growing or sequence-generating calls go through <see cref="ExpressionGuards"/>. A tree that
/// uses a guard starts by resetting the evaluation's budget. Also, without changing any answer: literal dates, times,
/// Guids and numbers given as text or parts (DateTime.Parse("2024-06-01"), DateTime(2024, 6, 1), TimeSpan.FromDays(1),
/// conversions of literals) are computed once here instead of at every evaluation, and culture-sensitive string
/// search runs ordinally when the process runs with invariant globalization (where it is ordinal anyway). With
/// <see cref="ExpressionOptions.CustomCallFailed"/>, each call to a custom type's static method reports the exceptions
/// that leave it (then rethrows them).</summary>
internal sealed class ExpressionRewriter(TimeProvider? clock, ExpressionOptions? options = null) : DynamicExpressionVisitor
{
    private static readonly MethodInfo Begin = Guard(nameof(ExpressionGuards.Begin));
    private static readonly MethodInfo Produced = Guard(nameof(ExpressionGuards.Produced));
    private static readonly MethodInfo Format = Guard(nameof(ExpressionGuards.Format));
    private static readonly HashSet<Type> FoldableTypes =
        [typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid), typeof(DateOnly), typeof(TimeOnly), typeof(decimal),
         typeof(int), typeof(long), typeof(double), typeof(float), typeof(short), typeof(byte), typeof(bool)];

    private static readonly bool InvariantGlobalization =
        AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant;
    private bool _guarded;

    public static Expression Rewrite(Expression body, ExpressionOptions options)
    {
        var rewriter = new ExpressionRewriter(options.Clock, options);
        var rewritten = rewriter.Visit(body)!;
        return rewriter._guarded ? Expression.Block(rewritten.Type, Expression.Call(Begin), rewritten) : rewritten;
    }

    public override Expression? Visit(Expression? node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return base.Visit(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (node.Expression is null && node.Member.Name is "Now" or "UtcNow" or "Today")
        {
            if (node.Member.DeclaringType == typeof(DateTime))
            {
                return Expression.Call(typeof(RuleClock).GetMethod(nameof(RuleClock.Read))!, Expression.Constant(clock, typeof(TimeProvider)), Expression.Constant(node.Member.Name));
            }

            if (node.Member.DeclaringType == typeof(DateTimeOffset))
            {
                return Expression.Call(typeof(RuleClock).GetMethod(nameof(RuleClock.ReadOffset))!, Expression.Constant(clock, typeof(TimeProvider)), Expression.Constant(node.Member.Name));
            }
        }

        return base.VisitMember(node);
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var visited = (MethodCallExpression)base.VisitMethodCall(node);
        var method = visited.Method;
        if (method.IsStatic && FoldableTypes.Contains(method.DeclaringType!) && method.Name is "Parse" or "FromDays" or "FromHours" or "FromMinutes"
            or "FromSeconds" or "FromMilliseconds" && TryFold(visited) is { } folded)
        {
            return folded;
        }

        if (InvariantGlobalization && !method.IsStatic && method.DeclaringType == typeof(string)
            && method.Name is nameof(string.StartsWith) or nameof(string.EndsWith) or nameof(string.IndexOf)
            && method.GetParameters() is [{ ParameterType: var only }] && only == typeof(string))
        {
            var ordinal = typeof(string).GetMethod(method.Name, [typeof(string), typeof(StringComparison)])!;
            return Expression.Call(visited.Object, ordinal, visited.Arguments[0], Expression.Constant(StringComparison.Ordinal));
        }

        var args = FormatArguments(method, visited.Arguments);
        if (method.DeclaringType == typeof(string))
        {
            if (!method.IsStatic && method.Name is nameof(string.PadLeft) or nameof(string.PadRight) or nameof(string.Insert)
                || (method.Name == nameof(string.Replace) && method.GetParameters() is [{ ParameterType: var p }, ..] && p == typeof(string)))
            {
                // The instance becomes the guard's first argument: s.PadLeft(n) → ExpressionGuards.PadLeft(s, n).
                var guard = typeof(ExpressionGuards).GetMethod(method.Name, [typeof(string), .. method.GetParameters().Select(x => x.ParameterType)]);
                if (guard is not null)
                {
                    return Guarded(Expression.Call(guard, [visited.Object!, .. args]));
                }
            }

            if (method.IsStatic && method.ReturnType == typeof(string) && method.Name is nameof(string.Concat) or nameof(string.Join) or nameof(string.Format))
            {
                return Guarded(Expression.Call(Produced, Expression.Call(method, args)));
            }
        }

        if (method.DeclaringType == typeof(Enumerable) && method.Name is nameof(Enumerable.Range) or nameof(Enumerable.Repeat))
        {
            var guard = typeof(ExpressionGuards).GetMethods().Single(m => m.Name == method.Name && m.IsGenericMethod == method.IsGenericMethod);
            return Guarded(Expression.Call(method.IsGenericMethod ? guard.MakeGenericMethod(method.GetGenericArguments()) : guard, args));
        }

        var call = args == visited.Arguments ? visited : Guarded(visited.Update(visited.Object, args));
        return ReportsFailures(method) ? Reporting(call, method) : call;
    }

    private bool ReportsFailures(MethodInfo method) =>
        options?.CustomCallFailed is not null && method.IsStatic && options.CustomTypes is { } custom && custom.Contains(method.DeclaringType!);

    // try { call } catch (Exception e) { CustomCallFailed(method, e); throw; }
    private Expression Reporting(Expression call, MethodInfo method)
    {
        var error = Expression.Variable(typeof(Exception), "e");
        var report = Expression.Invoke(Expression.Constant(options!.CustomCallFailed), Expression.Constant(method, typeof(MethodInfo)), error);
        return Expression.TryCatch(call, Expression.Catch(error, Expression.Block(call.Type, report, Expression.Rethrow(call.Type))));
    }

    protected override Expression VisitNew(NewExpression node)
    {
        var visited = (NewExpression)base.VisitNew(node);
        if (FoldableTypes.Contains(visited.Type) && TryFold(visited) is { } folded)
        {
            return folded;
        }

        return visited.Constructor is { DeclaringType: var t } ctor && t == typeof(string)
            && ctor.GetParameters() is [{ ParameterType: var c }, { ParameterType: var n }] && c == typeof(char) && n == typeof(int)
            ? Guarded(Expression.Call(Guard(nameof(ExpressionGuards.NewString)), visited.Arguments))
            : visited;
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        var visited = base.VisitUnary(node);
        return visited is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked, Operand: ConstantExpression } convert
            && FoldableTypes.Contains(Nullable.GetUnderlyingType(convert.Type) ?? convert.Type) && TryFold(convert) is { } folded
            ? folded
            : visited;
    }

    // A pure computation over literals, done now. One that fails (DateTime.Parse("nonsense"), an overflow) is left to
    // fail at evaluation, where RulesEngine fails it.
    private static ConstantExpression? TryFold(Expression node)
    {
        var arguments = node switch
        {
            MethodCallExpression call => call.Arguments,
            NewExpression create => create.Arguments,
            UnaryExpression unary => [unary.Operand],
            _ => null,
        };
        if (arguments is null || arguments.Any(a => a is not ConstantExpression))
        {
            return null;
        }

        try
        {
            var value = Expression.Lambda<Func<object?>>(Expression.Convert(node, typeof(object))).Compile(preferInterpretation: true)();
            return Expression.Constant(value, node.Type);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidCastException
            or TargetInvocationException or InvalidOperationException)
        {
            return null;
        }
    }

    // A `string format` argument (ToString(format), string.Format, DateTime.ToString(format)) passes the width check.
    private IReadOnlyList<Expression> FormatArguments(MethodInfo method, IReadOnlyList<Expression> args)
    {
        var parameters = method.GetParameters();
        var index = Array.FindIndex(parameters, p => p.Name == "format" && p.ParameterType == typeof(string));
        if (index < 0)
        {
            return args;
        }

        _guarded = true;
        return [.. args.Select((a, i) => i == index ? Expression.Call(Format, a) : a)];
    }

    private Expression Guarded(Expression call)
    {
        _guarded = true;
        return call;
    }

    private static MethodInfo Guard(string name) =>
        typeof(ExpressionGuards).GetMethod(name)!;
}
