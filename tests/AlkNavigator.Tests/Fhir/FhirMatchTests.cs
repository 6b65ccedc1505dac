// Asserts walk the FHIR POCOs (Entry[0].Resource.Id ...): a null there fails the test anyway, so nullable warnings add nothing here.
#nullable disable warnings
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using AlkNavigator.Features.Fhir;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials.Matching;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AlkNavigator.Tests.Fhir;

/// <summary>The app for the $match tests (the shipped catalogue is seeded by TestApp).</summary>
public sealed class MatchWorld : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public async Task InitializeAsync() => App = await TestApp.StartAsync(smtp: false);
    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Issue 15, CodeX-style matching: POST /fhir/ResearchStudy/$match with a Parameters resource whose subject is the patient's Bundle
/// answers a searchset Bundle of ResearchStudy, ranked by the same matcher as `alknav trials match`; anonymous, nothing stored or
/// logged, rate-limited, OperationOutcome errors.
/// </summary>
[DatabaseTests]
public sealed partial class FhirMatchTests(MatchWorld w) : IClassFixture<MatchWorld>
{
    private const string Marker = "Zephyrine Matchwell"; // the patient's name: must not reach the logs or the database

    /// <summary>Stage IV ALK-positive adenocarcinoma, progressed on first-line alectinib, nothing since.</summary>
    private static PatientRecord PostAlectinib(DateOnly today)
    {
        var json = $$"""
            {
              "age": 58, "sex": "female", "country": "US",
              "diagnosis": { "date": "{{today.AddYears(-3):yyyy-MM-dd}}", "histology": "adenocarcinoma", "stage": "IVB", "alk": { "status": "positive", "method": "FISH" } },
              "metastases": [ { "site": "bone" } ],
              "ecog": 1,
              "therapies": [ { "line": 1, "agent": "alectinib", "start": "{{today.AddYears(-3).AddMonths(1):yyyy-MM-dd}}", "end": "{{today.AddMonths(-1):yyyy-MM-dd}}", "stopReason": "progression" } ],
              "procedures": [],
              "biomarkers": [],
              "alknav": { "displayName": "{{Marker}}" }
            }
            """;
        var import = ProfileJson.Parse(Encoding.UTF8.GetBytes(json), today);
        Assert.True(import.IsValid, string.Join("; ", import.Problems.Select(p => p.Message)));
        var record = import.Content;
        record.DisplayName = Marker;
        return record;
    }

    private string PatientBundle() =>
        FhirExport.BundleJson(PostAlectinib(w.App.UtcToday), w.App.Services.GetRequiredService<TimeProvider>().GetUtcNow());

    private string ParametersBody()
    {
        var bundle = (Bundle)FhirTesting.Strict.DeserializeResource(PatientBundle());
        var parameters = new Parameters();
        parameters.Add("subject", bundle);
        return FhirExport.Serialize(parameters);
    }

    private static StringContent Fhir(string body) => new(body, Encoding.UTF8, "application/fhir+json");

