using System.Diagnostics;
using System.Globalization;
using System.Text;
using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Ledger;

/// <summary>
/// Fills a ledger with realistic synthetic data, fast: prepared SQL in large transactions, ids
/// assigned here. Purchase counts are heavy-tailed (Pareto: most customers buy rarely, a few
/// often); order values are log-normal around a log-normal per-customer level, so the top 20% of
/// customers hold roughly three quarters of revenue; enterprise customers get net-30/60/90 invoices
/// paid on time, late or never (long-overdue ones partly written off), so every aging bucket and
/// some bad debt exist; a few percent are near-duplicates of an earlier customer. Running totals are
/// computed from the generated rows, so they agree with them exactly.
/// </summary>
public sealed class LedgerSeeder(LedgerStore store, TimeProvider clock)
{
    private const int CustomersPerBatch = 2_000;
    private const double NearDuplicateShare = 0.03;

    public SeedReport Run(int customers, int randomSeed = 1, IProgress<int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customers);
        var watch = Stopwatch.StartNew();
        var random = new Random(randomSeed);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var now = clock.GetUtcNow().UtcDateTime;
        // Rows are written child-first within a customer; the seeder guarantees the references.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(store.ConnectionString) { ForeignKeys = false }.ToString());
        connection.Open();
        Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
        var ids = new IdCursor(connection);
        var runTag = ids.Customer.ToString("x", CultureInfo.InvariantCulture);
        using var sql = new SeedStatements(connection) { Currency = store.Options.Currency };
        var recent = new List<(string Name, string Phone)>();
        long transactions = 0, invoices = 0, payments = 0, writtenOff = 0;
        var duplicates = 0;
        var done = 0;
        // One transaction: a seed lands whole or not at all. Secondary indexes are dropped and
        // rebuilt at the end (a sorted build is far cheaper than millions of random inserts);
        // DDL is transactional in SQLite, so a crash leaves the old indexes in place.
        using (var tx = connection.BeginTransaction())
        {
            var indexes = DropSecondaryIndexes(connection, tx);
            sql.Bind(tx);
            using var batches = new System.Collections.Concurrent.BlockingCollection<List<(SqliteCommand, object?[])>>(boundedCapacity: 8);
            var generator = Task.Run(() =>
            {
                try
                {
                    while (done < customers)
                    {
                        var chunk = Math.Min(CustomersPerBatch, customers - done);
                        for (var i = 0; i < chunk; i++)
                        {
                            var row = new CustomerRow { Id = ++ids.Customer };
                            duplicates += Identity(random, row, recent, runTag) ? 1 : 0;
                            transactions += Purchases(random, row, now, sql, ids);
                            if (row.Type == CustomerType.Enterprise && row.Count > 0)
                            {
                                var (issued, paid, wo) = Receivables(random, row, today, now, sql, ids);
                                invoices += issued;
                                payments += paid;
                                writtenOff += wo;
                            }

                            sql.InsertCustomer(row, now);
                            sql.InsertAttribute(row.Id, "channel", random.Pick(SeedNames.Channels));
                        }

                        done += chunk;
                        batches.Add(sql.TakeRows());
                    }
                }
                finally
                {
                    batches.CompleteAdding();
                }
            });

            var written = 0;
            foreach (var batch in batches.GetConsumingEnumerable())
            {
                SeedStatements.Execute(batch);
                written += CustomersPerBatch;
                progress?.Report(Math.Min(written, customers));
            }

            generator.GetAwaiter().GetResult();
            foreach (var createIndex in indexes)
            {
                Exec(connection, createIndex, tx);
            }

            tx.Commit();
        }

        Exec(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        return new SeedReport(customers, transactions, invoices, payments, writtenOff, duplicates, watch.Elapsed);
    }

