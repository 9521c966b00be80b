using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions.Internal;

namespace LedgerGrpc.Rules.Expressions;

/// <summary>Rewrites a bound body so that evaluating it records, through an <see cref="ExplainRecorder"/>, the value of every
/// member access, method call, comparison and logical sub-expression it evaluated (e.g. "input1.TotalSpend = 120000",
/// "(input1.TotalSpend >= 100000) = True"). Short-circuiting is preserved: unevaluated branches record nothing.</summary>
public static class ExplainInstrumenter
{
    public static Expression Instrument(Expression body, ParameterExpression recorder)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(recorder);
        if (recorder.Type != typeof(ExplainRecorder))
        {
            throw new ArgumentException("The recorder parameter must be of type ExplainRecorder.", nameof(recorder));
        }

        return new Rewriter(recorder).Visit(body)!;
    }

    private sealed class Rewriter(ParameterExpression recorder) : DynamicExpressionVisitor
    {
        private Expression Wrap(Expression original, Expression rewritten)
        {
            if (rewritten.Type == typeof(void))
            {
                return rewritten;
            }

            var record = typeof(ExplainRecorder).GetMethod(nameof(ExplainRecorder.Record))!.MakeGenericMethod(rewritten.Type);
            return Expression.Call(recorder, record, Expression.Constant(Describe(original)), rewritten);
        }

        private static string Describe(Expression e) => ExpressionText.Render(e);

        public override Expression? Visit(Expression? node)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            return base.Visit(node);
        }

        protected override Expression VisitMember(MemberExpression node) => Wrap(node, base.VisitMember(node));

        // The guards' plumbing (budget reset, result and format checks) is not something the author wrote: not recorded.
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.DeclaringType == typeof(ExpressionGuards) && node.Method.Name is nameof(ExpressionGuards.Begin) or nameof(ExpressionGuards.Produced) or nameof(ExpressionGuards.Format)
                ? base.VisitMethodCall(node)
                : Wrap(node, base.VisitMethodCall(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.Type != typeof(bool) || node.NodeType is not (ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.GreaterThan
                or ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual))
            {
                return Wrap(node, base.VisitBinary(node));
            }

            // Comparisons keep both operand values: evaluate each once into a local, compare, record all three.
            var left = Visit(node.Left)!;
            var right = Visit(node.Right)!;
            var l = Expression.Variable(left.Type);
            var r = Expression.Variable(right.Type);
            var record = typeof(ExplainRecorder).GetMethod(nameof(ExplainRecorder.RecordComparison))!;
            return Expression.Block(
                [l, r],
                Expression.Assign(l, left),
                Expression.Assign(r, right),
                Expression.Call(
                    recorder, record,
                    Expression.Constant(Describe(node)), Expression.Constant(ExpressionText.Render(node.Left)), Expression.Convert(l, typeof(object)),
                    Expression.Constant(ExpressionText.Symbol(node.NodeType)), Expression.Constant(ExpressionText.Render(node.Right)), Expression.Convert(r, typeof(object)),
                    node.Update(l, node.Conversion, r)));
        }

        protected override Expression VisitLambda<T>(Expression<T> node) => node;
    }
}
