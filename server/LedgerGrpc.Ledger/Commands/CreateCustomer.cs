using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>Adds a customer; its external_ref must be new (ALREADY_EXISTS otherwise).</summary>
public sealed class CreateCustomer(CustomerFields fields) : LedgerCommand<Customer>
{
    public CustomerFields Fields { get; } = fields;

    public override string Name => "CreateCustomer";

    public override void Validate(LedgerOptions options) => Fields.Validate();

    internal override Customer Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        if (db.Customers.Any(c => c.ExternalRef == Fields.ExternalRef))
        {
            throw new LedgerException(LedgerErrorCode.AlreadyExists, $"external_ref '{Quote.Short(Fields.ExternalRef)}' already belongs to a customer");
        }

        var customer = new Customer { CreatedAt = session.Now, UpdatedAt = session.Now };
        Fields.ApplyTo(customer);
        db.Customers.Add(customer);
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.Audit(Name, nameof(Customer), customer.Id, customer.Id, null, customer);
        session.Changed(Name, customer.Id, customer.Id);
        return customer;
    }
}
