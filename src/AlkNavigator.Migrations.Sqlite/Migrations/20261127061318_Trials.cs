using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Trials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SavedTrials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NctId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SavedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedTrials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedTrials_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SyncStates",
                columns: table => new
                {
                    Source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    LastUpdateSeen = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastRunUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastResult = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncStates", x => x.Source);
                });

            migrationBuilder.CreateTable(
                name: "TrialAnnotations",
                columns: table => new
                {
                    NctId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PlainSummary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Featured = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrialAnnotations", x => x.NctId);
                });

            migrationBuilder.CreateTable(
                name: "TrialNotices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NctId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SeenUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrialNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrialNotices_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The columns matching reads come first: on SQLite a scan then stops before the large text columns.
            migrationBuilder.CreateTable(
                name: "Trials",
                columns: table => new
                {
                    NctId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Phases = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Countries = table.Column<string>(type: "TEXT", nullable: true),
                    Conditions = table.Column<string>(type: "TEXT", nullable: true),
                    Categories = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CriteriaJson = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OfficialTitle = table.Column<string>(type: "TEXT", nullable: true),
                    Acronym = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BriefSummary = table.Column<string>(type: "TEXT", nullable: true),
                    StudyType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Keywords = table.Column<string>(type: "TEXT", nullable: true),
                    Interventions = table.Column<string>(type: "TEXT", nullable: true),
                    Sponsor = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastUpdate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    MinAgeYears = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxAgeYears = table.Column<int>(type: "INTEGER", nullable: true),
                    Sex = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    EligibilityText = table.Column<string>(type: "TEXT", nullable: true),
                    InclusionJson = table.Column<string>(type: "TEXT", nullable: false),
                    ExclusionJson = table.Column<string>(type: "TEXT", nullable: false),
                    LocationsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ContactsJson = table.Column<string>(type: "TEXT", nullable: false),
                    RawJson = table.Column<string>(type: "TEXT", nullable: false),
                    ImportedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trials", x => x.NctId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SavedTrials_RecordId_NctId",
                table: "SavedTrials",
                columns: new[] { "RecordId", "NctId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrialNotices_RecordId_NctId",
                table: "TrialNotices",
                columns: new[] { "RecordId", "NctId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Trials_LastUpdate",
                table: "Trials",
                column: "LastUpdate");

            migrationBuilder.CreateIndex(
                name: "IX_Trials_Status",
                table: "Trials",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SavedTrials");

            migrationBuilder.DropTable(
                name: "SyncStates");

            migrationBuilder.DropTable(
                name: "TrialAnnotations");

            migrationBuilder.DropTable(
                name: "TrialNotices");

            migrationBuilder.DropTable(
                name: "Trials");
        }
    }
}
