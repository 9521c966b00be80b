namespace LedgerGrpc.Classification.Features;

/// <summary>The ledger facts features are computed from, detached from storage so the calculator is pure
/// and the in-memory store can keep them for time-driven re-computation without touching SQLite.</summary>
public sealed class CustomerFacts(
    CustomerProfile profile,
    PurchaseHistory purchases,
    InvoiceFact[] invoices,
    long creditLimitMinor,
    long creditBalanceMinor)
{
    public CustomerFacts(CustomerProfile profile, PurchaseFact[] purchases, InvoiceFact[] invoices, long creditLimitMinor, long creditBalanceMinor)
        : this(profile, PurchaseHistory.Of(purchases), invoices, creditLimitMinor, creditBalanceMinor)
    {
    }

    public CustomerProfile Profile { get; } = profile;

    public PurchaseHistory Purchases { get; } = purchases;

    public InvoiceFact[] Invoices { get; } = invoices;

    public long CreditLimitMinor { get; } = creditLimitMinor;

    public long CreditBalanceMinor { get; } = creditBalanceMinor;

    /// <summary>The same customer with purchases recorded since these facts were read.</summary>
    public CustomerFacts WithPurchases(PurchaseHistory purchases) => new(Profile, purchases, Invoices, CreditLimitMinor, CreditBalanceMinor);
}

/// <summary>The customer's attributes as rules read them. A class rather than a record so that custom attributes can be
/// kept as a small array (a dictionary per customer cost about 250 bytes for one attribute, a quarter of what the
/// server held per customer); features get them as a dictionary when computed.</summary>
public sealed class CustomerProfile(
    long customerId,
    string externalRef,
    string name,
    string type,
    string industry,
    string region,
    string size,
    string[] tags,
    IEnumerable<KeyValuePair<string, string>> attributes,
    DateTime createdAt,
    bool archived)
{
    public long CustomerId { get; } = customerId;
    public string ExternalRef { get; } = externalRef;
    public string Name { get; } = name;
    public string Type { get; } = type;
    public string Industry { get; } = industry;
    public string Region { get; } = region;
    public string Size { get; } = size;
    public string[] Tags { get; } = tags;

    /// <summary>Custom attributes, keys and values pooled (most customers repeat a few keys and values).</summary>
    public KeyValuePair<string, string>[] Attributes { get; } = Compact(attributes);

    public DateTime CreatedAt { get; } = createdAt;
    public bool Archived { get; } = archived;

    private static KeyValuePair<string, string>[] Compact(IEnumerable<KeyValuePair<string, string>> attributes)
    {
        KeyValuePair<string, string>[] result = [.. attributes.Select(a => KeyValuePair.Create(StringPool.Share(a.Key), StringPool.ShareAttributeValue(a.Value)))];
        if (result.Length == 0) return [];
        if (AttributeSets.TryGetValue(result, out var shared)) return shared;
        return AttributeSets.Count < MaxAttributeSets ? AttributeSets.GetOrAdd(result, result) : result;
    }

    // Most customers carry one of a few attribute sets (a sales channel, say): one array per distinct set, bounded like
    // StringPool so that unique values cannot grow it without limit.
    private const int MaxAttributeSets = 100_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<KeyValuePair<string, string>[], KeyValuePair<string, string>[]> AttributeSets =
        new(new SameAttributes());

    private sealed class SameAttributes : IEqualityComparer<KeyValuePair<string, string>[]>
    {
        public bool Equals(KeyValuePair<string, string>[]? x, KeyValuePair<string, string>[]? y)
        {
            if (x is null || y is null || x.Length != y.Length) return false;
            for (var i = 0; i < x.Length; i++)
            {
                if (!string.Equals(x[i].Key, y[i].Key, StringComparison.Ordinal) || !string.Equals(x[i].Value, y[i].Value, StringComparison.Ordinal)) return false;
            }

            return true;
        }

        public int GetHashCode(KeyValuePair<string, string>[] obj)
        {
            var hash = new HashCode();
            foreach (var (key, value) in obj) hash.Add(HashCode.Combine(key, value));
            return hash.ToHashCode();
        }
    }
}

/// <summary>A sale or refund; <see cref="AmountMinor"/> is never negative.</summary>
public readonly record struct PurchaseFact
{
    // A refund is stored as the amount's complement: one field instead of an amount and a flag padded to eight bytes,
    // so a million customers' purchases take a quarter less memory. The complement keeps a zero refund a refund.
    private readonly long _amountOrRefundComplement;

    public PurchaseFact(DateTime occurredAt, long amountMinor, bool isRefund, string product)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amountMinor);
        OccurredAt = occurredAt;
        _amountOrRefundComplement = isRefund ? ~amountMinor : amountMinor;
        Product = product;
    }

    public DateTime OccurredAt { get; }

    public long AmountMinor => _amountOrRefundComplement < 0 ? ~_amountOrRefundComplement : _amountOrRefundComplement;

    public bool IsRefund => _amountOrRefundComplement < 0;

    public string Product { get; }
}

/// <summary>An invoice and how it has been settled so far.</summary>
public readonly record struct InvoiceFact(
    DateTime IssuedAt,
    DateTime DueAt,
    long AmountMinor,
    long PaidMinor,
    long WrittenOffMinor,
    DateTime? SettledAt);
