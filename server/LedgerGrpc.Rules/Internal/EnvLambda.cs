using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions.Internal;

namespace LedgerGrpc.Rules.Internal;

/// <summary>Compiles a bound expression into a delegate over the environment array (inputs, then scoped params by slot):
/// only the names the expression uses are read, each once, unboxed into a typed local.</summary>
internal static class EnvLambda
{
    public static readonly ParameterExpression Env = Expression.Parameter(typeof(object[]), "env");

    public static Expression WithScope(Expression body, IReadOnlyList<ScopeVar> scope, Type resultType)
    {
        var used = Used.Find(body);
        var vars = scope.Where(v => used.Contains(v.Parameter)).ToList();
        var result = body.Type == resultType ? body : Expression.Convert(body, resultType);
        return Expression.Block(
            resultType,
            vars.Select(v => v.Parameter),
            [.. vars.Select(v => Expression.Assign(v.Parameter, Expression.Convert(Expression.ArrayIndex(Env, Expression.Constant(v.Slot)), v.Parameter.Type))), result]);
    }

    // On a large stack: the tree is as deep as the expression is nested (see LargeStack).
    public static Func<object?[], T> Compile<T>(Expression body, IReadOnlyList<ScopeVar> scope) =>
        LargeStack.Run(() => Expression.Lambda<Func<object?[], T>>(WithScope(body, scope, typeof(T)), Env).Compile());

    /// <summary>The parameters <paramref name="body"/> reads.</summary>
    public static IReadOnlySet<ParameterExpression> UsedParameters(Expression body) => Used.Find(body);

    private sealed class Used : DynamicExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> _found = [];

        public static HashSet<ParameterExpression> Find(Expression e)
        {
            var v = new Used();
            v.Visit(e);
            return v._found;
        }

        public override Expression? Visit(Expression? node)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            return base.Visit(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found.Add(node);
            return node;
        }
    }
}
