using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LedgerGrpc.Ledger;

/// <summary>
/// The ledger's EF Core model. Table names are fixed (snake_case) because the group-commit writer's
/// hot path and the seeder write some tables with prepared SQL statements.
/// </summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerAttribute> CustomerAttributes => Set<CustomerAttribute>();
    public DbSet<Transaction> Transactions => Set<Transaction>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<PaymentAllocation> PaymentAllocations => Set<PaymentAllocation>();
    public DbSet<CreditLimit> CreditLimits => Set<CreditLimit>();
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<MergeRecord> MergeRecords => Set<MergeRecord>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite hands DateTime back unspecified; everything the ledger stores is UTC.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Customer>(e =>
        {
            e.ToTable("customers");
            e.HasIndex(c => c.ExternalRef).IsUnique();
            e.HasIndex(c => c.NameKey);
            e.HasIndex(c => c.PhoneKey);
            e.HasIndex(c => c.EmailKey);
            e.HasIndex(c => c.TaxId);
            e.HasMany(c => c.Attributes).WithOne().HasForeignKey(a => a.CustomerId);
            e.HasOne(c => c.CreditLimit).WithOne().HasForeignKey<CreditLimit>(l => l.CustomerId);
        });
        model.Entity<CustomerAttribute>(e =>
        {
            e.ToTable("customer_attributes");
            e.HasKey(a => new { a.CustomerId, a.Key });
            e.HasIndex(a => new { a.Key, a.Value });
        });
        model.Entity<Transaction>(e =>
        {
            e.ToTable("transactions");
            e.HasIndex(t => new { t.CustomerId, t.Id });
        });
        model.Entity<Invoice>(e =>
        {
            e.ToTable("invoices");
            e.HasIndex(i => new { i.CustomerId, i.Status, i.DueDate });
            e.Ignore(i => i.OutstandingMinor);
        });
        model.Entity<Payment>(e =>
        {
            e.ToTable("payments");
            e.HasIndex(p => p.CustomerId);
            e.HasMany(p => p.Allocations).WithOne().HasForeignKey(a => a.PaymentId);
        });
        model.Entity<PaymentAllocation>(e =>
        {
            e.ToTable("payment_allocations");
            e.HasIndex(a => a.InvoiceId);
        });
        model.Entity<CreditLimit>(e =>
        {
            e.ToTable("credit_limits");
            e.HasKey(l => l.CustomerId);
        });
        model.Entity<Note>(e =>
        {
            e.ToTable("notes");
            e.HasIndex(n => new { n.CustomerId, n.Id });
        });
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasIndex(a => a.CustomerId);
            // No index for ListAuditEntries' filters: every ledger write appends a row here, and an
            // index per filter would tax that hot path; the listing walks the rowid backwards instead.
        });
        model.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(k => k.Name).IsUnique();
            e.HasIndex(k => k.KeyId).IsUnique();
        });
        model.Entity<MergeRecord>(e => e.ToTable("merge_records"));
        model.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(r => new { r.Scope, r.Key });
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
