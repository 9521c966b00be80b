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
}
