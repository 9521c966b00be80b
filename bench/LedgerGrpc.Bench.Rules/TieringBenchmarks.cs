using System.Linq.Expressions;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LedgerGrpc.Rules;
using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Bench.Rules;

/// <summary>One evaluation of the 10-rule customer-tiering workflow per operation. Baseline: Microsoft RulesEngine 6.0.1
/// ExecuteAllRulesAsync on the same workflow JSON and the same customers. Also in the same run: the same bound
/// expressions through the expression-tree interpreter (LambdaExpression.Compile(preferInterpretation: true)),
/// collecting a (rule, success) result per rule — what a straightforward uncompiled evaluator costs.</summary>
[MemoryDiagnoser]
public class TieringBenchmarks
{
    private Customer[] _customers = [];
    private CompiledWorkflow<Customer> _compiled = null!;
    private (string Name, Func<Customer, bool> Test)[] _interpreted = [];
    private bool[] _matches = [];
    private global::RulesEngine.RulesEngine _rulesEngine = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "customer-tiering.workflow.json");
        var workflow = WorkflowJson.Load(path)[0];
        _rulesEngine = new global::RulesEngine.RulesEngine(
            [JsonSerializer.Deserialize<global::RulesEngine.Models.Workflow>(File.ReadAllText(path))!], new global::RulesEngine.Models.ReSettings());
        _compiled = new WorkflowEngine(null, workflow).Compile<Customer>(workflow.WorkflowName);
        _customers = Customer.Sample(64);
        _matches = new bool[_compiled.RuleNames.Count];
        var input = Expression.Parameter(typeof(Customer), "input1");
        _interpreted = [.. workflow.Rules.Select(r =>
        {
            var body = RuleExpressionBinder.Bind(r.Expression!, [input], new ExpressionOptions(), typeof(bool)).Body!;
            return (r.RuleName, (Func<Customer, bool>)Expression.Lambda<Func<Customer, bool>>(body, input).Compile(preferInterpretation: true));
        })];
    }

    private Customer Next() => _customers[_next++ & 63];

    [Benchmark(Baseline = true, Description = "RulesEngine 6.0.1 ExecuteAllRulesAsync")]
    public List<global::RulesEngine.Models.RuleResultTree> RulesEngineExecuteAll() =>
        _rulesEngine.ExecuteAllRulesAsync("CustomerTiering", Next()).GetAwaiter().GetResult();

    [Benchmark(Description = "interpreted expression trees + results")]
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
