using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class VisitsAndPackShares : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "VisitId",
                table: "OwnQuestions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PackShares",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackShares", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PackShares_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PatientSummaries",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientSummaries", x => x.RecordId);
                    table.ForeignKey(
                        name: "FK_PatientSummaries_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Visits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WithWhom = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CareTeamMemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Visits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Visits_CareTeam_CareTeamMemberId",
                        column: x => x.CareTeamMemberId,
                        principalTable: "CareTeam",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Visits_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OwnQuestions_VisitId",
                table: "OwnQuestions",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_PackShares_RecordId",
                table: "PackShares",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_PackShares_TokenHash",
                table: "PackShares",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Visits_CareTeamMemberId",
                table: "Visits",
                column: "CareTeamMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_RecordId",
                table: "Visits",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_RecordId_Date",
                table: "Visits",
                columns: new[] { "RecordId", "Date" });

            migrationBuilder.AddForeignKey(
                name: "FK_OwnQuestions_Visits_VisitId",
                table: "OwnQuestions",
                column: "VisitId",
                principalTable: "Visits",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_OwnQuestions_Visits_VisitId",
                table: "OwnQuestions");

            migrationBuilder.DropTable(
                name: "PackShares");

            migrationBuilder.DropTable(
                name: "PatientSummaries");

            migrationBuilder.DropTable(
                name: "Visits");

            migrationBuilder.DropIndex(
                name: "IX_OwnQuestions_VisitId",
                table: "OwnQuestions");

            migrationBuilder.DropColumn(
                name: "VisitId",
                table: "OwnQuestions");
        }
    }
}
