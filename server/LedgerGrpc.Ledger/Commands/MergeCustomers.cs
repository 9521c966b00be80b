using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>
/// Moves everything of one customer (transactions, invoices, payments, notes, missing attributes,
/// tags, running totals) onto the surviving customer, archives the merged one with a pointer to the
/// survivor, and records the merge.
/// </summary>
public sealed class MergeCustomers : LedgerCommand<MergeRecord>
{
    public long SurvivingCustomerId { get; init; }
    public long MergedCustomerId { get; init; }
    public string Reason { get; init; } = "";

    public override string Name => "MergeCustomers";

    public override void Validate(LedgerOptions options)
    {
        Check.Id(SurvivingCustomerId, "surviving_customer_id");
        Check.Id(MergedCustomerId, "merged_customer_id");
        if (SurvivingCustomerId == MergedCustomerId)
        {
            throw LedgerException.Invalid("merged_customer_id", "must differ from surviving_customer_id");
        }

        Check.Optional(Reason, "reason", 500);
    }

    internal override MergeRecord Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        var survivor = Load(db, SurvivingCustomerId);
        var merged = Load(db, MergedCustomerId);
        var beforeSurvivor = LedgerWriteSession.ToJson(survivor);
        var beforeMerged = LedgerWriteSession.ToJson(merged);

        survivor.SalesTotalMinor = Check.Add(survivor.SalesTotalMinor, merged.SalesTotalMinor, "sales_total_minor");
        survivor.RefundTotalMinor = Check.Add(survivor.RefundTotalMinor, merged.RefundTotalMinor, "refund_total_minor");
        survivor.TransactionCount = Check.Add(survivor.TransactionCount, merged.TransactionCount, "transaction_count");
        survivor.InvoicedTotalMinor = Check.Add(survivor.InvoicedTotalMinor, merged.InvoicedTotalMinor, "invoiced_total_minor");
        survivor.OutstandingMinor = Check.Add(survivor.OutstandingMinor, merged.OutstandingMinor, "outstanding_minor");
        survivor.WrittenOffMinor = Check.Add(survivor.WrittenOffMinor, merged.WrittenOffMinor, "written_off_minor");
        survivor.CreditBalanceMinor = Check.Add(survivor.CreditBalanceMinor, merged.CreditBalanceMinor, "credit_balance_minor");
        survivor.FirstPurchaseAt = Min(survivor.FirstPurchaseAt, merged.FirstPurchaseAt);
        survivor.LastPurchaseAt = Max(survivor.LastPurchaseAt, merged.LastPurchaseAt);
        survivor.Tags = survivor.Tags.Union(merged.Tags).Take(CustomerFields.MaxTags).ToList();
        foreach (var attribute in merged.Attributes.Where(a => survivor.Attributes.All(s => s.Key != a.Key)).ToList())
        {
            if (survivor.Attributes.Count >= CustomerFields.MaxAttributes)
            {
                break;
            }

            survivor.Attributes.Add(new CustomerAttribute { CustomerId = survivor.Id, Key = attribute.Key, Value = attribute.Value });
        }

        survivor.UpdatedAt = session.Now;
        // Its rows now belong to the survivor, and so do its totals.
        (merged.SalesTotalMinor, merged.RefundTotalMinor, merged.TransactionCount, merged.InvoicedTotalMinor) = (0, 0, 0, 0);
        (merged.OutstandingMinor, merged.WrittenOffMinor, merged.CreditBalanceMinor) = (0, 0, 0);
        (merged.FirstPurchaseAt, merged.LastPurchaseAt) = (null, null);
        merged.Archived = true;
        merged.MergedIntoId = survivor.Id;
        merged.UpdatedAt = session.Now;
        db.SaveChanges();

        var record = new MergeRecord
        {
            SurvivingCustomerId = survivor.Id,
            MergedCustomerId = merged.Id,
            Reason = Reason,
            Actor = session.Actor,
            At = session.Now,
            MovedTransactions = Move(session, "transactions"),
            MovedInvoices = Move(session, "invoices"),
            MovedPayments = Move(session, "payments"),
            MovedNotes = Move(session, "notes"),
        };
        db.MergeRecords.Add(record);
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.Audit(Name, nameof(Customer), survivor.Id, survivor.Id, beforeSurvivor, survivor);
        session.Audit(Name, nameof(Customer), merged.Id, merged.Id, beforeMerged, merged);
        session.Audit(Name, nameof(MergeRecord), record.Id, survivor.Id, null, record);
        session.Changed(Name, survivor.Id, record.Id);
        session.Changed(Name, merged.Id, record.Id);
        return record;
    }

    private static Customer Load(LedgerDbContext db, long id)
    {
        var customer = db.Customers.Include(c => c.Attributes).Include(c => c.CreditLimit).SingleOrDefault(c => c.Id == id)
            ?? throw LedgerException.NotFound("customer", id);
        if (customer.Archived)
        {
            throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"customer {id} is archived");
        }

        return customer;
    }

    private int Move(LedgerWriteSession session, string table) =>
        session.Execute($"UPDATE {table} SET \"CustomerId\" = $p0 WHERE \"CustomerId\" = $p1", SurvivingCustomerId, MergedCustomerId);

    private static DateTime? Min(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
