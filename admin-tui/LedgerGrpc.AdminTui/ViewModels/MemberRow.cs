using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>One member of a segment: its id at once, the customer's details when they have been read.</summary>
public sealed record MemberRow(long Id, Customer? Customer)
{
    public string Name => Customer?.Name ?? "";
    public long Spend => Customer is null ? 0 : Customer.SalesTotalMinor - Customer.RefundTotalMinor;
    public long Outstanding => Customer?.OutstandingMinor ?? 0;
}

public enum MemberSort
{
    Id,
    Name,
    Spend,
    Outstanding,
}
