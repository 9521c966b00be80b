using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// Classification tables, in the ledger's SQLite file so that a write and the segment changes it causes
/// commit in one transaction. Its migrations keep their own history table so they never collide with the
/// ledger's. Times are Unix milliseconds (INTEGER): bulk re-classification writes them with raw SQL.
/// </summary>
public sealed class ClassificationDbContext(DbContextOptions<ClassificationDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__ClassificationMigrationsHistory";

    public DbSet<WorkflowVersionRecord> WorkflowVersions => Set<WorkflowVersionRecord>();
    public DbSet<MembershipRecord> Memberships => Set<MembershipRecord>();
    public DbSet<SegmentChangeRecord> SegmentChanges => Set<SegmentChangeRecord>();
    public DbSet<CategoryRecord> Categories => Set<CategoryRecord>();
    public DbSet<CustomerCategoryRecord> CustomerCategories => Set<CustomerCategoryRecord>();
    public DbSet<OverrideRecord> Overrides => Set<OverrideRecord>();
    public DbSet<ReclassificationRecord> Reclassifications => Set<ReclassificationRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkflowVersionRecord>(e =>
        {
            e.ToTable("cls_workflow_versions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Name, x.Version }).IsUnique();
            e.Property(x => x.Name).HasMaxLength(100);
        });
        modelBuilder.Entity<MembershipRecord>(e =>
        {
            e.ToTable("cls_memberships");
            // The key is the only index and the table is WITHOUT ROWID (migrations CompactMemberships and
            // ClusterMembershipsByDimension): memberships are read whole at start-up and replaced per customer and
            // dimension; segment listings come from memory. Dimension first, so a publish, which rewrites one dimension,
            // touches that dimension's pages only.
            e.HasKey(x => new { x.Dimension, x.CustomerId, x.Segment });
        });
        modelBuilder.Entity<SegmentChangeRecord>(e =>
        {
            e.ToTable("cls_segment_changes");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedOnAdd();
            // A customer's history is read per batch (see ClassificationReader.History).
            e.HasIndex(x => new { x.Batch, x.CustomerId, x.Sequence });
            e.HasIndex(x => new { x.Dimension, x.AtUnixMs });
        });
        modelBuilder.Entity<CategoryRecord>(e =>
        {
            e.ToTable("cls_categories");
            e.HasKey(x => x.Code);
        });
        modelBuilder.Entity<CustomerCategoryRecord>(e =>
        {
            e.ToTable("cls_customer_categories");
            e.HasKey(x => x.CustomerId);
            e.HasIndex(x => x.Code);
        });
        modelBuilder.Entity<OverrideRecord>(e =>
        {
            e.ToTable("cls_overrides");
            e.HasKey(x => new { x.CustomerId, x.Dimension });
        });
        modelBuilder.Entity<ReclassificationRecord>(e =>
        {
            e.ToTable("cls_reclassifications");
            e.HasKey(x => x.Id);
            // Ids are handed out by the engine (the last stored one + 1), not by SQLite.
            e.Property(x => x.Id).ValueGeneratedNever();
        });
    }
}
