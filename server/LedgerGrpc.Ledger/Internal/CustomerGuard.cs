using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Internal;

/// <summary>Loads (tracked) a customer that must exist and be active for a write.</summary>
internal static class CustomerGuard
{
    public static Customer Active(LedgerDbContext db, long customerId)
    {
        var customer = db.Customers.Find(customerId) ?? throw LedgerException.NotFound("customer", customerId);
        if (customer.Archived)
        {
            throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"customer {customerId} is archived");
        }

        return customer;
    }
}
