namespace LedgerGrpc.Rules.Tests.Expressions;

public sealed class TestCustomer
{
    public string Name { get; init; } = "";

    public decimal TotalSpend { get; init; }

    public int Orders { get; init; }

    public long? ReferrerId { get; init; }
}
