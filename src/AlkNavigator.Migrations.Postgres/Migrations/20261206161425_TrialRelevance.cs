using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TrialRelevance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Relevance",
                table: "Trials",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Trials_Relevance",
                table: "Trials",
                column: "Relevance");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Trials_Relevance",
                table: "Trials");

            migrationBuilder.DropColumn(
                name: "Relevance",
                table: "Trials");
        }
    }
}
