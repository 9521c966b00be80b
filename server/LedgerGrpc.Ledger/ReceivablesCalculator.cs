using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger;

/// <summary>
/// Receivables as of a date: an invoice counts once issued; what it owes then is its amount less
/// payments applied and write-offs made on or before that date. Days past due = as_of − due date;
/// not yet due is "current"; then 1–30, 31–60, 61–90 and over 90.
/// </summary>
public static class ReceivablesCalculator
{
    public static ReceivablesSummary Compute(
        long customerId,
        DateOnly asOf,
        IEnumerable<Invoice> invoices,
        ILookup<long, PaymentAllocation> allocationsByInvoice,
        IEnumerable<Payment> payments)
    {
        long outstanding = 0, current = 0, d30 = 0, d60 = 0, d90 = 0, over90 = 0, writtenOff = 0;
        int oldest = 0, open = 0;
        foreach (var invoice in invoices)
        {
            if (invoice.IssueDate > asOf)
            {
                continue;
            }

            var owed = invoice.AmountMinor;
            foreach (var allocation in allocationsByInvoice[invoice.Id])
            {
                if (allocation.AppliedOn <= asOf)
                {
                    owed -= allocation.AmountMinor;
                }
            }

            if (invoice.WrittenOffOn is { } writeOffDate && writeOffDate <= asOf)
            {
                owed -= invoice.WrittenOffMinor;
                writtenOff = Check.Add(writtenOff, invoice.WrittenOffMinor, "written_off_minor");
            }

            if (owed <= 0)
            {
                continue;
            }

            open++;
            outstanding = Check.Add(outstanding, owed, "outstanding_minor");
            var daysPastDue = asOf.DayNumber - invoice.DueDate.DayNumber;
            if (daysPastDue <= 0)
            {
                current += owed;
                continue;
            }

            oldest = Math.Max(oldest, daysPastDue);
            switch (daysPastDue)
            {
                case <= 30: d30 += owed; break;
                case <= 60: d60 += owed; break;
                case <= 90: d90 += owed; break;
                default: over90 += owed; break;
            }
        }

        long credit = 0;
        foreach (var payment in payments)
        {
            if (payment.ReceivedDate <= asOf)
            {
                credit = Check.Add(credit, payment.UnappliedMinor, "credit_balance_minor");
            }
        }

        // Each bucket is a part of `outstanding`, which did not overflow, so the sums below cannot.
        return new ReceivablesSummary
        {
            CustomerId = customerId,
            AsOf = asOf,
            OutstandingMinor = outstanding,
            OverdueMinor = d30 + d60 + d90 + over90,
            CurrentMinor = current,
            Days1To30Minor = d30,
            Days31To60Minor = d60,
            Days61To90Minor = d90,
            DaysOver90Minor = over90,
            OldestOverdueDays = oldest,
            WrittenOffMinor = writtenOff,
            CreditBalanceMinor = credit,
            OpenInvoiceCount = open,
        };
    }
}
