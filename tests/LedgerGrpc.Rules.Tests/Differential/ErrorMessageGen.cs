using CsCheck;

namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>ErrorMessages with RulesEngine's <c>$(...)</c> placeholders: members of every JSON type (numbers, strings,
/// date-times, bools, nulls, lists, nested objects, whole inputs), params in scope, unknown and malformed ones, and
/// the same placeholder twice.</summary>
public static class ErrorMessageGen
{
    private static readonly string[] Members =
    [
        "$(input1.i)", "$(input1.x)", "$(input1.s)", "$(input1.when)", "$(input1.flag)", "$(input1.nothing)", "$(input1.nums)",
        "$(input1.items)", "$(input1.nested)", "$(input1.nested.deep.z)", "$(input1.nested.name)", "$(input2.code)", "$(input2.rate)",
        "$(input1)", "$(input2)", "$(input1.missing)", "$(input1.day)", "$(Input1.i)", "$(input1.i", "$()", "$(input1.items.0)",
    ];

    public static Gen<string?> Of(IReadOnlyList<(string Name, ExprType Type)> scope)
    {
        string[] all = [.. Members, .. scope.Select(p => $"$({p.Name})")];
        return Gen.Select(Gen.OneOf(all), Gen.OneOf(all), Gen.OneOf("failed: {0} / {1}", "{0} {0} and {1}", "{0}({1})", "no {1}"))
            .Select((a, b, shape) => (string?)string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, a, b));
    }
}
