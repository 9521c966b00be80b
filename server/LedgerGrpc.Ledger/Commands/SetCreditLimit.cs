using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>Sets (or replaces) a customer's credit limit.</summary>
public sealed class SetCreditLimit : LedgerCommand<CreditSummary>
{
    public long CustomerId { get; init; }
    public long LimitMinor { get; init; }

    /// <summary>Empty: the ledger's currency.</summary>
    public string Currency { get; init; } = "";

    public override string Name => "SetCreditLimit";

    public override void Validate(LedgerOptions options)
    {
        Check.Id(CustomerId, "customer_id");
        if (LimitMinor < 0)
        {
            throw LedgerException.Invalid("limit_minor", $"must not be negative (got {LimitMinor})");
        }

        if (Currency.Length > 0)
        {
            Check.Currency(Currency, options);
        }
    }

    internal override CreditSummary Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        var customer = db.Customers.Include(c => c.CreditLimit).SingleOrDefault(c => c.Id == CustomerId)
            ?? throw LedgerException.NotFound("customer", CustomerId);
        if (customer.Archived)
        {
            throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"customer {CustomerId} is archived");
        }

        var before = LedgerWriteSession.ToJson(customer.CreditLimit);
        customer.CreditLimit ??= new CreditLimit { CustomerId = CustomerId };
        customer.CreditLimit.LimitMinor = LimitMinor;
        customer.CreditLimit.SetAt = session.Now;
        customer.CreditLimit.SetBy = session.Actor;
        customer.UpdatedAt = session.Now;
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.Audit(Name, nameof(CreditLimit), CustomerId, CustomerId, before, customer.CreditLimit);
        session.Changed(Name, CustomerId, CustomerId);
        return CreditSummary.Of(customer);
    }
}
