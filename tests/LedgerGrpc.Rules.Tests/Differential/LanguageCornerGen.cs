using CsCheck;

namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>More productions for <see cref="ExpressionGen"/>: the corners of the language where an engine that parses
/// like RulesEngine can still evaluate differently (run-time exceptions of every kind, integer and decimal arithmetic
/// at the edges, string concatenation with nulls and numbers, formatting, aggregates over empty sequences, LINQ with
/// lambdas and `it`, enums, Guid, `in` over lists, nested iif, np chains, DateTime with Kind). Each names its construct
/// as a feature, as the base productions do.</summary>
public static class LanguageCornerGen
{
    private static readonly Gen<int> Small = Gen.Int[-3, 12];

    public static IEnumerable<Gen<GenExpr>> Composite(ExprType type, Func<ExprType, Gen<GenExpr>> g)
    {
        Gen<GenExpr> Unary(ExprType t, string feature, Func<string, string> text) => g(t).Select(a => GenExpr.Of(feature, p => text(p[0]), a));
        Gen<GenExpr> Binary(ExprType ta, ExprType tb, string feature, Func<string, string, string> text) =>
            Gen.Select(g(ta), g(tb), (x, y) => GenExpr.Of(feature, p => text(p[0], p[1]), x, y));
        Gen<GenExpr> Leaf(string feature, params string[] texts) => Gen.OneOf(texts).Select(t => GenExpr.Leaf(t, feature));

        switch (type)
        {
            case ExprType.Int:
                yield return Gen.Select(g(ExprType.Int), g(ExprType.Int), Gen.OneOf("/", "%", "-", "*"),
                    (a, b, op) => GenExpr.Of("arith:int" + op, p => $"({p[0]} {op} {p[1]})", a, b));
                yield return Unary(ExprType.Double, "Math.Sign(double)", a => $"Math.Sign({a})");
                yield return Binary(ExprType.String, ExprType.String, "string.CompareTo", (a, b) => $"{a}.CompareTo({b})");
                yield return Binary(ExprType.String, ExprType.String, "string.Compare", (a, b) => $"string.Compare({a}, {b})");
                yield return Leaf("list.Count-property", "input1.nums.Count", "input1.items.Count");
                yield return Small.Select(k => GenExpr.Leaf($"input1.items.Where(x => x.v > {k}).Count()", "linq:Where.Count"));
                yield return Unary(ExprType.Double, "cast:int(double)", a => $"int({a})");
                yield return Unary(ExprType.String, "string.LastIndexOf(char)", a => $"{a}.LastIndexOf('a')");
                yield return Leaf("int.Parse", "int.Parse(\"42\")", "int.Parse(input1.s)", "int.Parse(input2.code)");
                yield return Unary(ExprType.Date, "DateTime.DayOfWeek-as-int", a => $"(int){a}.DayOfWeek");
                yield return Leaf("linq:GroupBy.Max", "input1.items.GroupBy(x => x.k).Max(grp => grp.Count())");
                break;
            case ExprType.Long:
                yield return Leaf("linq:aggregate-empty", "input1.nums.Min()", "input1.items.Max(x => x.v)", "input1.nums.First()", "input1.nums.Last()",
                    "input1.nums.DefaultIfEmpty().Max()", "input1.nums.FirstOrDefault()", "input1.items.Where(x => x.v > 90).Sum(x => x.v)");
                yield return Small.Select(k => GenExpr.Leaf($"input1.nums.ElementAt({k})", "linq:ElementAt"));
                yield return Small.Select(k => GenExpr.Leaf($"input1.nums[{k}]", "list:indexer"));
                yield return Leaf("arith:long-overflow", "(long.MaxValue + input1.i)", "(input1.i * 4611686018427387904)", "(long.MinValue - input1.j)");
                yield return Leaf("linq:Sum(square)", "input1.nums.Sum(n => n * n)", "input1.nums.Select((n, idx) => n * idx).Sum()");
                yield return Binary(ExprType.Long, ExprType.Long, "arith:long-negative-mod", (a, b) => $"(-{a} % {b})");
                yield return Gen.Select(g(ExprType.Bool), g(ExprType.Bool), g(ExprType.Long), g(ExprType.Long), (c1, c2, a, b) =>
                    GenExpr.Of("iif:nested", p => $"iif({p[0]}, iif({p[1]}, {p[2]}, {p[3]}), -1L)", c1, c2, a, b));
                yield return Unary(ExprType.String, "long.Parse", a => $"long.Parse({a})");
                yield return Leaf("np:long", "np(input1.nested.a, 7L)", "(np(input1.nested.a) ?? 3L)");
                break;
            case ExprType.Double:
                yield return Leaf("linq:Average-empty", "input1.nums.Average()", "input1.items.Average(x => x.v * 0.5)");
                yield return Unary(ExprType.Double, "Math.Round(midpoint)", a => $"Math.Round({a}, MidpointRounding.AwayFromZero)");
                yield return Unary(ExprType.Double, "Math.Sqrt", a => $"Math.Sqrt({a})");
                yield return Binary(ExprType.Double, ExprType.Double, "arith:double%", (a, b) => $"({a} % {b})");
                yield return Binary(ExprType.Double, ExprType.Int, "Math.Pow", (a, b) => $"Math.Pow({a}, {b})");
                yield return Unary(ExprType.Long, "arith:double/0", a => $"({a} / 0.0)");
                yield return Unary(ExprType.String, "double.Parse", a => $"double.Parse({a})");
                yield return Leaf("linq:Select.Sum(double)", "input1.items.Select(x => x.v * 1.5).Sum()");
                break;
            case ExprType.Decimal:
                yield return Unary(ExprType.Double, "cast:decimal(double)", a => $"decimal({a})");
                yield return Unary(ExprType.Decimal, "Math.Round(decimal)", a => $"Math.Round({a})");
                yield return Binary(ExprType.Decimal, ExprType.Long, "arith:decimal/long", (a, b) => $"({a} / {b})");
                yield return Leaf("literal:decimal-sum", "(0.1m + 0.2m)", "(1m / 3m)", "(input1.i * 0.01m)");
                yield return Leaf("linq:Sum(decimal)", "input1.items.Sum(x => decimal(x.v) / 3m)");
                break;
            case ExprType.Bool:
                yield return Binary(ExprType.String, ExprType.String, "compare:string<", (a, b) => $"{a} < {b}");
                yield return Binary(ExprType.String, ExprType.String, "string.Equals(ignore-case)", (a, b) => $"{a}.Equals({b}, StringComparison.OrdinalIgnoreCase)");
                yield return Unary(ExprType.Long, "in:list-member", a => $"{a} in input1.nums");
                yield return Unary(ExprType.Long, "list.Contains", a => $"input1.nums.Contains({a})");
                yield return Unary(ExprType.String, "string.Contains(string)", a => $"{a}.Contains(input1.t)");
                yield return Leaf("linq:Any-empty", "input1.nums.Any()", "input1.items.All(x => x.v > 10)", "input1.items.Any(it.v > 50)");
                yield return Leaf("linq:named-lambda", "input1.items.Any(item => item.k == \"a\" && item.v > 10)", "input1.items.Where(w => w.v > 5).Any(z => z.k == \"b\")");
                yield return Leaf("enum:DayOfWeek", "input1.when.DayOfWeek == DayOfWeek.Monday", "input1.since.DayOfWeek > DayOfWeek.Wednesday", "input1.when.DayOfWeek.ToString() == \"Friday\"");
                yield return Leaf("DateTime.Kind", "input1.when.Kind == DateTimeKind.Utc", "DateTime.Parse(input1.day).Kind == DateTimeKind.Unspecified", "DateTime.Now > input1.when");
                yield return Leaf("Guid", "Guid.Parse(\"0f8fad5b-d9cb-469f-a165-70867728950e\") != Guid.Empty", "Guid.TryParse(input1.s, out var parsed)");
                yield return Leaf("np:chain", "np(input1.nested.deep.z) > 1", "np(input1.nested.name.Length) > 1", "np(input1.nothing.x) == null");
                yield return Leaf("coalesce:value", "(np(input1.nested.a) ?? 0) > 3", "(input1.nothing ?? 1) == 1");
                yield return Unary(ExprType.String, "string.IsNullOrWhiteSpace", a => $"string.IsNullOrWhiteSpace({a})");
                yield return Leaf("keyword:case", "True", "TRUE == true", "input1.flag AND true", "not input1.flag", "input1.i > 1 && TRUE");
                yield return Binary(ExprType.Date, ExprType.Date, "compare:DateTime==", (a, b) => $"{a} == {b}");
                break;
            case ExprType.String:
                yield return Unary(ExprType.String, "concat:null", a => $"({a} + null)");
                yield return Unary(ExprType.String, "concat:null-left", a => $"(input1.nothing + {a})");
                yield return Binary(ExprType.String, ExprType.Long, "concat:string+long", (a, b) => $"({a} + {b})");
                yield return Binary(ExprType.String, ExprType.Double, "concat:string+double", (a, b) => $"({a} + {b})");
                yield return Binary(ExprType.Long, ExprType.String, "concat:long+string", (a, b) => $"({a} + {b})");
                yield return Binary(ExprType.String, ExprType.Date, "concat:string+DateTime", (a, b) => $"({a} + {b})");
                yield return Unary(ExprType.String, "concat:string+char", a => $"({a} + 'c')");
                yield return Leaf("string.Join", "string.Join(\",\", input1.nums)", "string.Join(\"|\", input1.items.Select(x => x.k).Distinct())", "string.Concat(input1.s, null, input1.t)");
                yield return Unary(ExprType.Double, "format:number", a => $"{a}.ToString(\"N2\")");
                yield return Unary(ExprType.Double, "format:string.Format", a => $"string.Format(\"{{0:F1}}/{{1}}\", {a}, input1.s)");
                yield return Unary(ExprType.Decimal, "format:decimal-ToString", a => $"{a}.ToString()");
                yield return Unary(ExprType.Double, "format:double-ToString", a => $"{a}.ToString()");
                yield return Unary(ExprType.String, "string.PadLeft(char)", a => $"{a}.PadLeft(5, '*')");
                yield return Unary(ExprType.String, "string.Split.index", a => $"{a}.Split(',')[0]");
                yield return Unary(ExprType.String, "string.Insert", a => $"{a}.Insert(1, \"-\")");
                yield return Small.Select(k => GenExpr.Leaf($"input1.s.Substring({k})", "string.Substring(range)"));
                yield return Unary(ExprType.Date, "format:DateTime", a => $"{a}.ToString(\"yyyy-MM-dd HH:mm\")");
                yield return Unary(ExprType.Date, "format:DateTime-default", a => $"{a}.ToString()");
                yield return Leaf("linq:GroupBy.Select.Key", "input1.items.GroupBy(x => x.k).Select(grp => grp.Key).FirstOrDefault()",
                    "input1.items.OrderBy(x => x.v).Select(x => x.k).First()", "input1.items.OrderByDescending(x => x.k).ThenBy(x => x.v).Select(x => x.k).LastOrDefault()");
                yield return Unary(ExprType.String, "string.Replace(char)", a => $"{a}.Replace('a', 'o')");
                yield return Gen.Select(g(ExprType.Bool), g(ExprType.String), (c, a) => GenExpr.Of("iif:string-nested", p => $"iif({p[0]}, {p[1]}, iif(input1.flag, \"f\", null))", c, a));
                yield return Unary(ExprType.String, "string.ToUpperInvariant", a => $"{a}.ToUpperInvariant()");
                break;
            case ExprType.Date:
                yield return Binary(ExprType.Date, ExprType.Int, "DateTime.AddMonths", (a, b) => $"{a}.AddMonths({b})");
                yield return Leaf("DateTime.Parse", "DateTime.Parse(input1.day)", "DateTime.Parse(\"2024-02-29T10:00:00Z\")", "DateTime.Parse(input1.s)");
                yield return Unary(ExprType.Date, "DateTime.ToUniversalTime", a => $"{a}.ToUniversalTime()");
                yield return Unary(ExprType.Date, "DateTime.AddHours(Date)", a => $"{a}.Date.AddHours(12)");
                break;
            case ExprType.Span:
                yield return Unary(ExprType.Int, "TimeSpan.FromMinutes", a => $"TimeSpan.FromMinutes({a})");
                yield return Unary(ExprType.Date, "arith:DateTime-parsed", a => $"({a} - DateTime.Parse(input1.day))");
                yield return Unary(ExprType.Span, "TimeSpan.Negate", a => $"{a}.Negate()");
                break;
        }
    }
}
