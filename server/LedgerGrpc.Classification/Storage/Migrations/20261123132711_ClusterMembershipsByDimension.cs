using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LedgerGrpc.Classification.Storage.Migrations
{
    /// <summary>
    /// Memberships keyed (Dimension, CustomerId, Segment) instead of (CustomerId, Dimension, Segment): the table is
    /// clustered on its key (WITHOUT ROWID), and a publish rewrites one dimension for a fifth of all customers, which
    /// by customer touched nearly every page of the table and by dimension touches one dimension's pages in order.
    /// EF would rebuild the table for a key change and drop WITHOUT ROWID, hence the SQL.
    /// </summary>
    public partial class ClusterMembershipsByDimension : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            Rebuild(migrationBuilder, "\"Dimension\", \"CustomerId\", \"Segment\"");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            Rebuild(migrationBuilder, "\"CustomerId\", \"Dimension\", \"Segment\"");

        internal static void Rebuild(MigrationBuilder migrationBuilder, string key)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE "cls_memberships_rebuilt" (
                    "CustomerId" INTEGER NOT NULL,
                    "Dimension" TEXT NOT NULL,
                    "Segment" TEXT NOT NULL,
                    "Rule" TEXT NOT NULL,
                    "WorkflowVersion" INTEGER NOT NULL,
                    "SinceUnixMs" INTEGER NOT NULL,
                    CONSTRAINT "PK_cls_memberships" PRIMARY KEY ({key})
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "cls_memberships_rebuilt" ("CustomerId", "Dimension", "Segment", "Rule", "WorkflowVersion", "SinceUnixMs")
                SELECT "CustomerId", "Dimension", "Segment", "Rule", "WorkflowVersion", "SinceUnixMs" FROM "cls_memberships" ORDER BY {key};
                """);
            migrationBuilder.Sql("""DROP TABLE "cls_memberships";""");
            migrationBuilder.Sql("""ALTER TABLE "cls_memberships_rebuilt" RENAME TO "cls_memberships";""");
        }
    }
}
