using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>Replaces the fields named in the mask (proto field names) of an existing customer.</summary>
public sealed class UpdateCustomer(long customerId, CustomerFields fields, IReadOnlyCollection<string> mask) : LedgerCommand<Customer>
{
    public static readonly IReadOnlySet<string> UpdatablePaths = new HashSet<string>(StringComparer.Ordinal)
    {
        "external_ref", "name", "type", "industry", "region", "size", "contact_name", "phone", "email", "address", "tax_id", "tags", "attributes",
    };

    private readonly HashSet<string> _paths = new(mask, StringComparer.Ordinal);

    public override string Name => "UpdateCustomer";

    public override void Validate(LedgerOptions options)
    {
        Check.Id(customerId, "customer.id");
        if (_paths.Count == 0)
        {
            throw LedgerException.Invalid("update_mask", "must name at least one field to change");
        }

        foreach (var path in _paths)
        {
            if (!UpdatablePaths.Contains(path))
            {
                throw LedgerException.Invalid("update_mask", $"names '{Quote.Short(path)}', which is not an updatable field ({string.Join(", ", UpdatablePaths)})");
            }
        }

        fields.Validate(_paths);
    }

    internal override Customer Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        var current = db.Customers.AsNoTracking().Include(c => c.Attributes).Include(c => c.CreditLimit).SingleOrDefault(c => c.Id == customerId)
            ?? throw LedgerException.NotFound("customer", customerId);
        if (current.Archived)
        {
            throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"customer {customerId} is archived and cannot be changed");
        }

        if (_paths.Contains("external_ref") && fields.ExternalRef != current.ExternalRef
            && db.Customers.Any(c => c.ExternalRef == fields.ExternalRef))
        {
            throw new LedgerException(LedgerErrorCode.AlreadyExists, $"external_ref '{Quote.Short(fields.ExternalRef)}' already belongs to a customer");
        }

        var before = LedgerWriteSession.ToJson(current);
        var replaceAttributes = _paths.Contains("attributes");
        if (replaceAttributes)
        {
            // Replaced wholesale: delete the old rows, then insert the new set below.
            session.Execute("DELETE FROM customer_attributes WHERE \"CustomerId\" = $p0", customerId);
        }

        var customer = replaceAttributes
            ? db.Customers.Include(c => c.CreditLimit).Single(c => c.Id == customerId)
            : db.Customers.Include(c => c.Attributes).Include(c => c.CreditLimit).Single(c => c.Id == customerId);
        fields.ApplyTo(customer, _paths);
        customer.UpdatedAt = session.Now;
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.Audit(Name, nameof(Customer), customer.Id, customer.Id, before, customer);
        session.Changed(Name, customer.Id, customer.Id);
        return customer;
    }
}
