namespace LedgerGrpc.Ledger.Model;

/// <summary>A customer and the running totals the ledger keeps for it (updated in the same transaction as each change).</summary>
public sealed class Customer
{
    public long Id { get; set; }
    public string ExternalRef { get; set; } = "";
    public string Name { get; set; } = "";
    public CustomerType Type { get; set; }
    public string Industry { get; set; } = "";
    public string Region { get; set; } = "";
    public string Size { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Email { get; set; } = "";
    public string Address { get; set; } = "";
    public string TaxId { get; set; } = "";
    public List<string> Tags { get; set; } = [];
    public List<CustomerAttribute> Attributes { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public bool Archived { get; set; }
    public long? MergedIntoId { get; set; }

    // Normalised keys for duplicate detection (see DuplicateKeys), indexed.
    public string NameKey { get; set; } = "";
    public string PhoneKey { get; set; } = "";
    public string EmailKey { get; set; } = "";

    public long SalesTotalMinor { get; set; }
    public long RefundTotalMinor { get; set; }
    public long TransactionCount { get; set; }
    public DateTime? FirstPurchaseAt { get; set; }
    public DateTime? LastPurchaseAt { get; set; }
    public long InvoicedTotalMinor { get; set; }
    public long OutstandingMinor { get; set; }
    public long WrittenOffMinor { get; set; }
    public long CreditBalanceMinor { get; set; }

    public CreditLimit? CreditLimit { get; set; }
}
