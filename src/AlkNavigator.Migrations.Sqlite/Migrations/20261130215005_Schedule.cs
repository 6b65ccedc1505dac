using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Due = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WindowDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PlanKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Edited = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DoneDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
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
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VisitMonthsEarly = table.Column<int>(type: "INTEGER", nullable: false),
                    VisitMonthsLater = table.Column<int>(type: "INTEGER", nullable: false),
                    StableMonthsBeforeLater = table.Column<int>(type: "INTEGER", nullable: false),
                    ReminderLeadDays = table.Column<int>(type: "INTEGER", nullable: false),
                    EmailReminders = table.Column<bool>(type: "INTEGER", nullable: false),
                    FeedTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    FeedCreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PlanBasis = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ImagingOutcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Analyte = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Value = table.Column<decimal>(type: "TEXT", precision: 12, scale: 3, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    RefLow = table.Column<decimal>(type: "TEXT", precision: 12, scale: 3, nullable: true),
                    RefHigh = table.Column<decimal>(type: "TEXT", precision: 12, scale: 3, nullable: true),
                    Grade = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
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
