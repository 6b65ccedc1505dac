using System.Text;
using System.Text.Json;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>MatchProfile from a profile file (the one profile reader) and from a record; TrialMatcher verdicts and reasons on small cases.</summary>
public class MatchingProfileTests
{
    [Fact]
    public void Profile_JSON_is_read_by_the_one_profile_reader_and_a_bad_value_is_a_problem_with_its_line_not_a_silent_unknown()
    {
        // What the lenient reader used to turn into warnings ("ecog": 9 → not known) is now refused, as on import.
        var import = ProfileJson.Parse(Encoding.UTF8.GetBytes("""
            { "age": 57, "sex": "Female", "country": "ca", "favouriteColour": "blue",
              "diagnosis": { "stage": "Stage IVb", "alk": { "status": "POSITIVE", "variant": 3 } },
              "ecog": 9, "metastases": [ { "site": "Brain", "status": "treated-stable" }, 4 ], "therapies": "lots" }
            """), MatchingFixtures.Today);
        Assert.False(import.IsValid);
        Assert.Contains(import.Problems, p => p.Path == "$.ecog" && p.Line == 3);
        Assert.Contains(import.Problems, p => p.Path == "$.metastases[1]" && p.Line == 3);
        Assert.Contains(import.Problems, p => p.Path == "$.therapies" && p.Message.Contains("must be an array"));
        Assert.Contains(import.Warnings, w => w.Path == "$.favouriteColour" && w.Message.StartsWith("unknown property", StringComparison.Ordinal));
        Assert.Contains(import.Warnings, w => w.Path == "$.diagnosis.alk.variant");

        // Spellings the reader knows are read as the vocabulary's.
        var p = MatchingFixtures.Read("""
            { "age": 57, "sex": "Female", "country": "ca", "diagnosis": { "stage": "Stage IVb", "alk": { "status": "POSITIVE" } },
              "metastases": [ { "site": "Brain", "status": "Treated stable" } ] }
            """);
        Assert.Equal(57, p.Age);
        Assert.Equal("female", p.Sex);
        Assert.Equal("CA", p.Country);
        Assert.Equal("IVB", p.Stage);
        Assert.Equal("positive", p.AlkStatus);
        Assert.Null(p.Ecog);
        Assert.Equal("treated-stable", p.Brain);
        Assert.Null(p.Therapies);
    }

    [Fact]
    public void Missing_means_unknown_and_an_empty_list_means_none()
    {
        var unknown = MatchingFixtures.Read("""{ "age": 50 }""");
        Assert.Null(unknown.Therapies);
        Assert.Null(unknown.Metastases);
        Assert.Null(unknown.Biomarkers);
        Assert.Null(unknown.Procedures);
        Assert.Null(unknown.Brain);
        Assert.Null(unknown.IsAdvanced);
        var none = MatchingFixtures.Read("""{ "age": 50, "therapies": [], "metastases": [], "biomarkers": [], "procedures": [] }""");
        Assert.Empty(none.Therapies!);
        Assert.Empty(none.Biomarkers!);
        Assert.Empty(none.Procedures!);
        Assert.Equal("none", none.Brain);
        Assert.False(none.OnTreatment);
    }

