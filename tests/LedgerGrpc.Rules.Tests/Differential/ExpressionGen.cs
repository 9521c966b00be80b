using CsCheck;

namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>Generates RulesEngine expressions over the input schema of <see cref="InputGen"/> (input1, input2) and the
/// params in scope. Every production names its construct as a feature. Depth bounds the size; at depth 0 only
/// members, params and literals are produced.</summary>
public static class ExpressionGen
{
    private static readonly Gen<int> SmallInt = Gen.Int[0, 12];

    public static Gen<GenExpr> Of(ExprType type, int depth, IReadOnlyList<(string Name, ExprType Type)> scope)
    {
        var leaves = Leaves(type, scope);
        return depth <= 0 ? Gen.OneOf(leaves) : Gen.OneOf([.. leaves, .. Composite(type, depth - 1, scope)]);
    }

    /// <summary>Any type, for outputs and params.</summary>
    public static Gen<(ExprType Type, GenExpr Expr)> Any(int depth, IReadOnlyList<(string Name, ExprType Type)> scope) =>
        Gen.Enum<ExprType>().SelectMany(t => Of(t, depth, scope).Select(e => (t, e)));

    private static Gen<GenExpr>[] Leaves(ExprType type, IReadOnlyList<(string Name, ExprType Type)> scope)
    {
        var leaves = new List<Gen<GenExpr>>(type switch
        {
            ExprType.Int => [SmallInt.Select(i => GenExpr.Leaf(i.ToString(), "literal:int")), Gen.Const(GenExpr.Leaf("input1.s.Length", "member:string.Length")), Gen.Const(GenExpr.Leaf("input1.nums.Count()", "linq:Count"))],
            ExprType.Long => [Gen.OneOf("input1.i", "input1.j", "input1.nested.a").Select(m => GenExpr.Leaf(m, "member:long")), SmallInt.Select(i => GenExpr.Leaf(i + "L", "literal:long"))],
            ExprType.Double => [Gen.OneOf("input1.x", "input1.nested.deep.z", "input2.rate").Select(m => GenExpr.Leaf(m, "member:double")), Gen.OneOf("1.5", "0.1", "2.0", "-3.25").Select(l => GenExpr.Leaf(l, "literal:double"))],
            ExprType.Decimal => [Gen.OneOf("2.5m", "0.1m", "100m", "-1.75m").Select(l => GenExpr.Leaf(l, "literal:decimal"))],
            ExprType.Bool => [Gen.OneOf("input1.flag", "true", "false").Select(m => GenExpr.Leaf(m, "member:bool")), Gen.Const(GenExpr.Leaf("input1.nothing == null", "null-member"))],
            ExprType.String => [Gen.OneOf("input1.s", "input1.t", "input1.day", "input1.nested.name", "input2.code").Select(m => GenExpr.Leaf(m, "member:string")), Gen.OneOf("\"ab\"", "\"\"", "\"Ann\"", "\"x y\"").Select(l => GenExpr.Leaf(l, "literal:string"))],
            ExprType.Date => [Gen.OneOf("input1.when", "input1.since").Select(m => GenExpr.Leaf(m, "member:DateTime")), Gen.Const(GenExpr.Leaf("DateTime(2024, 3, 1)", "ctor:DateTime"))],
            ExprType.Span => [Gen.Const(GenExpr.Leaf("(input1.when - input1.since)", "arith:DateTime-DateTime")), SmallInt.Select(i => GenExpr.Leaf($"TimeSpan.FromDays({i})", "TimeSpan.FromDays"))],
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        });
        leaves.AddRange(scope.Where(p => p.Type == type).Select(p => Gen.Const(GenExpr.Leaf(p.Name, "param"))));
        return [.. leaves];
    }

