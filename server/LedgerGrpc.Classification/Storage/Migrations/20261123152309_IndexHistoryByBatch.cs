using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LedgerGrpc.Classification.Storage.Migrations
{
    /// <summary>
    /// The per-customer history index (CustomerId, Sequence) becomes (Batch, CustomerId, Sequence). A publish moving
    /// 200,000 of a million customers inserted into nearly all of that index's 40,000 pages (a customer's entries sit
    /// together, so a fifth of all customers is every page), and every dirtied page is written to the WAL, synced and
    /// checkpointed. Changes of a large job now share a batch and go to the end of the index in customer order.
    /// Existing rows are batch 0. On a million-customer ledger (9 M rows) the index build takes about 8 s, once.
    /// </summary>
    public partial class IndexHistoryByBatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cls_segment_changes_CustomerId_Sequence",
                table: "cls_segment_changes");

            migrationBuilder.AddColumn<long>(
                name: "Batch",
                table: "cls_segment_changes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_cls_segment_changes_Batch_CustomerId_Sequence",
                table: "cls_segment_changes",
                columns: new[] { "Batch", "CustomerId", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cls_segment_changes_Batch_CustomerId_Sequence",
                table: "cls_segment_changes");

            migrationBuilder.DropColumn(
                name: "Batch",
                table: "cls_segment_changes");

            migrationBuilder.CreateIndex(
                name: "IX_cls_segment_changes_CustomerId_Sequence",
                table: "cls_segment_changes",
                columns: new[] { "CustomerId", "Sequence" });
        }
    }
}
