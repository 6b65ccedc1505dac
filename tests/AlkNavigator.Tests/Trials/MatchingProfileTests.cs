using System.Text;
using System.Text.Json;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>MatchProfile from profile JSON v1 (lenient) and from a record; TrialMatcher verdicts and reasons on small cases.</summary>
public class MatchingProfileTests
{
    [Fact]
    public void Profile_JSON_is_read_leniently_with_warnings()
    {
        var p = MatchProfile.FromJson("""
            { "age": "57", "sex": "Female", "country": "ca", "favouriteColour": "blue",
              "diagnosis": { "stage": "Stage IVb", "alk": { "status": "POSITIVE", "variant": 3 } },
              "ecog": 9, "metastases": [ { "site": "Brain", "status": "treated-stable" }, 4 ], "therapies": "lots", }
            """, out var warnings);
        Assert.Equal(57, p.Age);
        Assert.Equal("female", p.Sex);
        Assert.Equal("CA", p.Country);
        Assert.Equal("IVB", p.Stage);
        Assert.Equal("positive", p.AlkStatus);
        Assert.Null(p.Ecog);
        Assert.Equal("treated-stable", p.Brain);
        Assert.Null(p.Therapies); // wrong type → not known
        Assert.Contains(warnings, w => w.StartsWith("favouriteColour: unknown property", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("diagnosis.alk.variant: unknown property", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("ecog:", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("therapies: expected an array", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("metastases[]: expected an object", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_means_unknown_and_an_empty_list_means_none()
    {
        var unknown = MatchProfile.FromJson("{}", out var w1);
        Assert.Empty(w1);
        Assert.Null(unknown.Therapies);
        Assert.Null(unknown.Brain);
        Assert.Null(unknown.IsAdvanced);
        var none = MatchProfile.FromJson("""{ "therapies": [], "metastases": [] }""", out _);
        Assert.Empty(none.Therapies!);
        Assert.Equal("none", none.Brain);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{ not json")]
    public void Text_that_is_not_a_JSON_object_is_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => MatchProfile.FromJson(json, out _));

    [Fact]
    public void D02_reads_as_ALK_positive_after_two_TKIs_with_G1202R()
    {
        var p = MatchingFixtures.Profile("D02");
        Assert.True(p.IsAlkPositive);
        Assert.Equal(["alectinib", "lorlatinib"], p.AlkTkis);
        Assert.Equal(["G1202R"], p.ResistanceMutations);
        Assert.False(p.OnTreatment);
        Assert.False(p.HadChemo);
        Assert.True(p.IsAdvanced);
    }

    [Fact]
    public void FromRecord_gives_the_same_facts_as_the_profile_file_it_was_imported_from()
    {
        var today = new DateOnly(2026, 11, 30);
        foreach (var id in new[] { "D01", "D02", "D03" })
        {
            var bytes = File.ReadAllBytes(MatchingFixtures.ProfilePath(id));
            var import = ProfileJson.Parse(bytes, today);
            Assert.True(import.IsValid, string.Join("; ", import.Problems));
            var fromRecord = MatchProfile.FromRecord(import.Content, today);
            var fromJson = MatchProfile.FromJson(Encoding.UTF8.GetString(bytes), out _);
            Assert.Equal(fromJson.Age, fromRecord.Age);
            Assert.Equal(fromJson.Sex, fromRecord.Sex);
            Assert.Equal(fromJson.Country, fromRecord.Country);
            Assert.Equal(fromJson.Stage, fromRecord.Stage);
            Assert.Equal(fromJson.AlkStatus, fromRecord.AlkStatus);
            Assert.Equal(fromJson.Ecog, fromRecord.Ecog);
            Assert.Equal(fromJson.Brain, fromRecord.Brain);
            Assert.Equal(fromJson.AlkTkis, fromRecord.AlkTkis);
            Assert.Equal(fromJson.OnTreatment, fromRecord.OnTreatment);
            Assert.Equal(fromJson.HadSurgery, fromRecord.HadSurgery);
            Assert.Equal(fromJson.ResistanceMutations, fromRecord.ResistanceMutations);
            // The ranking is the same either way.
            var catalog = MatchingFixtures.Catalog;
            Assert.Equal(TrialMatcher.Rank(fromJson, catalog).Select(m => (m.Nct, m.Verdict)), TrialMatcher.Rank(fromRecord, catalog).Select(m => (m.Nct, m.Verdict)));
        }
    }

    [Fact]
    public void FromRecord_reads_the_latest_ECOG_and_brain_status_and_ongoing_treatment()
    {
        var r = new PatientRecord { BirthYear = 1970, AlkStatus = "positive", Stage = "IVA", Country = "gb" };
        r.EcogEntries.Add(new EcogEntry { Date = new DateOnly(2025, 1, 1), Score = 2 });
        r.EcogEntries.Add(new EcogEntry { Date = new DateOnly(2026, 1, 1), Score = 1 });
        r.Sites.Add(new SiteObservation { Date = new DateOnly(2025, 1, 1), Site = "brain", Status = "active" });
        r.Sites.Add(new SiteObservation { Date = new DateOnly(2026, 1, 1), Site = "brain", Status = "treated-stable" });
        r.Treatments.Add(new TreatmentLine { Agent = "Alectinib", Start = new DateOnly(2025, 2, 1) });
        var p = MatchProfile.FromRecord(r, new DateOnly(2026, 11, 30));
        Assert.Equal(56, p.Age);
        Assert.Equal(1, p.Ecog);
        Assert.Equal("treated-stable", p.Brain);
        Assert.Equal("GB", p.Country);
        Assert.True(p.OnTreatment);
        Assert.Equal(["alectinib"], p.AlkTkis);
    }

    [Fact]
    public void An_ALK_exclusion_is_quoted_and_an_unknown_says_what_is_missing()
    {
        var trial = MatchingFixtures.Catalog.Single(t => t.NctId == "NCT05061550");
        var m = TrialMatcher.Match(MatchingFixtures.Profile("D01"), trial);
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
        var alk = Assert.Single(m.Reasons, r => r.Criterion == "ALK");
        Assert.Equal("excludes", alk.Kind);
        Assert.Contains("“Participants with sensitising EGFR mutations or ALK translocations.”", alk.Text);

        var unknownAlk = TrialMatcher.Match(MatchProfile.FromJson("""{ "diagnosis": { "stage": "IV" } }""", out _), trial);
        Assert.Contains(unknownAlk.Reasons, r => r.Kind == "unknown" && r.Criterion == "ALK" && r.Text.Contains("not recorded"));

        var pyx = MatchingFixtures.Catalog.Single(t => t.NctId == "NCT05720117"); // "at least 1 measurable lesion per RECIST v1.1"
        var measurable = TrialMatcher.Match(MatchingFixtures.Profile("D02"), pyx);
        Assert.Contains(measurable.Reasons, r => r.Kind == "unknown" && r.Text == "Requires measurable disease (RECIST) — not recorded.");
        Assert.Equal(Verdicts.LikelyEligible, measurable.Verdict);
    }

    [Fact]
    public void Ranking_is_deterministic_puts_open_trials_first_and_honours_top()
    {
        var catalog = MatchingFixtures.Catalog;
        var closed = catalog.Select(t => t with { NctId = "NCT9" + t.NctId[4..], Status = "COMPLETED" });
        var all = catalog.Concat(closed).ToList();
        var p = MatchingFixtures.Profile("D02");
        var a = TrialMatcher.Rank(p, all);
        var b = TrialMatcher.Rank(p, Enumerable.Reverse(all));
        Assert.Equal(a.Select(m => m.Nct), b.Select(m => m.Nct));
        var open = a.First(m => m.Nct == "NCT05384626");
        var done = a.First(m => m.Nct == "NCT95384626");
        Assert.True(open.Score > done.Score);
        Assert.Equal(a.Take(5).Select(m => m.Nct), TrialMatcher.Rank(p, all, top: 5).Select(m => m.Nct));
    }

    [Fact]
    public void A_trial_without_eligibility_text_is_at_best_possibly_eligible()
    {
        var trial = new AlkNavigator.Features.Trials.Trial { NctId = "NCT00000001", Title = "Lorlatinib in ALK-positive Metastatic NSCLC", Conditions = "Non-small Cell Lung Cancer", Status = "RECRUITING" };
        CriteriaParser.Apply(trial);
        var m = TrialMatcher.Match(MatchingFixtures.Profile("D01"), CatalogTrial.From(trial));
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Criterion == "eligibility");
        Assert.Contains("alk-targeted", trial.Categories.Split('|'));
    }
}