    private static IEnumerable<Gen<GenExpr>> Composite(ExprType type, int depth, IReadOnlyList<(string Name, ExprType Type)> scope)
    {
        Gen<GenExpr> G(ExprType t) => Of(t, depth, scope);
        Gen<GenExpr> Num() => Gen.OneOf(G(ExprType.Int), G(ExprType.Long), G(ExprType.Double), G(ExprType.Decimal));
        Gen<GenExpr> Unary(ExprType t, string feature, Func<string, string> text) => G(t).Select(a => GenExpr.Of(feature, p => text(p[0]), a));
        Gen<GenExpr> Binary(Gen<GenExpr> a, Gen<GenExpr> b, string feature, Func<string, string, string> text) =>
            Gen.Select(a, b, (x, y) => GenExpr.Of(feature, p => text(p[0], p[1]), x, y));

        switch (type)
        {
            case ExprType.Int:
                yield return Unary(ExprType.Double, "Convert.ToInt32(double)", a => $"Convert.ToInt32({a})");
                yield return Unary(ExprType.Long, "Convert.ToInt32(long)", a => $"Convert.ToInt32({a})");
                yield return SmallInt.Select(k => GenExpr.Leaf($"input1.items.Count(x => x.v > {k})", "linq:Count(predicate)"));
                yield return Unary(ExprType.String, "string.IndexOf", a => $"{a}.IndexOf(\"a\")");
                yield return Unary(ExprType.Date, "DateTime.Day", a => $"{a}.Day");
                yield return Binary(G(ExprType.Int), G(ExprType.Int), "arith:int", (a, b) => $"({a} + {b})");
                yield return Gen.Const(GenExpr.Leaf("input1.items.GroupBy(x => x.k).Count()", "linq:GroupBy"));
                break;
            case ExprType.Long:
                yield return Gen.Select(G(ExprType.Long), Gen.OneOf(G(ExprType.Long), G(ExprType.Int)), Gen.OneOf("+", "-", "*", "/", "%"),
                    (a, b, op) => GenExpr.Of("arith:long" + op, p => $"({p[0]} {op} {p[1]})", a, b));
                yield return Gen.Const(GenExpr.Leaf("input1.nums.Sum()", "linq:Sum"));
                yield return Gen.Const(GenExpr.Leaf("input1.nums.Max()", "linq:Max"));
                yield return Gen.Const(GenExpr.Leaf("input1.items.Sum(x => x.v)", "linq:Sum(selector)"));
                yield return Gen.Const(GenExpr.Leaf("input1.nums.Where(n => n > 2).Select(n => n * 2).Sum()", "linq:Where.Select"));
                yield return Unary(ExprType.Long, "Math.Abs(long)", a => $"Math.Abs({a})");
                yield return Binary(G(ExprType.Long), G(ExprType.Int), "Math.Max(long,int)", (a, b) => $"Math.Max({a}, {b})");
                yield return Binary(G(ExprType.Bool), G(ExprType.Long), "iif:long", (c, a) => $"iif({c}, {a}, 0L)");
                break;
            case ExprType.Double:
                yield return Gen.Select(G(ExprType.Double), Gen.OneOf(G(ExprType.Double), G(ExprType.Long), G(ExprType.Int)), Gen.OneOf("+", "-", "*", "/"),
                    (a, b, op) => GenExpr.Of("arith:double" + op, p => $"({p[0]} {op} {p[1]})", a, b));
                yield return Gen.Select(G(ExprType.Long), G(ExprType.Double), (a, b) => GenExpr.Of("arith:long*double", p => $"({p[0]} * {p[1]})", a, b));
                yield return Unary(ExprType.Double, "Math.Round(double,int)", a => $"Math.Round({a}, 1)");
                yield return Unary(ExprType.Double, "Math.Floor(double)", a => $"Math.Floor({a})");
                yield return Unary(ExprType.Long, "Convert.ToDouble(long)", a => $"Convert.ToDouble({a})");
                yield return Unary(ExprType.Span, "TimeSpan.TotalDays", a => $"{a}.TotalDays");
                yield return Unary(ExprType.Span, "TimeSpan.TotalHours", a => $"{a}.TotalHours");
                yield return Gen.Const(GenExpr.Leaf("input1.items.Average(x => x.v)", "linq:Average"));
                yield return Binary(G(ExprType.Double), G(ExprType.Long), "Math.Max(double,long)", (a, b) => $"Math.Max({a}, {b})");
                break;
            case ExprType.Decimal:
                yield return Gen.Select(G(ExprType.Decimal), Gen.OneOf(G(ExprType.Decimal), G(ExprType.Int), G(ExprType.Long)), Gen.OneOf("+", "-", "*", "/"),
                    (a, b, op) => GenExpr.Of("arith:decimal" + op, p => $"({p[0]} {op} {p[1]})", a, b));
                yield return Unary(ExprType.Long, "Convert.ToDecimal(long)", a => $"Convert.ToDecimal({a})");
                yield return Unary(ExprType.Decimal, "Math.Round(decimal,int)", a => $"Math.Round({a}, 2)");
                yield return Unary(ExprType.Double, "Convert.ToDecimal(double)", a => $"Convert.ToDecimal({a})");
                break;
            case ExprType.Bool:
                yield return Gen.Select(Num(), Num(), Gen.OneOf("==", "!=", "<", "<=", ">", ">="),
                    (a, b, op) => GenExpr.Of("compare" + op, p => $"{p[0]} {op} {p[1]}", a, b));
                yield return Gen.Select(G(ExprType.Bool), G(ExprType.Bool), Gen.OneOf("&&", "||", "and", "or", "AND", "OR"),
                    (a, b, op) => GenExpr.Of("logic:" + op.ToLowerInvariant(), p => $"({p[0]} {op} {p[1]})", a, b));
                yield return Unary(ExprType.Bool, "not", a => $"!({a})");
                yield return Unary(ExprType.Long, "in:long", a => $"{a} in (1, 2, 3)");
                yield return Unary(ExprType.String, "in:string", a => $"{a} in (\"ab\", \"Ann\")");
                yield return Gen.Select(G(ExprType.String), Gen.OneOf("StartsWith", "EndsWith", "Contains"),
                    (a, m) => GenExpr.Of("string." + m, p => $"{p[0]}.{m}(\"a\")", a));
                yield return Unary(ExprType.String, "string.IsNullOrEmpty", a => $"string.IsNullOrEmpty({a})");
                yield return SmallInt.Select(k => GenExpr.Leaf($"input1.nums.Any(n => n > {k})", "linq:Any"));
                yield return SmallInt.Select(k => GenExpr.Leaf($"input1.nums.All(n => n < {k})", "linq:All"));
                yield return Gen.Const(GenExpr.Leaf("input1.items.Any(x => x.k == \"a\")", "linq:Any(member)"));
                yield return Gen.Const(GenExpr.Leaf("input1.items.Any(it => it.k == \"b\")", "lambda:it-as-parameter"));
                yield return Gen.Const(GenExpr.Leaf("input1.items.Any(k == \"c\")", "linq:implicit-it"));
                yield return Gen.Const(GenExpr.Leaf("np(input1.nested.name) != null", "np"));
                yield return Gen.Const(GenExpr.Leaf("np(input1.nested.deep.z, 0) > 1", "np(default)"));
                yield return Binary(G(ExprType.String), G(ExprType.String), "compare:string", (a, b) => $"{a} == {b}");
                yield return Binary(G(ExprType.Date), G(ExprType.Date), "compare:DateTime", (a, b) => $"{a} > {b}");
                yield return Gen.Select(G(ExprType.Bool), G(ExprType.Bool), G(ExprType.Bool), (c, a, b) => GenExpr.Of("iif:bool", p => $"iif({p[0]}, {p[1]}, {p[2]})", c, a, b));
                break;
            case ExprType.String:
                yield return Gen.Select(G(ExprType.String), Gen.OneOf("ToUpper()", "ToLower()", "Trim()"),
                    (a, m) => GenExpr.Of("string." + m, p => $"{p[0]}.{m}", a));
                yield return Binary(G(ExprType.String), G(ExprType.String), "concat:+", (a, b) => $"({a} + {b})");
                yield return Unary(ExprType.String, "string.Substring", a => $"{a}.Substring(1)");
                yield return Unary(ExprType.String, "string.Replace", a => $"{a}.Replace(\"a\", \"b\")");
                yield return Gen.Select(G(ExprType.Bool), G(ExprType.String), G(ExprType.String), (c, a, b) => GenExpr.Of("iif:string", p => $"iif({p[0]}, {p[1]}, {p[2]})", c, a, b));
                yield return Gen.Select(G(ExprType.Bool), G(ExprType.String), G(ExprType.String), (c, a, b) => GenExpr.Of("conditional:string", p => $"({p[0]} ? {p[1]} : {p[2]})", c, a, b));
                yield return Unary(ExprType.String, "coalesce", a => $"({a} ?? \"z\")");
                yield return Unary(ExprType.Long, "long.ToString", a => $"{a}.ToString()");
                yield return Unary(ExprType.Long, "Convert.ToString(long)", a => $"Convert.ToString({a})");
                yield return Gen.Const(GenExpr.Leaf("input1.items.Select(x => x.k).FirstOrDefault()", "linq:Select.FirstOrDefault"));
                yield return Gen.Const(GenExpr.Leaf("input1.items.First(x => x.v > 50).k", "linq:First(predicate)"));
                yield return Binary(G(ExprType.Bool), G(ExprType.String), "iif:string-null-member", (c, a) => $"iif({c}, {a}, input1.nothing)");
                break;
            case ExprType.Date:
                yield return Binary(G(ExprType.Date), G(ExprType.Int), "DateTime.AddDays", (a, b) => $"{a}.AddDays({b})");
                yield return Unary(ExprType.Date, "DateTime.Date", a => $"{a}.Date");
                yield return Binary(G(ExprType.Date), G(ExprType.Span), "arith:DateTime+TimeSpan", (a, b) => $"({a} + {b})");
                break;
            case ExprType.Span:
                yield return Binary(G(ExprType.Span), G(ExprType.Span), "arith:TimeSpan+TimeSpan", (a, b) => $"({a} + {b})");
                yield return Gen.Const(GenExpr.Leaf("TimeSpan.FromHours(2)", "TimeSpan.FromHours"));
                break;
        }

        foreach (var corner in LanguageCornerGen.Composite(type, G))
        {
            yield return corner;
        }
    }
}
