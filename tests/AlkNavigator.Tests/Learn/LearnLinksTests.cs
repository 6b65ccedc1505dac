using AlkNavigator.Data;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Tests.Schedule;
using AngleSharp.Html.Dom;

namespace AlkNavigator.Tests.Learn;

/// <summary>
/// Issue 14, "the record links to the knowledge": the overview links the current drug to its Learn page, each open alert to
/// that drug's side-effect section, each mutation to its resistance-table row and each due check to why it is done; every
/// link LearnLinks can make (each labelled drug, each plan kind, each row) opens an existing page with that anchor.
/// </summary>
[DatabaseTests]
public class LearnLinksTests(FeedsApp fixture) : IClassFixture<FeedsApp>
{
    private TestApp App => fixture.App;
    private readonly Dictionary<string, IHtmlDocument> _pages = [];

    private async Task AssertResolvesAsync(HttpClient client, string href)
    {
        var (path, fragment) = href.Split('#') is [var p, var f] ? (p, f) : (href, "");
        if (!_pages.TryGetValue(path, out var doc))
        {
            var r = await client.GetAsync(path);
            Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode}");
            _pages[path] = doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        }
        if (fragment.Length > 0) Assert.True(doc.GetElementById(fragment) is not null, $"{href}: no element with id \"{fragment}\"");
    }

    [Fact]
    public async Task The_overview_links_drug_alert_mutations_and_due_checks_to_existing_learn_anchors()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        var today = DateOnly.FromDateTime(DateTime.UtcNow); // the plan is made for the patient's today
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = "Lorbrena", Dose = "100 mg", Start = today.AddDays(-10) });
            db.Biomarkers.Add(new BiomarkerResult { RecordId = rid, Gene = "ALK", Alteration = "G1202R", Source = "liquid-biopsy", Date = today.AddDays(-20) });
            db.Biomarkers.Add(new BiomarkerResult { RecordId = rid, Gene = "ALK", Alteration = "I1171N", Source = "liquid-biopsy", Date = today.AddDays(-20) });
            var checkIn = new CheckIn { RecordId = rid, Status = CheckInStatus.Submitted, SubmittedUtc = DateTime.UtcNow.AddHours(-1), EnteredByEmail = email };
            db.CheckIns.Add(checkIn);
            db.SymptomAlerts.Add(new SymptomAlert
            {
                RecordId = rid, CheckInId = checkIn.Id, RuleId = "test", Level = AlertLevels.Contact, Term = "Nausea", Heading = "Nausea: severe",
                Message = "Severe nausea.", Action = "Call your care team today.", Basis = "test", Change = "new",
            });
            await db.SaveChangesAsync();
        }
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var overview = await owner.GetDocumentAsync($"/record/{rid}");
        var hrefs = overview.QuerySelectorAll("main a[href^='/learn/']").Select(a => a.GetAttribute("href")!).Distinct().ToList();

        Assert.Contains("/learn/drugs/lorlatinib", hrefs);
        Assert.Contains("/learn/drugs/lorlatinib#side-effects", hrefs);
        Assert.Contains("/learn/resistance#mutation-g1202", hrefs);
        Assert.Contains("/learn/resistance#mutation-i1171", hrefs);
        Assert.Contains(hrefs, h => h.StartsWith("/learn/monitoring#", StringComparison.Ordinal));
        Assert.Equal("G1202R", overview.QuerySelector("a[href='/learn/resistance#mutation-g1202']")!.TextContent.Trim());

        foreach (var href in hrefs) await AssertResolvesAsync(owner, href);
        // Every link the record can make, not only this record's.
        foreach (var drug in AlkDrugs.Labelled)
        {
            await AssertResolvesAsync(owner, LearnLinks.Drug(drug)!);
            await AssertResolvesAsync(owner, LearnLinks.SideEffects(drug)!);
        }
        foreach (var kind in SchedulePlanner.Kinds) await AssertResolvesAsync(owner, LearnLinks.WhyDone(kind) ?? throw new Xunit.Sdk.XunitException($"no link for {kind}"));
        var kb = App.Services.GetRequiredService<ContentStore>();
        foreach (var mutation in new[] { "G1202R", "I1171T", "V1180L", "L1196M", "G1269A", "S1206Y", "F1174L", "C1156Y", "L1152R", "I1151Tins", "E1210K", "L1198F" })
            await AssertResolvesAsync(owner, LearnLinks.Mutation(kb, mutation) ?? throw new Xunit.Sdk.XunitException($"no row for {mutation}"));
        Assert.Null(LearnLinks.Mutation(kb, "EML4-ALK v3"));
        Assert.Null(LearnLinks.Drug("carboplatin + pemetrexed"));
    }
}
