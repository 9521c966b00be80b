using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>Archives a customer (kept with its history, hidden from default listings, refuses new records). Archiving twice is a no-op.</summary>
public sealed class ArchiveCustomer(long customerId) : LedgerCommand<Customer>
{
    public override string Name => "ArchiveCustomer";

    public override void Validate(LedgerOptions options) => Check.Id(customerId, "id");

    internal override Customer Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        var customer = db.Customers.Include(c => c.Attributes).Include(c => c.CreditLimit).SingleOrDefault(c => c.Id == customerId)
            ?? throw LedgerException.NotFound("customer", customerId);
        if (customer.Archived)
        {
            db.ChangeTracker.Clear();
            return customer;
        }

        var before = LedgerWriteSession.ToJson(customer);
        customer.Archived = true;
        customer.UpdatedAt = session.Now;
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.Audit(Name, nameof(Customer), customer.Id, customer.Id, before, customer);
        session.Changed(Name, customer.Id, customer.Id);
        return customer;
    }
}
