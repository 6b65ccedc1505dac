using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    NctId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SavedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    LastUpdateSeen = table.Column<DateOnly>(type: "date", nullable: true),
                    LastRunUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastResult = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncStates", x => x.Source);
                });

            migrationBuilder.CreateTable(
                name: "TrialAnnotations",
                columns: table => new
                {
                    NctId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlainSummary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Tags = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Featured = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrialAnnotations", x => x.NctId);
                });

            migrationBuilder.CreateTable(
                name: "TrialNotices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    NctId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Verdict = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SeenUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    NctId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Phases = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Countries = table.Column<string>(type: "text", nullable: true),
                    Conditions = table.Column<string>(type: "text", nullable: true),
                    Categories = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CriteriaJson = table.Column<string>(type: "text", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OfficialTitle = table.Column<string>(type: "text", nullable: true),
                    Acronym = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    BriefSummary = table.Column<string>(type: "text", nullable: true),
                    StudyType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Keywords = table.Column<string>(type: "text", nullable: true),
                    Interventions = table.Column<string>(type: "text", nullable: true),
                    Sponsor = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LastUpdate = table.Column<DateOnly>(type: "date", nullable: true),
                    MinAgeYears = table.Column<int>(type: "integer", nullable: true),
                    MaxAgeYears = table.Column<int>(type: "integer", nullable: true),
                    Sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    EligibilityText = table.Column<string>(type: "text", nullable: true),
                    InclusionJson = table.Column<string>(type: "text", nullable: false),
                    ExclusionJson = table.Column<string>(type: "text", nullable: false),
                    LocationsJson = table.Column<string>(type: "text", nullable: false),
                    ContactsJson = table.Column<string>(type: "text", nullable: false),
                    RawJson = table.Column<string>(type: "text", nullable: false),
                    ImportedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
