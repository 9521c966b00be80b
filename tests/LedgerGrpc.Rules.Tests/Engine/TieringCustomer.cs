namespace LedgerGrpc.Rules.Tests.Engine;

public sealed class TieringCustomer
{
    public long CustomerId { get; set; }

    public decimal TotalSpend { get; set; }

    public int OrderCount { get; set; }

    public int DaysSinceLastPurchase { get; set; }

    public string Region { get; set; } = "";

    public string? Industry { get; set; }

    public DateTime CreatedAt { get; set; }
}
