using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Interactions;

/// <summary>The interaction box on the other-medicines page, the overview, the emergency card and the visit summary, for the
/// patient and a caregiver, re-checked when the medicines or the treatment change (real host, real database).</summary>
[DatabaseTests]
public class InteractionsWebTests : IAsyncLifetime
{
    private const string Password = "an interactions test passphrase";
    private TestApp app = null!;
    private Guid rid;
    private HttpClient owner = null!, caregiver = null!;

    public async Task InitializeAsync()
    {
        app = await TestApp.StartAsync();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();
        async Task<AppUser> User(string name, string role)
        {
            var u = new AppUser { UserName = $"{name}@example.org", Email = $"{name}@example.org", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, role);
            return u;
        }
        var patient = await User("ia-patient", Roles.Patient);
        var record = await access.GetOrCreateOwnAsync(patient);
        rid = record.Id;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        db.AddRange(
            new TreatmentLine { RecordId = rid, Agent = "Lorbrena", Dose = "100 mg", Start = today.AddMonths(-2) },
            new OtherMedicine { RecordId = rid, Name = "Rifadin 600 mg daily" },
            new OtherMedicine { RecordId = rid, Name = "paracetamol" });
        var carer = await User("ia-caregiver", Roles.Caregiver);
        db.CaregiverAccess.Add(new CaregiverAccess
        {
            RecordId = rid, InvitedEmail = carer.Email!, Level = AccessLevels.View, TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = DateTime.UtcNow.AddDays(7),
            InvitedById = patient.Id, CaregiverId = carer.Id, AcceptedUtc = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        owner = await SignIn(patient.Email!);
        caregiver = await SignIn(carer.Email!);
    }

    private async Task<HttpClient> SignIn(string email)
    {
        var client = app.CreateClient();
        var r = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    public async Task DisposeAsync()
    {
        owner.Dispose();
        caregiver.Dispose();
        await app.DisposeAsync();
    }

    private static List<string> Findings(IDocument doc) =>
        doc.QuerySelectorAll("section.interactions li.interaction").Select(li => string.Join(' ', li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();

    [Theory]
    [InlineData("/record/{rid}/medicines")]
    [InlineData("/record/{rid}")]
    [InlineData("/record/{rid}/card")]
    [InlineData("/record/{rid}/symptoms/summary")]
    public async Task Each_page_shows_the_contraindication_to_the_patient_and_the_caregiver(string template)
    {
        foreach (var client in new[] { owner, caregiver })
        {
            var url = template.Replace("{rid}", rid.ToString());
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = Forms.Parse(await response.Content.ReadAsStringAsync());
            var box = doc.QuerySelector("section.interactions");
            Assert.NotNull(box);
            Assert.Contains("Lorlatinib (Lorbrena)", box.TextContent);
            var f = Assert.Single(Findings(doc));
            Assert.Contains("Must not be combined", f);
            Assert.Contains("Rifadin 600 mg daily (rifampicin)", f);
            Assert.Contains("Ask your oncologist or pharmacist", f);
            Assert.Contains("Source: Lorbrena (lorlatinib) dosage, administration and drug interactions", f); // a readable citation, not the key
            Assert.DoesNotContain("paracetamol", box.TextContent);
        }
    }

    [Fact]
    public async Task The_check_follows_changes_to_the_medicines_and_the_treatment()
    {
        var added = await owner.SubmitAsync($"/record/{rid}/medicines", [new("Input.Name", "Microgynon 30")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var findings = Findings(await owner.GetDocumentAsync($"/record/{rid}/medicines"));
        Assert.Equal(2, findings.Count);
        Assert.Contains("Must not be combined", findings[0]);
        Assert.Contains("Microgynon 30", findings[1]);
        Assert.Contains("non-hormonal", findings[1]);

        // The ALK drug changes to alectinib: rifampicin is only information now, and the pill no longer applies.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var line = await db.Treatments.SingleAsync(t => t.RecordId == rid);
            line.End = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
            line.StopReason = "progression";
            db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = "Alecensa", Start = DateOnly.FromDateTime(DateTime.UtcNow) });
            await db.SaveChangesAsync();
        }
        var overview = await caregiver.GetDocumentAsync($"/record/{rid}");
        var now = Assert.Single(Findings(overview));
        Assert.Contains("For information", now);
        Assert.Contains("Alectinib (Alecensa)", overview.QuerySelector("section.interactions")!.TextContent);
        Assert.DoesNotContain("Must not be combined", overview.Body!.TextContent);
    }

    [Fact]
    public async Task Without_a_current_alk_drug_the_medicines_page_says_so_and_the_overview_shows_no_box()
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var t in await db.Treatments.Where(t => t.RecordId == rid).ToListAsync())
            {
                t.End = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
                t.StopReason = "progression";
            }
            await db.SaveChangesAsync();
        }
        var medicines = await owner.GetDocumentAsync($"/record/{rid}/medicines");
        Assert.Contains("No current ALK medicine is recorded", medicines.QuerySelector("section.interactions")!.TextContent);
        Assert.Empty(Findings(medicines));
        Assert.Null((await owner.GetDocumentAsync($"/record/{rid}")).QuerySelector("section.interactions"));
    }
}