    [Theory]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("{}", "no patient profile content")]
    [InlineData("""{ "resourceType": "Bundle", "type": "collection", "entry": [] }""", "This FHIR Bundle has nothing that maps into the record")]
    public void Text_that_is_not_a_profile_is_refused(string json, string message)
    {
        var import = ProfileJson.Parse(Encoding.UTF8.GetBytes(json), MatchingFixtures.Today);
        Assert.False(import.IsValid);
        Assert.Contains(import.Problems, p => p.Message.Contains(message, StringComparison.Ordinal));
    }

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
        // A record cannot tell "none entered" from "known none": an empty list in the file reads as not recorded from the record,
        // i.e. the same as the file without that property.
        var today = new DateOnly(2026, 11, 30);
        foreach (var id in new[] { "D01", "D02", "D03" })
        {
            var bytes = File.ReadAllBytes(MatchingFixtures.ProfilePath(id));
            var import = ProfileJson.Parse(bytes, today);
            Assert.True(import.IsValid, string.Join("; ", import.Problems));
            var fromRecord = MatchProfile.FromRecord(import.Content, today);
            var node = System.Text.Json.Nodes.JsonNode.Parse(bytes)!.AsObject();
            foreach (var key in new[] { "therapies", "metastases", "biomarkers" })
                if (node[key] is System.Text.Json.Nodes.JsonArray { Count: 0 }) node.Remove(key);
            var fromJson = MatchingFixtures.Read(node.ToJsonString());
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

        var unknownAlk = TrialMatcher.Match(MatchingFixtures.Read("""{ "diagnosis": { "stage": "IV" } }"""), trial);
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

    // ------------------------------------------------------------------ review fixes

    private static AlkNavigator.Features.Trials.Trial NewTrial(string eligibility, string title = "A study in ALK-positive NSCLC", string conditions = "Non-small Cell Lung Cancer")
    {
        var t = new AlkNavigator.Features.Trials.Trial { NctId = "NCT00000002", Title = title, Conditions = conditions, EligibilityText = eligibility, Status = "RECRUITING" };
        CriteriaParser.Apply(t);
        return t;
    }

    [Fact]
    public void An_empty_record_means_not_recorded_so_the_matcher_says_unknown()
    {
        var r = new PatientRecord { BirthYear = 1970, AlkStatus = "positive", Stage = "IVA", Country = "gb" };
        var p = MatchProfile.FromRecord(r, new DateOnly(2026, 11, 30));
        Assert.Null(p.Therapies);
        Assert.Null(p.Metastases);
        Assert.Null(p.Biomarkers);
        Assert.Null(p.Brain);

        var naive = CatalogTrial.From(NewTrial("Inclusion Criteria:\n\n* Metastatic ALK-positive NSCLC\n* No prior systemic anti-cancer therapy for metastatic disease\n\nExclusion Criteria:\n\n* Any brain metastases, including asymptomatic cases."));
        Assert.True(naive.Criteria.TreatmentNaiveRequired);
        Assert.True(naive.Criteria.BrainMetsExcluded);
        var m = TrialMatcher.Match(p, naive);
        Assert.Contains(m.Reasons, x => x.Kind == "unknown" && x.Criterion == "prior therapy");
        Assert.Contains(m.Reasons, x => x.Kind == "unknown" && x.Criterion == "brain metastases");
        Assert.DoesNotContain(m.Reasons, x => x.Kind == "meets" && x.Criterion is "prior therapy" or "brain metastases");
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
    }

    [Fact]
    public void A_brain_status_of_none_in_the_record_is_known_none()
    {
        var r = new PatientRecord { AlkStatus = "positive", Stage = "IVA" };
        r.Sites.Add(new SiteObservation { Date = new DateOnly(2026, 1, 1), Site = "brain", Status = "none" });
        var p = MatchProfile.FromRecord(r, new DateOnly(2026, 11, 30));
        Assert.Equal("none", p.Brain);
        // In a profile file "no brain metastases" is a metastases list without the brain (the file's metastases are the current sites).
        Assert.Equal("none", MatchingFixtures.Read("""{ "metastases": [ { "site": "liver" } ] }""").Brain);
    }

    [Theory]
    [InlineData("negative")]
    [InlineData("not detected")]
    [InlineData("wild-type")]
    [InlineData("WT")]
    [InlineData("none")]
    [InlineData("no fusion")]
    public void A_negative_biomarker_result_is_not_the_driver(string alteration)
    {
        var alk = new MatchProfile { Biomarkers = [("ALK", alteration)] };
        Assert.False(alk.IsAlkPositive);

        var trial = CatalogTrial.From(NewTrial("Inclusion Criteria:\n\n* Documented KRAS G12C mutation", "Sotorasib in KRAS G12C-Mutant NSCLC"));
        Assert.Equal("KRAS G12C", trial.Criteria.OtherDriverRequired);
        var m = TrialMatcher.Match(new MatchProfile { Biomarkers = [("KRAS", alteration)] }, trial);
        Assert.DoesNotContain(m.Reasons, x => x.Kind == "meets" && x.Criterion == "driver");
    }

    [Fact]
    public void Another_variant_of_the_named_gene_does_not_meet_the_trial()
    {
        var trial = CatalogTrial.From(NewTrial("Inclusion Criteria:\n\n* Documented KRAS G12C mutation", "Sotorasib in KRAS G12C-Mutant NSCLC"));
        var g12d = TrialMatcher.Match(new MatchProfile { Biomarkers = [("KRAS", "G12D")] }, trial);
        Assert.DoesNotContain(g12d.Reasons, x => x.Kind == "meets" && x.Criterion == "driver");
        var g12c = TrialMatcher.Match(new MatchProfile { Biomarkers = [("KRAS", "G12C")] }, trial);
        Assert.Contains(g12c.Reasons, x => x.Kind == "meets" && x.Criterion == "driver");
    }

    [Fact]
    public void Leptomeningeal_disease_does_not_pass_an_active_CNS_metastases_exclusion()
    {
        var trial = CatalogTrial.From(NewTrial("Inclusion Criteria:\n\n* Metastatic ALK-positive NSCLC\n\nExclusion Criteria:\n\n* Known symptomatic brain metastases."));
        Assert.True(trial.Criteria.ActiveBrainMetsExcluded);
        Assert.False(trial.Criteria.LeptomeningealExcluded);
        var p = new MatchProfile { AlkStatus = "positive", Stage = "IVB", Metastases = [new MatchSite("leptomeninges", null)] };
        Assert.Equal("leptomeningeal", p.Brain);
        var m = TrialMatcher.Match(p, trial);
        Assert.Contains(m.Reasons, x => x.Criterion == "brain metastases" && x.Kind is "excludes" or "unknown");
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("IIIA", "lymph nodes", null)]
    [InlineData("IIB", "lung", false)]
    [InlineData("IIIB", "pleura", null)]
    [InlineData("IIIA", "liver", true)]
    [InlineData("IVA", "lymph nodes", true)]
    public void Regional_sites_do_not_make_stage_I_to_III_advanced(string stage, string site, bool? advanced)
    {
        var p = new MatchProfile { Stage = stage, Metastases = [new MatchSite(site, null)] };
        Assert.Equal(advanced, p.IsAdvanced);
    }

    [Theory]
    [InlineData("Xalkori", "crizotinib")]
    [InlineData("Zykadia", "ceritinib")]
    [InlineData("Alecensa", "alectinib")]
    [InlineData("Alunbrig", "brigatinib")]
    [InlineData("Lorbrena", "lorlatinib")]
    [InlineData("Lorviqua", "lorlatinib")]
    [InlineData("Ensacove", "ensartinib")]
    [InlineData("iruplinalkib", "iruplinalkib")]
    [InlineData("envonalkib", "envonalkib")]
    [InlineData("NVL-655", "neladalkib")]
    [InlineData("neladalkib", "neladalkib")]
    [InlineData("TPX-0131", "zotizalkib")]
    public void Newer_ALK_TKIs_and_brand_names_count_as_ALK_TKIs(string agent, string generic)
    {
        var p = new MatchProfile { Therapies = [new MatchTherapy(agent, 1, "progression", false)] };
        Assert.Equal([generic], p.AlkTkis);
    }

    [Fact]
    public void A_brand_name_in_the_record_meets_a_required_agent()
    {
        var trial = CatalogTrial.From(NewTrial("Inclusion Criteria:\n\n* Metastatic ALK-positive NSCLC\n* Radiographic disease progression on lorlatinib"));
        Assert.Contains("lorlatinib", trial.Criteria.AgentsRequired);
        var p = new MatchProfile { AlkStatus = "positive", Stage = "IVB", Therapies = [new MatchTherapy("Alecensa", 1, "progression", false), new MatchTherapy("Lorbrena", 2, "progression", false)] };
        var m = TrialMatcher.Match(p, trial);
        Assert.Contains(m.Reasons, x => x.Kind == "meets" && x.Text.Contains("lorlatinib"));
        Assert.DoesNotContain(m.Reasons, x => x.Kind == "excludes" && x.Criterion == "prior therapy");
    }

    [Theory]
    [InlineData("TR", "Turkey (Türkiye)")]
    [InlineData("TR", "Türkiye")]
    [InlineData("RU", "Russia")]
    [InlineData("KR", "Korea, Republic of")]
    [InlineData("CZ", "Czech Republic")]
    [InlineData("CZ", "Czechia")]
    [InlineData("VN", "Viet Nam")]
    [InlineData("IR", "Iran, Islamic Republic of")]
    [InlineData("TW", "Taiwan")]
    [InlineData("HK", "Hong Kong")]
    public void Registry_country_spellings_match_the_profile_country(string iso, string registry)
    {
        var trial = new CatalogTrial("NCT00000003", "A study", "RECRUITING", null, [registry], null, "", new TrialCriteria { Disease = DiseaseKinds.Nsclc });
        var m = TrialMatcher.Match(new MatchProfile { Country = iso }, trial);
        Assert.Contains(m.Reasons, x => x.Kind == "meets" && x.Criterion == "country");
    }

    [Fact]
    public void Completed_earlier_treatment_is_unknown_for_a_trial_naive_only_for_advanced_disease()
    {
        var trial = CatalogTrial.From(NewTrial("Inclusion Criteria:\n\n* Metastatic ALK-positive NSCLC\n* No prior systemic anti-cancer therapy for metastatic disease"));
        Assert.True(trial.Criteria.TreatmentNaiveRequired);
        Assert.True(trial.Criteria.TreatmentNaiveForAdvanced);
        var adjuvant = new MatchProfile { AlkStatus = "positive", Stage = "IVB", Therapies = [new MatchTherapy("cisplatin + pemetrexed", 1, "completed", false)], Procedures = [("surgery", "lobectomy")] };
        var m = TrialMatcher.Match(adjuvant, trial);
        Assert.Contains(m.Reasons, x => x.Kind == "unknown" && x.Criterion == "prior therapy");
        Assert.DoesNotContain(m.Reasons, x => x.Kind == "excludes" && x.Criterion == "prior therapy");

        var progressed = adjuvant with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false)] };
        Assert.Contains(TrialMatcher.Match(progressed, trial).Reasons, x => x.Kind == "excludes" && x.Criterion == "prior therapy");
    }
}