    /// <summary>Name, contacts and keys; returns true when the customer is a near-duplicate of an earlier one.</summary>
    private static bool Identity(Random random, CustomerRow row, List<(string Name, string Phone)> recent, string runTag)
    {
        row.ExternalRef = $"seed-{runTag}-{row.Id}";
        row.Type = random.NextDouble() < 0.45 ? CustomerType.Enterprise : CustomerType.Individual;
        row.Phone = random.Pick(SeedNames.MobilePrefixes) + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        row.Email = $"c{row.Id}@{random.Pick(SeedNames.Domains)}";
        row.Industry = random.Pick(SeedNames.Industries);
        row.Region = random.Pick(SeedNames.Regions);
        var duplicate = recent.Count > 100 && random.NextDouble() < NearDuplicateShare;
        if (duplicate)
        {
            var original = recent[random.Next(recent.Count)];
            // The same party entered again: a variant spelling of the name, or the same phone.
            row.Name = random.Next(3) switch
            {
                0 => Variant(original.Name),
                1 => original.Name.Replace("有限公司", "", StringComparison.Ordinal).Replace("股份", "", StringComparison.Ordinal),
                _ => original.Name,
            };
            if (random.Next(2) == 0)
            {
                row.Phone = original.Phone;
            }
        }
        else if (row.Type == CustomerType.Enterprise)
        {
            row.Name = random.Pick(SeedNames.Cities) + random.Pick(SeedNames.Words) + random.Pick(SeedNames.Trades) + random.Pick(SeedNames.Suffixes);
        }
        else
        {
            row.Name = random.Pick(SeedNames.Surnames) + random.Pick(SeedNames.Given) + (random.Next(4) == 0 ? random.Pick(SeedNames.Given) : "");
        }

        if (row.Type == CustomerType.Enterprise)
        {
            row.Size = random.Pick(SeedNames.Sizes);
            row.ContactName = random.Pick(SeedNames.Surnames) + random.Pick(SeedNames.Given);
            row.TaxId = RandomTaxId(random);
        }
        else
        {
            row.ContactName = row.Name;
        }

        if (recent.Count < 5000)
        {
            recent.Add((row.Name, row.Phone));
        }
        else
        {
            recent[random.Next(recent.Count)] = (row.Name, row.Phone);
        }

        return duplicate;
    }

    /// <summary>Same name to a person, different to a string compare: full-width letters, spaces, another suffix.</summary>
    private static string Variant(string name)
    {
        var builder = new StringBuilder(name.Length + 2);
        foreach (var c in name)
        {
            builder.Append(c is >= '!' and <= '~' ? (char)(c - '!' + '！') : c);
        }

        var text = builder.ToString();
        return text.EndsWith("有限公司", StringComparison.Ordinal) ? text[..^4] + " 有限责任公司" : text + " ";
    }

    private static string RandomTaxId(Random random)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        Span<char> body = stackalloc char[17];
        body[0] = '9';
        body[1] = '1';
        for (var i = 2; i < 8; i++)
        {
            body[i] = (char)('0' + random.Next(10));
        }

        for (var i = 8; i < 17; i++)
        {
            body[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(body) + TaxIds.CheckCharacter(body);
    }

    private static int Purchases(Random random, CustomerRow row, DateTime now, SeedStatements sql, IdCursor ids)
    {
        // Pareto(α = 1.5) from 1: most customers bought once or twice, a few hundreds of times.
        var count = Math.Min(400, (int)(1 / Math.Pow(1 - random.NextDouble(), 1 / 1.5)));
        var level = Math.Log(30_000) + Gaussian(random) * 0.9; // ¥300 typical order, varying by customer
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var amount = Math.Max(100, (long)Math.Exp(level + Gaussian(random) * 0.6));
            var at = now.AddMinutes(-random.Next(1, 730 * 24 * 60));
            sql.InsertTransaction(++ids.Transaction, row.Id, TransactionKind.Sale, amount, random.Pick(SeedNames.Products), random.Next(1, 6), at, now);
            row.Sales += amount;
            row.Count++;
            row.First = row.First is null || at < row.First ? at : row.First;
            row.Last = row.Last is null || at > row.Last ? at : row.Last;
            written++;
            if (random.NextDouble() < 0.03)
            {
                sql.InsertTransaction(++ids.Transaction, row.Id, TransactionKind.Refund, amount, "退货", 1, at.AddDays(random.Next(1, 30)) > now ? now : at.AddDays(random.Next(1, 30)), now);
                row.Refunds += amount;
                row.Count++;
                written++;
            }
        }

        row.AverageOrder = (long)Math.Exp(level);
        return written;
    }

