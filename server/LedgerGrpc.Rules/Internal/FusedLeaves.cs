using System.Linq.Expressions;

namespace LedgerGrpc.Rules.Internal;

/// <summary>Top-level leaf rules without local params evaluated by one delegate per 32 rules: the inputs are unboxed
/// once, each predicate runs in its own try/catch, and the answer is one number (bit k: rule k succeeded; bit 32+k: it
/// threw, and the executor re-runs that predicate alone to get the exception's message). This keeps the full result
/// tree's per-rule cost close to the fast path's.</summary>
internal sealed class FusedLeaves
{
    private const int Chunk = 32;
    private readonly Func<object?[], ulong>[] _chunks;

    public FusedLeaves(RuleNode[] rules)
    {
        Indexes = [.. rules.Select((r, i) => (r, i)).Where(x => IsSimple(x.r)).Select(x => x.i)];
        _chunks = [.. Indexes.Chunk(Chunk).Select(chunk => Compile([.. chunk.Select(i => rules[i])]))];
    }

    /// <summary>Positions (in the top-level rule array) of the fused rules, in the order of their bits.</summary>
    public int[] Indexes { get; }

    /// <summary>Evaluates chunk <paramref name="chunk"/>.</summary>
    public ulong Evaluate(int chunk, object?[] env) => _chunks[chunk](env);

    public int ChunkCount => _chunks.Length;

    public static int ChunkSize => Chunk;

    private static bool IsSimple(RuleNode node) =>
        node.Children is null && node.Locals.Length == 0 && node.SetupError is null && node.DuplicateName is null && node.Bound is not null;

    private static Func<object?[], ulong> Compile(RuleNode[] nodes)
    {
        var bits = Expression.Variable(typeof(ulong), "bits");
        var tests = nodes.Select((n, k) => (Expression)Expression.TryCatch(
            Expression.IfThen(n.Bound!.Value.Body, Expression.OrAssign(bits, Expression.Constant(1UL << k))),
            Expression.Catch(typeof(Exception), Expression.Block(typeof(void), Expression.OrAssign(bits, Expression.Constant(1UL << (Chunk + k)))))));
        var body = Expression.Block(typeof(ulong), [bits], [.. tests, bits]);

        // All top-level rules without locals see the same names, so one scope prologue serves every predicate.
        var scope = nodes.SelectMany(n => n.Bound!.Value.Scope).Distinct().ToList();
        return Expression.Lambda<Func<object?[], ulong>>(EnvLambda.WithScope(body, scope, typeof(ulong)), EnvLambda.Env).Compile();
    }
}
