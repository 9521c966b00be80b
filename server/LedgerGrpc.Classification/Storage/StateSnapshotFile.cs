using System.Runtime.CompilerServices;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// The classification state snapshot file (<c>{DataDir}/classification.snapshot</c>): every customer's facts (profile,
/// purchases, invoices, credit) and memberships as held in memory, with the <see cref="SnapshotMarks"/> they are
/// current at, so a restart reads one sequential file instead of the ledger and nine million membership rows.
/// Repeated strings (segments, rules, products, regions...) and shared membership arrays are written once and referred
/// to by number. A SHA-256 of everything before it ends the file: a file cut short or changed is refused whole.
/// Nothing derived (features, per-segment indexes) is kept: it is recomputed from what is restored. The population
/// ranks each customer carries (from the last sweep) are kept, as between two sweeps.
/// </summary>
public static class StateSnapshotFile
{
    public const string FileName = "classification.snapshot";
    private const ulong Magic = 0x31_50_41_4E_53_43_47_4C; // "LGCSNAP1"
    private const int FormatVersion = 2;
    private const int HashLength = 32;

    /// <summary>One customer as restored: its facts, the instant and population ranks its features were computed
    /// with, and its memberships.</summary>
    public readonly record struct Customer(CustomerFacts Facts, DateTime FeaturesAsOf, FeatureRanks Ranks, Membership[] Memberships);

    /// <summary>Writes <paramref name="entries"/> at <paramref name="marks"/> to <paramref name="path"/> (through a
    /// temporary file, flushed to disk, then renamed over it: a crash leaves the old snapshot or the new, never half).</summary>
    public static long Write(string path, SnapshotMarks marks, int count, IEnumerable<CustomerEntry> entries)
    {
        var temporary = path + ".tmp";
        long written = 0;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var hashing = new HashingStream(file))
            {
                using (var output = new BinaryWriter(new BufferedStream(hashing, 1 << 20), System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    output.Write(Magic);
                    output.Write(FormatVersion);
                    WriteMarks(output, marks);
                    var strings = new Dictionary<string, int>(StringComparer.Ordinal);
                    var arrays = new Dictionary<Membership[], int>(ReferenceEqualityComparer.Instance);
                    foreach (var entry in entries)
                    {
                        output.Write(true);
                        WriteCustomer(output, entry, strings, arrays);
                        written++;
                    }

                    output.Write(false);
                    output.Write(written);
                }

                file.Write(hashing.Hash());
            }

            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return written;
    }

