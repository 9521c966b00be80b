using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LedgerGrpc.Classification.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InitialClassification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cls_categories",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cls_categories", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "cls_customer_categories",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cls_customer_categories", x => x.CustomerId);
                });

            migrationBuilder.CreateTable(
                name: "cls_memberships",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", nullable: false),
                    Segment = table.Column<string>(type: "TEXT", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", nullable: false),
                    WorkflowVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    SinceUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cls_memberships", x => new { x.CustomerId, x.Dimension, x.Segment });
                });

            migrationBuilder.CreateTable(
                name: "cls_overrides",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", nullable: false),
                    Segment = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAtUnixMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cls_overrides", x => new { x.CustomerId, x.Dimension });
                });

            migrationBuilder.CreateTable(
                name: "cls_segment_changes",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", nullable: false),
                    FromSegment = table.Column<string>(type: "TEXT", nullable: false),
                    ToSegment = table.Column<string>(type: "TEXT", nullable: false),
                    AtUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Cause = table.Column<string>(type: "TEXT", nullable: false),
                    WorkflowVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cls_segment_changes", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "cls_workflow_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cls_workflow_versions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cls_customer_categories_Code",
                table: "cls_customer_categories",
                column: "Code");

            migrationBuilder.CreateIndex(
                name: "IX_cls_memberships_Dimension_Segment_CustomerId",
                table: "cls_memberships",
                columns: new[] { "Dimension", "Segment", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_cls_segment_changes_CustomerId_Sequence",
                table: "cls_segment_changes",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_cls_segment_changes_Dimension_AtUnixMs",
                table: "cls_segment_changes",
                columns: new[] { "Dimension", "AtUnixMs" });

            migrationBuilder.CreateIndex(
                name: "IX_cls_workflow_versions_Name_Version",
                table: "cls_workflow_versions",
                columns: new[] { "Name", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cls_categories");

            migrationBuilder.DropTable(
                name: "cls_customer_categories");

            migrationBuilder.DropTable(
                name: "cls_memberships");

            migrationBuilder.DropTable(
                name: "cls_overrides");

            migrationBuilder.DropTable(
                name: "cls_segment_changes");

            migrationBuilder.DropTable(
                name: "cls_workflow_versions");
        }
    }
}
