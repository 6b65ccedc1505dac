using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SafetyMeasurementsAndAlertHeading : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "UsualOxygenSaturation",
                table: "SymptomSettings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Heading",
                table: "SymptomAlerts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OxygenSaturation",
                table: "CheckIns",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UsualOxygenSaturation",
                table: "SymptomSettings");

            migrationBuilder.DropColumn(
                name: "Heading",
                table: "SymptomAlerts");

            migrationBuilder.DropColumn(
                name: "OxygenSaturation",
                table: "CheckIns");
        }
    }
}
