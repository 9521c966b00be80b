using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using LedgerGrpc.Rules;
using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Bench.Rules;

/// <summary>One evaluation of the 10-rule customer-tiering workflow per operation. Baseline: the same bound expressions
/// run through the expression-tree interpreter (LambdaExpression.Compile(preferInterpretation: true)), collecting a
/// (rule, success) result per rule — what a straightforward uncompiled evaluator costs, measured in the same run.</summary>
[MemoryDiagnoser]
public class TieringBenchmarks
{
    private Customer[] _customers = [];
    private CompiledWorkflow<Customer> _compiled = null!;
    private (string Name, Func<Customer, bool> Test)[] _interpreted = [];
    private bool[] _matches = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var workflow = WorkflowJson.Load(Path.Combine(AppContext.BaseDirectory, "customer-tiering.workflow.json"))[0];
        _compiled = new WorkflowEngine(null, workflow).Compile<Customer>(workflow.WorkflowName);
        _customers = Customer.Sample(64);
        _matches = new bool[_compiled.RuleNames.Count];
        var input = Expression.Parameter(typeof(Customer), "input1");
        _interpreted = [.. workflow.Rules.Select(r =>
        {
            var body = RuleExpressionBinder.Bind(r.Expression!, [input], new ExpressionOptions()).Body!;
            return (r.RuleName, (Func<Customer, bool>)Expression.Lambda<Func<Customer, bool>>(body, input).Compile(preferInterpretation: true));
        })];
    }

    private Customer Next() => _customers[_next++ & 63];

    [Benchmark(Baseline = true, Description = "baseline: interpreted expression trees + results")]
    public List<(string, bool)> Interpreted()
    {
        var customer = Next();
        var results = new List<(string, bool)>(_interpreted.Length);
        foreach (var (name, test) in _interpreted)
        {
            results.Add((name, test(customer)));
        }

        return results;
    }

    [Benchmark(Description = "full result tree (Execute)")]
    public IReadOnlyList<RuleResultTree> ResultTree() => _compiled.Execute(Next());

    [Benchmark(Description = "fast path: first match")]
    public int FirstMatch() => _compiled.FirstMatch(Next());

    [Benchmark(Description = "fast path: match mask")]
    public ulong MatchMask() => _compiled.MatchMask(Next());

    [Benchmark(Description = "fast path: all rules into bool[]")]
    public bool Matches()
    {
        _compiled.Matches(Next(), _matches);
        return _matches[0];
    }
}
