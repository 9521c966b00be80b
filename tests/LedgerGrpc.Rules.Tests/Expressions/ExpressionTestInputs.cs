namespace LedgerGrpc.Rules.Tests.Expressions;

public sealed class TestCustomer
{
    public string Name { get; init; } = "";

    public decimal TotalSpend { get; init; }

    public int Orders { get; init; }

    public long? ReferrerId { get; init; }

    public List<TestOrder> History { get; init; } = [];

    public string[] Tags { get; init; } = [];

    public DateTime JoinedAt { get; init; }

    public DayOfWeek PreferredDay { get; init; }
}

public sealed record TestOrder(decimal Amount, string Channel);

public static class TestUtils
{
    public static bool CheckContains(string check, string valList) => valList.Split(',').Contains(check);

    /// <summary>Throws for a negative number.</summary>
    public static int Checked(int value) => value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "negative");

    /// <summary>Handles its own exception: nothing leaves it.</summary>
    public static int Careful(string text)
    {
        try
        {
            return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return 0;
        }
    }
}
