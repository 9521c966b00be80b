using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LedgerGrpc.Classification.Storage.Migrations
{
    /// <summary>
    /// Memberships become one B-tree: the (Dimension, Segment, CustomerId) index goes (segment listings are answered
    /// from memory) and the table is rebuilt WITHOUT ROWID, clustered on its key, so replacing a customer's membership
    /// touches one B-tree instead of three. EF has no WITHOUT ROWID option, hence the SQL; a later migration that makes
    /// EF rebuild this table must keep the clause.
    /// </summary>
    public partial class CompactMemberships : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cls_memberships_Dimension_Segment_CustomerId",
                table: "cls_memberships");
            Rebuild(migrationBuilder, "WITHOUT ROWID");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Rebuild(migrationBuilder, "");
            migrationBuilder.CreateIndex(
                name: "IX_cls_memberships_Dimension_Segment_CustomerId",
                table: "cls_memberships",
                columns: new[] { "Dimension", "Segment", "CustomerId" });
        }

        private static void Rebuild(MigrationBuilder migrationBuilder, string options)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE "cls_memberships_rebuilt" (
                    "CustomerId" INTEGER NOT NULL,
                    "Dimension" TEXT NOT NULL,
                    "Segment" TEXT NOT NULL,
                    "Rule" TEXT NOT NULL,
                    "WorkflowVersion" INTEGER NOT NULL,
                    "SinceUnixMs" INTEGER NOT NULL,
                    CONSTRAINT "PK_cls_memberships" PRIMARY KEY ("CustomerId", "Dimension", "Segment")
                ) {options};
                """);
            migrationBuilder.Sql("""
                INSERT INTO "cls_memberships_rebuilt" ("CustomerId", "Dimension", "Segment", "Rule", "WorkflowVersion", "SinceUnixMs")
                SELECT "CustomerId", "Dimension", "Segment", "Rule", "WorkflowVersion", "SinceUnixMs" FROM "cls_memberships"
                ORDER BY "CustomerId", "Dimension", "Segment";
                """);
            migrationBuilder.Sql("""DROP TABLE "cls_memberships";""");
            migrationBuilder.Sql("""ALTER TABLE "cls_memberships_rebuilt" RENAME TO "cls_memberships";""");
        }
    }
}
