using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AlkNavigator.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SecondOpinion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SpecialistCentres",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Institution = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SpecialistName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    City = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Telehealth = table.Column<bool>(type: "INTEGER", nullable: false),
                    Languages = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpecialistCentres", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SecondOpinionRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Setting = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PreferredPlace = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PreferredCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Languages = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Urgency = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Shared = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SharedSnapshot = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedByEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StateSinceUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AssignedToId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    AssignedToEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    MatchedCentreId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MatchedText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AppointmentDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AppointmentDetails = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecondOpinionRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SecondOpinionRequests_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SecondOpinionRequests_SpecialistCentres_MatchedCentreId",
                        column: x => x.MatchedCentreId,
                        principalTable: "SpecialistCentres",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "SecondOpinionEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ActorEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FromState = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ToState = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    MessageToPatient = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    InternalNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecondOpinionEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SecondOpinionEvents_SecondOpinionRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "SecondOpinionRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SecondOpinionEvents_RequestId_AtUtc",
                table: "SecondOpinionEvents",
                columns: new[] { "RequestId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SecondOpinionRequests_MatchedCentreId",
                table: "SecondOpinionRequests",
                column: "MatchedCentreId");

            migrationBuilder.CreateIndex(
                name: "IX_SecondOpinionRequests_RecordId",
                table: "SecondOpinionRequests",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_SecondOpinionRequests_State_StateSinceUtc",
                table: "SecondOpinionRequests",
                columns: new[] { "State", "StateSinceUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SpecialistCentres_Country",
                table: "SpecialistCentres",
                column: "Country");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SecondOpinionEvents");

            migrationBuilder.DropTable(
                name: "SecondOpinionRequests");

            migrationBuilder.DropTable(
                name: "SpecialistCentres");
        }
    }
}
