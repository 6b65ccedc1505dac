using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Trial.MatchJson, the compact criteria `trials match` ranks from. SQLite appends an added column after every other one, i.e.
    /// behind tens of KB of eligibility text and registry JSON that a table scan would then have to walk through on overflow pages;
    /// so the table is rebuilt (as EF rebuilds SQLite tables) with MatchJson and Relevance next to the other columns matching reads.
    /// Existing rows get an empty MatchJson: `trials match` ranks them from CriteriaJson until they are re-imported or the criteria
    /// refresh (CriteriaRefresh.ParserVersion 4) derives it.
    /// </summary>
    public partial class TrialMatchJson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_Trials" (
                    "NctId" TEXT NOT NULL CONSTRAINT "PK_Trials" PRIMARY KEY,
                    "Title" TEXT NOT NULL,
                    "Status" TEXT NOT NULL,
                    "Phases" TEXT NULL,
                    "Countries" TEXT NULL,
                    "Conditions" TEXT NULL,
                    "Categories" TEXT NOT NULL,
                    "MatchJson" TEXT NOT NULL DEFAULT '',
                    "Relevance" INTEGER NOT NULL DEFAULT 0,
                    "CriteriaJson" TEXT NOT NULL,
                    "UpdatedUtc" TEXT NOT NULL,
                    "OfficialTitle" TEXT NULL,
                    "Acronym" TEXT NULL,
                    "BriefSummary" TEXT NULL,
                    "StudyType" TEXT NULL,
                    "Keywords" TEXT NULL,
                    "Interventions" TEXT NULL,
                    "Sponsor" TEXT NULL,
                    "StartDate" TEXT NULL,
                    "LastUpdate" TEXT NULL,
                    "MinAgeYears" INTEGER NULL,
                    "MaxAgeYears" INTEGER NULL,
                    "Sex" TEXT NULL,
                    "EligibilityText" TEXT NULL,
                    "InclusionJson" TEXT NOT NULL,
                    "ExclusionJson" TEXT NOT NULL,
                    "LocationsJson" TEXT NOT NULL,
                    "ContactsJson" TEXT NOT NULL,
                    "RawJson" TEXT NOT NULL,
                    "ImportedUtc" TEXT NOT NULL
                );
                """);
            migrationBuilder.Sql("""INSERT INTO "ef_temp_Trials" ("NctId", "Title", "Status", "Phases", "Countries", "Conditions", "Categories", "CriteriaJson", "UpdatedUtc", "OfficialTitle", "Acronym", "BriefSummary", "StudyType", "Keywords", "Interventions", "Sponsor", "StartDate", "LastUpdate", "MinAgeYears", "MaxAgeYears", "Sex", "EligibilityText", "InclusionJson", "ExclusionJson", "LocationsJson", "ContactsJson", "RawJson", "ImportedUtc", "Relevance") SELECT "NctId", "Title", "Status", "Phases", "Countries", "Conditions", "Categories", "CriteriaJson", "UpdatedUtc", "OfficialTitle", "Acronym", "BriefSummary", "StudyType", "Keywords", "Interventions", "Sponsor", "StartDate", "LastUpdate", "MinAgeYears", "MaxAgeYears", "Sex", "EligibilityText", "InclusionJson", "ExclusionJson", "LocationsJson", "ContactsJson", "RawJson", "ImportedUtc", "Relevance" FROM "Trials";""");
            migrationBuilder.Sql("""DROP TABLE "Trials";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_Trials" RENAME TO "Trials";""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Trials_LastUpdate" ON "Trials" ("LastUpdate");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Trials_Relevance" ON "Trials" ("Relevance");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Trials_Status" ON "Trials" ("Status");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MatchJson",
                table: "Trials");
        }
    }
}
