namespace LedgerGrpc.Rules.Tests.Expressions;

/// <summary>A typed input with one member of each kind; the expectations in <see cref="RulesEngineLanguageTests"/> were
/// taken from RulesEngine 6.0.1 evaluating the same expressions over an object of this shape.</summary>
public sealed class LanguageCustomer
{
    public string Name { get; set; } = "Alice";

    public int Orders { get; set; } = 7;

    public decimal TotalSpend { get; set; } = 1234.5m;

    public long Big { get; set; } = 5;

    public double Ratio { get; set; } = 0.25;

    public bool? Flag { get; set; }

    public string? Missing { get; set; }

    public DateTime Created { get; set; } = new(2024, 1, 15);

    public string[] Tags { get; set; } = ["a", "b"];

    public List<int> History { get; set; } = [1, 2, 3];

    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;
}
