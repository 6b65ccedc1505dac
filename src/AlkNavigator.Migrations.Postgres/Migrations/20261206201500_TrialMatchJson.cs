using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Trial.MatchJson, the compact criteria `trials match` ranks from. Existing rows get an empty value: `trials match` ranks them from
    /// CriteriaJson until they are re-imported or the criteria refresh (CriteriaRefresh.ParserVersion 4) derives it.
    /// </summary>
    public partial class TrialMatchJson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MatchJson",
                table: "Trials",
                type: "text",
                nullable: false,
                defaultValue: "");
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