    private async Task<(int Audit, int Records, int Users)> CountsAsync()
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.AuditEntries.CountAsync(), await db.Records.CountAsync(), await db.Users.CountAsync());
    }

    [Fact]
    public async Task A_post_alectinib_bundle_gets_alk_trials_for_after_a_tki_on_top_anonymously_and_nothing_is_stored()
    {
        var before = await CountsAsync();
        var client = w.App.CreateClient(); // anonymous: no cookie
        var response = await client.PostAsync("/fhir/ResearchStudy/$match?_count=10", Fhir(ParametersBody()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(FhirTesting.StrictParseAndValidate(text));

        var result = (Bundle)FhirTesting.Strict.DeserializeResource(text);
        Assert.Equal(Bundle.BundleType.Searchset, result.Type);
        var studies = result.Entry.Where(e => e.Search.Mode == Bundle.SearchEntryMode.Match).ToList();
        Assert.Equal(10, studies.Count);
        // Best first, scores in 0..1, never rising.
        var scores = studies.Select(e => e.Search.Score.Value).ToList();
        Assert.All(scores, s => Assert.InRange(s, 0m, 1m));
        Assert.Equal(scores.OrderByDescending(s => s).ToList(), scores);

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ncts = studies.Select(e => ((ResearchStudy)e.Resource).Identifier.Single(i => i.System == FhirMatch.NctSystem).Value).ToList();
        var categories = await db.Trials.Where(t => ncts.Contains(t.NctId)).ToDictionaryAsync(t => t.NctId, t => t.Categories.Split('|', StringSplitOptions.None));
        var top = string.Join("; ", ncts.Take(5).Select(n => $"{n}: {string.Join('|', categories[n])}"));
        foreach (var e in studies.Take(1))
        {
            var study = (ResearchStudy)e.Resource;
            var nct = ncts[studies.IndexOf(e)];
            Assert.True(categories[nct].Contains("alk-targeted"), top);
            Assert.False(categories[nct].Contains("early-stage"), top);
            Assert.False(categories[nct].Contains("first-line") && !categories[nct].Contains("after-tki"), top);
            var verdict = study.GetExtension(FhirMatch.VerdictExtension);
            Assert.Contains(verdict.GetExtensionValue<Code>("verdict").Value, new[] { Verdicts.LikelyEligible, Verdicts.PossiblyEligible });
            Assert.Contains(verdict.Extension, x => x.Url == "reason");
            Assert.Equal(e.FullUrl, $"{w.App.BaseUrl.ToString().TrimEnd('/')}/fhir/ResearchStudy/{nct}");
        }
        // The same order as the matcher gives for the profile the Bundle maps to (what `alknav trials match` ranks with).
        var import = ProfileJson.Parse(Encoding.UTF8.GetBytes(PatientBundle()), w.App.UtcToday);
        var expected = TrialMatcher.Rank(MatchProfile.FromProfile(import, w.App.UtcToday), await TrialCatalog.LoadAsync(db), 10);
        Assert.Equal(expected.Select(m => m.Nct), ncts);
        Assert.Equal(expected.Select(m => (decimal)m.Score), scores);

        // Study details from the catalogue row: status, phase, sites as contained Locations, title.
        var first = (ResearchStudy)studies[0].Resource;
        var row = await db.Trials.SingleAsync(t => t.NctId == ncts[0]);
        Assert.Equal(row.Title, first.Title);
        Assert.Equal(FhirMatch.StudyStatus(row.Status), first.Status);
        var withSites = studies.Select(e => (ResearchStudy)e.Resource).First(s => s.Site.Count > 0);
        var location = withSites.Contained.OfType<Location>().Single(l => "#" + l.Id == withSites.Site[0].Reference);
        Assert.False(string.IsNullOrEmpty(location.Address.Country));

        // Nothing stored, audited or logged.
        Assert.Equal(before, await CountsAsync());
        Assert.DoesNotContain(w.App.Logs.Entries, e => e.Message.Contains(Marker, StringComparison.Ordinal));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    // What a study is about, read from its own title, conditions and keywords (never from the matcher's categories or verdicts).
    [GeneratedRegex(@"\bALK\b|anaplastic lymphoma kinase", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AlkWords();

    [GeneratedRegex(@"\b(N?SCLC)\b|non[- ]?small[- ]?cell|small[- ]cell lung|lung (cancer|carcinoma|adenocarcinoma|neoplasm)|carcinoma,? (non-small-cell )?lung|lung non-small|pulmonary (carcinoma|adenocarcinoma)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LungCancerWords();

    /// <summary>Studies open to any cancer or any solid tumour may take lung cancer too: neither side of the comparison.</summary>
    [GeneratedRegex(@"solid (tumou?r|neoplasm|cancer)|advanced (cancer|malignan)|metastatic cancer|^cancer$|\|cancer\||^cancer\||\|cancer$|neoplasm metastasis",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnyCancerWords();

    [Fact]
    public async Task Every_recruiting_alk_lung_cancer_study_ranks_above_every_study_not_about_lung_cancer_in_the_order_the_cli_gives()
    {
        // The whole catalogue, ranked by $match for the stage IV post-alectinib patient.
        var response = await w.App.CreateClient().PostAsync("/fhir/ResearchStudy/$match?_count=200", Fhir(ParametersBody()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var result = (Bundle)FhirTesting.Strict.DeserializeResource(text);
        var ranked = result.Entry.Where(e => e.Search.Mode == Bundle.SearchEntryMode.Match)
            .Select(e => (Nct: ((ResearchStudy)e.Resource).Identifier.Single(i => i.System == FhirMatch.NctSystem).Value, Score: e.Search.Score.Value)).ToList();

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var trials = await db.Trials.AsNoTracking().Select(t => new { t.NctId, t.Status, t.Title, t.OfficialTitle, t.Conditions, t.Keywords }).ToListAsync();
        Assert.Equal(trials.Count, ranked.Count);
        string Words(string nct) => trials.Single(t => t.NctId == nct) is var t ? $"{t.Title}|{t.OfficialTitle}|{t.Conditions}|{t.Keywords}" : "";
        bool Conditions(string nct, Regex r) => (trials.Single(t => t.NctId == nct).Conditions ?? "").Split('|').Any(c => r.IsMatch(c.Trim()));
        var alkLung = trials.Where(t => t.Status == "RECRUITING" && AlkWords().IsMatch(Words(t.NctId)) && LungCancerWords().IsMatch(Words(t.NctId)))
            .Select(t => t.NctId).ToHashSet(StringComparer.Ordinal);
        var notLung = trials.Where(t => !LungCancerWords().IsMatch(Words(t.NctId)) && !AnyCancerWords().IsMatch(Words(t.NctId))
                && !Conditions(t.NctId, AnyCancerWords()))
            .Select(t => t.NctId).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(alkLung);  // the shipped catalogue has both kinds, or this test says nothing
        Assert.NotEmpty(notLung);
        Assert.Contains(notLung, n => AlkWords().IsMatch(Words(n))); // ALK-positive lymphoma: ALK in its words, not lung cancer

        var position = ranked.Select((r, i) => (r.Nct, i)).ToDictionary(x => x.Nct, x => x.i, StringComparer.Ordinal);
        var lowestAlkLung = alkLung.MaxBy(n => position[n])!;
        var highestNotLung = notLung.MinBy(n => position[n])!;
        Assert.True(position[lowestAlkLung] < position[highestNotLung],
            $"{lowestAlkLung} ({Words(lowestAlkLung)}) is #{position[lowestAlkLung] + 1}, below {highestNotLung} ({Words(highestNotLung)}) at #{position[highestNotLung] + 1}");

        // `alknav trials match` on the same database, for the same Bundle as a file: the same order and scores.
        var file = Path.Combine(w.App.DataDirectory, "match-patient.fhir.json");
        await File.WriteAllTextAsync(file, PatientBundle());
        var cli = await Repo.RunCliWithEnvAsync(w.App.CliEnvironment(), "trials", "match", "--patient", file, "--data", w.App.DataDirectory);
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var cliRanked = System.Text.Json.JsonDocument.Parse(cli.Stdout).RootElement.EnumerateArray()
            .Select(m => (Nct: m.GetProperty("nct").GetString(), Score: m.GetProperty("score").GetDecimal())).ToList();
        Assert.Equal(cliRanked.Select(m => m.Nct), ranked.Select(r => r.Nct));
        Assert.Equal(cliRanked.Select(m => Math.Round(m.Score, 4)), ranked.Select(r => Math.Round(r.Score, 4)));
    }

    [Fact]
    public async Task A_bare_bundle_is_accepted_and_count_defaults_to_twenty()
    {
        var response = await w.App.CreateClient().PostAsync("/fhir/ResearchStudy/$match", Fhir(PatientBundle()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var result = (Bundle)FhirTesting.Strict.DeserializeResource(text);
        Assert.Equal(FhirMatch.DefaultCount, result.Entry.Count(e => e.Search.Mode == Bundle.SearchEntryMode.Match));
    }

    [Fact]
    public async Task The_messy_clinical_trial_matching_fixture_is_read_leniently()
    {
        var dir = Path.Combine(Repo.Root, "..", "shared", "data", "fhir-examples", "mcode-clinical-trial-matching");
        var file = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).FirstOrDefault() : null;
        if (file is null) return; // the shared examples are not beside this checkout
        var bundle = File.ReadAllText(file);
        var body = $$"""{"resourceType":"Parameters","parameter":[{"name":"subject","resource":{{bundle}}}]}""";
        var response = await w.App.CreateClient().PostAsync("/fhir/ResearchStudy/$match?_count=3", Fhir(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var result = (Bundle)FhirTesting.Strict.DeserializeResource(text);
        Assert.Equal(3, result.Entry.Count(e => e.Search.Mode == Bundle.SearchEntryMode.Match));
        Assert.Contains(result.Entry, e => e.Search.Mode == Bundle.SearchEntryMode.Outcome && e.Resource is OperationOutcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("""{"resourceType":"Patient","id":"x"}""")]
    [InlineData("""{"resourceType":"Parameters","parameter":[{"name":"other","valueString":"x"}]}""")]
    [InlineData("""{"resourceType":"Parameters","parameter":[{"name":"subject","resource":{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","gender":"female"}}]}}]}""")]
    [InlineData("[1, 2]")]
    public async Task Bad_input_is_a_400_operation_outcome(string body)
    {
        var response = await w.App.CreateClient().PostAsync("/fhir/ResearchStudy/$match", Fhir(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        Assert.IsType<OperationOutcome>(FhirTesting.Strict.DeserializeResource(text));
    }

    [Fact]
    public async Task A_client_over_the_limit_gets_a_429_operation_outcome()
    {
        await using var app = await TestApp.StartAsync(s => s["RateLimit:FhirMatchPerClientPerMinute"] = "2", smtp: false);
        var client = app.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
            codes.Add((await client.PostAsync("/fhir/ResearchStudy/$match", Fhir("{}"))).StatusCode);
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], codes.Take(2));
        var refused = await client.PostAsync("/fhir/ResearchStudy/$match", Fhir("{}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/fhir+json", refused.Content.Headers.ContentType?.MediaType);
        var outcome = Assert.IsType<OperationOutcome>(FhirTesting.Strict.DeserializeResource(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(OperationOutcome.IssueType.Throttled, outcome.Issue[0].Code);
        Assert.True(refused.Headers.RetryAfter is not null);
    }
}
