using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Schedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonitoringItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Due = table.Column<DateOnly>(type: "date", nullable: false),
                    WindowDays = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Origin = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlanKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Edited = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DoneDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonitoringItems_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScheduleSettings",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    VisitMonthsEarly = table.Column<int>(type: "integer", nullable: false),
                    VisitMonthsLater = table.Column<int>(type: "integer", nullable: false),
                    StableMonthsBeforeLater = table.Column<int>(type: "integer", nullable: false),
                    ReminderLeadDays = table.Column<int>(type: "integer", nullable: false),
                    EmailReminders = table.Column<bool>(type: "boolean", nullable: false),
                    FeedTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    FeedCreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PlanBasis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleSettings", x => x.RecordId);
                    table.ForeignKey(
                        name: "FK_ScheduleSettings_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringResults",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    ImagingOutcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Analyte = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Value = table.Column<decimal>(type: "numeric(12,3)", precision: 12, scale: 3, nullable: true),
                    Unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    RefLow = table.Column<decimal>(type: "numeric(12,3)", precision: 12, scale: 3, nullable: true),
                    RefHigh = table.Column<decimal>(type: "numeric(12,3)", precision: 12, scale: 3, nullable: true),
                    Grade = table.Column<int>(type: "integer", nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonitoringResults_MonitoringItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "MonitoringItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringItems_RecordId",
                table: "MonitoringItems",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringItems_RecordId_Due",
                table: "MonitoringItems",
                columns: new[] { "RecordId", "Due" });

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringItems_RecordId_PlanKey",
                table: "MonitoringItems",
                columns: new[] { "RecordId", "PlanKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringResults_ItemId",
                table: "MonitoringResults",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringResults_RecordId",
                table: "MonitoringResults",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringResults_RecordId_Analyte_Date",
                table: "MonitoringResults",
                columns: new[] { "RecordId", "Analyte", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleSettings_FeedTokenHash",
                table: "ScheduleSettings",
                column: "FeedTokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonitoringResults");

            migrationBuilder.DropTable(
                name: "ScheduleSettings");

            migrationBuilder.DropTable(
                name: "MonitoringItems");
        }
    }
}
