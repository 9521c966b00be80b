using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger;

/// <summary>A customer's credit: limit (if any), used = open receivables, what is left and utilisation.</summary>
public sealed record CreditSummary(long CustomerId, bool HasLimit, long LimitMinor, long UsedMinor)
{
    /// <summary>Limit − used; negative when over the limit; 0 without a limit.</summary>
    public long AvailableMinor => HasLimit ? LimitMinor - UsedMinor : 0;

    /// <summary>Used / limit in basis points (10000 = 100%), capped at int range; 0 without a limit.</summary>
    public int UtilisationBp => !HasLimit ? 0
        : LimitMinor == 0 ? (UsedMinor > 0 ? int.MaxValue : 0)
        : (int)Math.Min(int.MaxValue, (decimal)UsedMinor * 10000m / LimitMinor);

    public static CreditSummary Of(Customer customer) =>
        new(customer.Id, customer.CreditLimit is not null, customer.CreditLimit?.LimitMinor ?? 0, customer.OutstandingMinor);
}