    private static (int Issued, int Paid, int WrittenOff) Receivables(Random random, CustomerRow row, DateOnly today, DateTime now, SeedStatements sql, IdCursor ids)
    {
        int issued = 0, paid = 0, writtenOff = 0;
        var invoiceCount = Math.Min(row.Count, 1 + random.Next(4));
        for (var i = 0; i < invoiceCount; i++)
        {
            var amount = Math.Max(1000, row.AverageOrder * random.Next(2, 12));
            var terms = random.Pick(TermChoices);
            var issue = today.AddDays(-random.Next(0, 420));
            var due = issue.AddDays(terms);
            var invoiceId = ++ids.Invoice;
            var behaviour = random.NextDouble();
            DateOnly? paidOn = behaviour switch
            {
                < 0.60 => issue.AddDays(random.Next(0, terms + 1)),   // on time
                < 0.85 => due.AddDays(random.Next(1, 150)),            // late
                _ => null,                                             // never
            };
            if (paidOn > today)
            {
                paidOn = null; // not paid yet
            }

            var status = paidOn is null ? InvoiceStatus.Open : InvoiceStatus.Paid;
            long writeOff = 0;
            DateOnly? writtenOn = null;
            if (paidOn is null && today.DayNumber - due.DayNumber > 180 && random.NextDouble() < 0.5)
            {
                status = InvoiceStatus.WrittenOff;
                writeOff = amount;
                writtenOn = due.AddDays(180);
                writtenOff++;
            }

            sql.InsertInvoice(invoiceId, row.Id, $"INV-{invoiceId:D8}", amount, issue, due, paidOn is null ? 0 : amount, writeOff, status, writtenOn, now);
            row.Invoiced += amount;
            row.WrittenOff += writeOff;
            row.Outstanding += status == InvoiceStatus.Open ? amount : 0;
            if (paidOn is { } date)
            {
                var paymentId = ++ids.Payment;
                sql.InsertPayment(paymentId, row.Id, amount, date, now);
                sql.InsertAllocation(paymentId, invoiceId, amount, date);
                paid++;
            }

            issued++;
        }

        return (issued, paid, writtenOff);
    }

    private static readonly int[] TermChoices = [30, 60, 90];

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static void Exec(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
    }

    /// <summary>Drops the explicit indexes of the seeded tables, returning their CREATE statements.</summary>
    private static List<string> DropSecondaryIndexes(SqliteConnection connection, SqliteTransaction tx)
    {
        var indexes = new List<(string Name, string Sql)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                AND tbl_name IN ('customers', 'customer_attributes', 'transactions', 'invoices', 'payments', 'payment_allocations')
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            Exec(connection, $"DROP INDEX \"{name}\"", tx);
        }

        return indexes.Select(i => i.Sql).ToList();
    }

    /// <summary>The next free id of each seeded table, so rows can reference each other without RETURNING.</summary>
    private sealed class IdCursor
    {
        public IdCursor(SqliteConnection connection)
        {
            Customer = Max(connection, "customers");
            Transaction = Max(connection, "transactions");
            Invoice = Max(connection, "invoices");
            Payment = Max(connection, "payments");
        }

        public long Customer;
        public long Transaction;
        public long Invoice;
        public long Payment;

        private static long Max(SqliteConnection connection, string table)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM {table}";
            return (long)command.ExecuteScalar()!;
        }
    }

    internal sealed class CustomerRow
    {
        public long Id;
        public string ExternalRef = "";
        public string Name = "";
        public CustomerType Type;
        public string Industry = "";
        public string Region = "";
        public string Size = "";
        public string ContactName = "";
        public string Phone = "";
        public string Email = "";
        public string TaxId = "";
        public long Sales;
        public long Refunds;
        public long Count;
        public DateTime? First;
        public DateTime? Last;
        public long Invoiced;
        public long Outstanding;
        public long WrittenOff;
        public long AverageOrder;
    }
}
