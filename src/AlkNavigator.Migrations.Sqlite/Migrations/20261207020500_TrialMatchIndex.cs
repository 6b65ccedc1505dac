using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// SQLite only: a covering index over the columns `trials match --top N` ranks from (see TrialConfig.ConfigureSqlite), so a CLI
    /// match reads about 100 MB of index instead of walking the wide Trials table. Creating it fills it from the existing rows (no
    /// other backfill needed); PostgreSQL has no such index and no migration.
    /// </summary>
    public partial class TrialMatchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Trials_Match",
                table: "Trials",
                columns: new[] { "NctId", "Title", "Status", "Phases", "Countries", "Conditions", "Categories", "MatchJson" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Trials_Match",
                table: "Trials");
        }
    }
}