    /// <summary>The marks and customers in <paramref name="path"/>; <see cref="InvalidDataException"/> when the file
    /// is not a whole snapshot of this format (its checksum is checked before anything is returned).</summary>
    public static (SnapshotMarks Marks, List<Customer> Customers) Read(string path, CancellationToken ct)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (file.Length < HashLength + 12) throw new InvalidDataException("the file is too short to be a snapshot");
        var payload = file.Length - HashLength;
        var hashing = new HashingStream(file, payload);
        SnapshotMarks marks;
        var customers = new List<Customer>();
        try
        {
            using var input = new BinaryReader(new BufferedStream(hashing, 1 << 20), System.Text.Encoding.UTF8, leaveOpen: true);
            if (input.ReadUInt64() != Magic) throw new InvalidDataException("not a classification snapshot");
            if (input.ReadInt32() is var version && version != FormatVersion) throw new InvalidDataException($"snapshot format {version}, this server reads {FormatVersion}");
            marks = ReadMarks(input);
            var strings = new List<string>();
            var arrays = new List<Membership[]>();
            var pool = new MembershipPool.Loader();
            while (input.ReadBoolean())
            {
                if ((customers.Count & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                customers.Add(ReadCustomer(input, strings, arrays, pool));
            }

            if (input.ReadInt64() != customers.Count) throw new InvalidDataException("the customer count does not match");
            if (hashing.Position != payload) throw new InvalidDataException("data after the last customer");
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the file ends early");
        }

        Span<byte> stored = stackalloc byte[HashLength];
        file.ReadExactly(stored);
        if (!stored.SequenceEqual(hashing.Hash())) throw new InvalidDataException("the checksum does not match the contents");
        return (marks, customers);
    }

    private static void WriteMarks(BinaryWriter output, SnapshotMarks m)
    {
        output.Write(m.AuditId);
        output.Write(m.AuditFingerprint);
        output.Write(m.ChangeSequence);
        output.Write(m.ChangeFingerprint);
        output.Write(m.MaxCustomerId);
        output.Write(m.MaxTransactionId);
        output.Write(m.MaxInvoiceId);
        output.Write(m.MaxPaymentId);
        output.Write(m.FirstCustomerFingerprint);
    }

    private static SnapshotMarks ReadMarks(BinaryReader input) => new(
        input.ReadInt64(), input.ReadString(), input.ReadInt64(), input.ReadString(), input.ReadInt64(), input.ReadInt64(), input.ReadInt64(), input.ReadInt64(), input.ReadString());

    private static void WriteCustomer(BinaryWriter output, CustomerEntry entry, Dictionary<string, int> strings, Dictionary<Membership[], int> arrays)
    {
        var facts = entry.Facts;
        var p = facts.Profile;
        output.Write7BitEncodedInt64(p.CustomerId);
        output.Write(p.ExternalRef);
        output.Write(p.Name);
        WritePooled(output, p.Type, strings);
        WritePooled(output, p.Industry, strings);
        WritePooled(output, p.Region, strings);
        WritePooled(output, p.Size, strings);
        output.Write7BitEncodedInt(p.Tags.Length);
        foreach (var tag in p.Tags) WritePooled(output, tag, strings);
        output.Write7BitEncodedInt(p.Attributes.Length);
        foreach (var (key, value) in p.Attributes)
        {
            WritePooled(output, key, strings);
            WritePooled(output, value, strings);
        }

        output.Write(p.CreatedAt.Ticks);
        output.Write(p.Archived);

        var purchases = facts.Purchases;
        output.Write7BitEncodedInt64(purchases.LastTransactionId);
        output.Write7BitEncodedInt(purchases.Count);
        foreach (var purchase in purchases.ByTime)
        {
            output.Write(purchase.OccurredAt.Ticks);
            output.Write(purchase.IsRefund ? ~purchase.AmountMinor : purchase.AmountMinor);
            WritePooled(output, purchase.Product, strings);
        }

        output.Write7BitEncodedInt(facts.Invoices.Length);
        foreach (var invoice in facts.Invoices)
        {
            output.Write(invoice.IssuedAt.Ticks);
            output.Write(invoice.DueAt.Ticks);
            output.Write(invoice.AmountMinor);
            output.Write(invoice.PaidMinor);
            output.Write(invoice.WrittenOffMinor);
            output.Write(invoice.SettledAt?.Ticks ?? -1);
        }

        output.Write(facts.CreditLimitMinor);
        output.Write(facts.CreditBalanceMinor);
        output.Write(entry.FeaturesAsOf.Ticks);
        output.Write(Hundredths(entry.Ranks.Spend));
        output.Write(Hundredths(entry.Ranks.Frequency));
        output.Write(Hundredths(entry.Ranks.Recency));

        // Customers mostly share their memberships array (MembershipPool): each distinct array is written once.
        if (arrays.TryGetValue(entry.Memberships, out var known))
        {
            output.Write7BitEncodedInt(known + 1);
            return;
        }

        arrays[entry.Memberships] = arrays.Count;
        output.Write7BitEncodedInt(0);
        output.Write7BitEncodedInt(entry.Memberships.Length);
        foreach (var m in entry.Memberships)
        {
            WritePooled(output, m.Dimension, strings);
            WritePooled(output, m.Segment, strings);
            WritePooled(output, m.Rule, strings);
            output.Write(m.WorkflowVersion);
            output.Write(m.Since.Ticks);
            output.Write(m.Overridden);
        }
    }

    private static Customer ReadCustomer(BinaryReader input, List<string> strings, List<Membership[]> arrays, MembershipPool.Loader pool)
    {
        var id = input.Read7BitEncodedInt64();
        var externalRef = input.ReadString();
        var name = input.ReadString();
        var type = ReadPooled(input, strings);
        var industry = ReadPooled(input, strings);
        var region = ReadPooled(input, strings);
        var size = ReadPooled(input, strings);
        var tags = new string[input.ReadCount()];
        for (var i = 0; i < tags.Length; i++) tags[i] = ReadPooled(input, strings);
        var attributes = new KeyValuePair<string, string>[input.ReadCount()];
        for (var i = 0; i < attributes.Length; i++) attributes[i] = KeyValuePair.Create(ReadPooled(input, strings), ReadPooled(input, strings));
        var createdAt = Utc(input.ReadInt64());
        var archived = input.ReadBoolean();
        var profile = new CustomerProfile(id, externalRef, name, type, industry, region, size, tags.Length == 0 ? [] : tags, attributes, createdAt, archived);

        var lastTransactionId = input.Read7BitEncodedInt64();
        var purchases = new PurchaseFact[input.ReadCount()];
        for (var i = 0; i < purchases.Length; i++)
        {
            var at = Utc(input.ReadInt64());
            var amount = input.ReadInt64();
            purchases[i] = new PurchaseFact(at, amount < 0 ? ~amount : amount, amount < 0, ReadPooled(input, strings));
        }

        var invoices = new InvoiceFact[input.ReadCount()];
        for (var i = 0; i < invoices.Length; i++)
        {
            var (issued, due, amount, paid, writtenOff, settled) = (input.ReadInt64(), input.ReadInt64(), input.ReadInt64(), input.ReadInt64(), input.ReadInt64(), input.ReadInt64());
            invoices[i] = new InvoiceFact(Utc(issued), Utc(due), amount, paid, writtenOff, settled < 0 ? null : Utc(settled));
        }

        var creditLimit = input.ReadInt64();
        var creditBalance = input.ReadInt64();
        var facts = new CustomerFacts(profile, PurchaseHistory.Of(purchases, lastTransactionId), invoices.Length == 0 ? [] : invoices, creditLimit, creditBalance);
        var asOf = Utc(input.ReadInt64());
        var ranks = new FeatureRanks(input.ReadUInt16() / 100.0, input.ReadUInt16() / 100.0, input.ReadUInt16() / 100.0);

        var reference = input.ReadCount();
        if (reference > 0)
        {
            if (reference > arrays.Count) throw new InvalidDataException($"customer {id} refers to memberships not yet defined");
            return new Customer(facts, asOf, ranks, arrays[reference - 1]);
        }

        var list = new List<Membership>(input.ReadCount());
        for (var i = list.Capacity; i > 0; i--)
        {
            var (dimension, segment, rule) = (ReadPooled(input, strings), ReadPooled(input, strings), ReadPooled(input, strings));
            list.Add(pool.Share(new Membership(dimension, segment, rule, input.ReadInt32(), Utc(input.ReadInt64()), input.ReadBoolean())));
        }

        var memberships = list.Count == 0 ? [] : pool.ShareArray(list);
        arrays.Add(memberships);
        return new Customer(facts, asOf, ranks, memberships);
    }

    private static ushort Hundredths(double percentile) => (ushort)Math.Round(Math.Clamp(percentile, 0, 100) * 100);

    /// <summary>A string written once, then by number (0 introduces a new one).</summary>
    private static void WritePooled(BinaryWriter output, string value, Dictionary<string, int> strings)
    {
        if (strings.TryGetValue(value, out var index))
        {
            output.Write7BitEncodedInt(index + 1);
            return;
        }

        strings[value] = strings.Count;
        output.Write7BitEncodedInt(0);
        output.Write(value);
    }

    private static string ReadPooled(BinaryReader input, List<string> strings)
    {
        var index = input.ReadCount();
        if (index == 0)
        {
            // One instance per distinct string of the file, shared by every customer that repeats it.
            var value = input.ReadString();
            strings.Add(value);
            return value;
        }

        return index <= strings.Count ? strings[index - 1] : throw new InvalidDataException("a string referred to before it was defined");
    }

    private static int ReadCount(this BinaryReader input)
    {
        var count = input.Read7BitEncodedInt();
        return count >= 0 ? count : throw new InvalidDataException("a negative count");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DateTime Utc(long ticks) =>
        ticks is >= 0 and <= 3_155_378_975_999_999_999 ? new DateTime(ticks, DateTimeKind.Utc) : throw new InvalidDataException("a date out of range");
}
