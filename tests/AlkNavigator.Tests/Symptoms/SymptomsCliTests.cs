using System.Text.Json;
using AlkNavigator.Features.Symptoms;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>`alknav symptoms questionnaire|triage|rules` as a user runs them: the built CLI, no database.</summary>
public class SymptomsCliTests
{
    private static string Fixture(string name) => Path.Combine(Repo.Root, "tests", "AlkNavigator.Tests", "Fixtures", "symptoms", name);

    private static string Temp(string name, string text)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("alknav-symptoms-cli-").FullName, name);
        File.WriteAllText(file, text);
        return file;
    }

    private static string ProfileOn(string drug, int daysAgo) => Temp("profile.json", $$"""
        { "age": 50, "diagnosis": { "stage": "IV", "alk": { "status": "positive" } },
          "therapies": [ { "agent": "{{drug}}", "start": "{{DateTime.UtcNow.Date.AddDays(-daysAgo):yyyy-MM-dd}}", "stopReason": "ongoing" } ] }
        """);

    [Fact]
    public async Task Questionnaire_prints_the_terms_and_attributes_for_the_current_drug()
    {
        var r = await Repo.RunCliAsync("symptoms", "questionnaire", "--patient", Fixture("crizotinib.json"), "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var items = doc.RootElement.EnumerateArray().ToList();
        foreach (var item in items) Assert.Equal(["term", "attributes"], item.EnumerateObject().Select(p => p.Name));
        var blurry = items.Single(i => i.GetProperty("term").GetString() == "Blurry vision");
        Assert.Equal(["severity", "interference"], blurry.GetProperty("attributes").EnumerateArray().Select(a => a.GetString()));
        var terms = items.Select(i => i.GetProperty("term").GetString()!).ToList();
        Assert.Equal(Questionnaire.For(new SymptomContext("crizotinib", new DateOnly(2025, 3, 20), DateOnly.FromDateTime(DateTime.UtcNow))).Select(q => q.Item.Term), terms);
        Assert.Contains("Spots or lines (floaters)", terms);
        Assert.Contains("Loose or watery stools (diarrhea)", terms);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public async Task Questionnaire_defaults_to_json_and_has_a_table_format()
    {
        var json = await Repo.RunCliAsync("symptoms", "questionnaire", "--patient", Fixture("no-tki.json"));
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Equal(Questionnaire.For(new SymptomContext(null, null, DateOnly.FromDateTime(DateTime.UtcNow))).Select(q => q.Item.Term),
            JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Select(i => i.GetProperty("term").GetString()));

        var table = await Repo.RunCliAsync("symptoms", "questionnaire", "--patient", Fixture("lorlatinib.json"), "--format", "table");
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("Current ALK inhibitor: lorlatinib", table.Stdout);
        Assert.Contains("Problems with memory", table.Stdout);
        Assert.Contains("31 item(s).", table.Stdout);
    }

    [Fact]
    public async Task Triage_prints_the_alerts_most_urgent_first_each_named()
    {
        var r = await Repo.RunCliAsync("symptoms", "triage", "--patient", Fixture("lorlatinib.json"), "--answers", Fixture("answers-breathless.json"), "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var alerts = doc.RootElement.EnumerateArray().ToList();
        foreach (var a in alerts) Assert.Equal(["level", "rule", "message", "basis", "symptom", "heading"], a.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["breathless-severe", "multiple-contact", "heart-rate", "diarrhea-frequent", "insomnia"], alerts.Select(a => a.GetProperty("rule").GetString()));
        Assert.Equal(["urgent", "urgent", "contact", "contact", "next-visit"], alerts.Select(a => a.GetProperty("level").GetString()));
        Assert.Equal(["Shortness of breath: very severe", "Several symptoms at once: Heart rate, Loose or watery stools (diarrhea)", "Heart rate: 45 per minute",
            "Loose or watery stools (diarrhea): frequently", "Insomnia: moderate"], alerts.Select(a => a.GetProperty("heading").GetString()));
        Assert.Equal(["Shortness of breath", "Several symptoms at once", "Heart rate", "Loose or watery stools (diarrhea)", "Insomnia"],
            alerts.Select(a => a.GetProperty("symptom").GetString()));
        var rule = Triage.Rules.Single(x => x.Id == "breathless-severe");
        Assert.Equal("Shortness of breath: very severe. " + rule.Message + " " + rule.Action, alerts[0].GetProperty("message").GetString());
        foreach (var a in alerts) Assert.StartsWith(a.GetProperty("heading").GetString()!, a.GetProperty("message").GetString());
        Assert.Contains("Call your care team now", alerts[0].GetProperty("message").GetString());
        Assert.Contains("CTCAE v5 dyspnoea grade 3", alerts[0].GetProperty("basis").GetString());
    }

    [Theory]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 88 } ]""", "oxygen-very-low", "urgent", "Oxygen saturation: 88 %")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 89 } ]""", "oxygen-very-low", "urgent", "Oxygen saturation: 89 %")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 90 } ]""", "oxygen-low", "contact", "Oxygen saturation: 90 %")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 91 } ]""", "oxygen-low", "contact", "Oxygen saturation: 91 %")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 93 }, { "measurement": "oxygenSaturationUsual", "value": 97 }, { "term": "Shortness of breath", "attribute": "severity", "answer": 1 } ]""", "oxygen-drop-breathless", "urgent",
        "Oxygen saturation: 93 %, 4 points below your usual 97 % (with Shortness of breath: mild)")]
    public async Task Triage_reads_oxygen_saturation_and_the_usual_reading(string json, string rule, string level, string heading)
    {
        var r = await Repo.RunCliAsync("symptoms", "triage", "--patient", ProfileOn("alectinib", 200), "--answers", Temp("answers.json", json));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var first = JsonDocument.Parse(r.Stdout).RootElement[0];
        Assert.Equal(rule, first.GetProperty("rule").GetString());
        Assert.Equal(level, first.GetProperty("level").GetString());
        Assert.Equal(heading, first.GetProperty("heading").GetString());
        Assert.Equal("Oxygen saturation", first.GetProperty("symptom").GetString());
    }

    [Theory]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 92 } ]""")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 98 } ]""")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 95 }, { "measurement": "oxygenSaturationUsual", "value": 97 }, { "term": "Shortness of breath", "attribute": "severity", "answer": 1 } ]""")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 94 }, { "measurement": "oxygenSaturationUsual", "value": 98 } ]""")]
    public async Task Triage_is_quiet_for_a_normal_oxygen_saturation_or_a_small_drop_or_a_drop_without_breathlessness(string json)
    {
        var r = await Repo.RunCliAsync("symptoms", "triage", "--patient", ProfileOn("alectinib", 200), "--answers", Temp("answers.json", json));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("[]", r.Stdout.Trim());
    }

    [Fact]
    public async Task Triage_prints_an_empty_list_when_nothing_fires()
    {
        var r = await Repo.RunCliAsync("symptoms", "triage", "--patient", Fixture("no-tki.json"), "--answers", Fixture("answers-none.json"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("[]", r.Stdout.Trim());
    }

    [Fact]
    public async Task Triage_applies_the_brigatinib_early_breathing_rule_from_the_profiles_start_date()
    {
        var answers = Temp("answers.json", """
            [ { "term": "COUGH", "attribute": "Severity", "answer": 1 } ]
            """);
        var day2 = await Repo.RunCliAsync("symptoms", "triage", "--patient", ProfileOn("brigatinib", 2), "--answers", answers);
        Assert.True(day2.ExitCode == 0, day2.Stderr);
        var alert = JsonDocument.Parse(day2.Stdout).RootElement[0];
        Assert.Equal("brigatinib-early-breathing", alert.GetProperty("rule").GetString());
        Assert.Equal("urgent", alert.GetProperty("level").GetString());
        Assert.Equal("Cough: mild", alert.GetProperty("heading").GetString());

        var day60 = await Repo.RunCliAsync("symptoms", "triage", "--patient", ProfileOn("brigatinib", 60), "--answers", answers);
        Assert.True(day60.ExitCode == 0, day60.Stderr);
        Assert.Equal("[]", day60.Stdout.Trim());

        // Moderate breathlessness on day 2 without fever: urgent (it was "next visit" before issue 10).
        var moderate = Temp("moderate.json", """[ { "term": "Shortness of breath", "attribute": "severity", "answer": 2 } ]""");
        var brand = await Repo.RunCliAsync("symptoms", "triage", "--patient", ProfileOn("Alunbrig", 2), "--answers", moderate);
        Assert.True(brand.ExitCode == 0, brand.Stderr);
        Assert.Equal("urgent", JsonDocument.Parse(brand.Stdout).RootElement[0].GetProperty("level").GetString());
        var later = await Repo.RunCliAsync("symptoms", "triage", "--patient", ProfileOn("brigatinib", 60), "--answers", moderate);
        Assert.Equal(["contact"], JsonDocument.Parse(later.Stdout).RootElement.EnumerateArray().Select(a => a.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task Triage_accepts_the_safety_questions_by_their_terms_or_other_names()
    {
        var answers = Temp("answers.json", """
            [ { "term": "Syncope", "attribute": "presence", "answer": 1 }, { "term": "Jaundice", "attribute": "presence", "answer": 1 },
              { "term": "Seizure", "attribute": "presence", "answer": 0 } ]
            """);
        var r = await Repo.RunCliAsync("symptoms", "triage", "--patient", ProfileOn("crizotinib", 100), "--answers", answers);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var alerts = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["fainting", "liver-signs"], alerts.Select(a => a.GetProperty("rule").GetString()));
        Assert.Equal(["Fainting: yes", "Yellow skin or eyes, or dark urine: yes"], alerts.Select(a => a.GetProperty("heading").GetString()));
    }

    [Fact]
    public async Task Triage_scores_follow_ups_of_a_never_answer_zero_as_the_check_in_does()
    {
        // PRO-CTCAE: when frequency is Never the follow-ups are skipped and score 0, so a stray severity does not fire.
        var answers = Temp("answers.json", """
            [ { "term": "Pain", "attribute": "frequency", "answer": 0 }, { "term": "Pain", "attribute": "severity", "answer": 4 } ]
            """);
        var r = await Repo.RunCliAsync("symptoms", "triage", "--patient", Fixture("no-tki.json"), "--answers", answers);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("[]", r.Stdout.Trim());
    }

    [Theory]
    [InlineData("""[ { "term": "Cough", "attribute": "severity", "answer": 1 }, { "term": "Diarrhoea", "attribute": "frequency", "answer": 3 } ]""", "entry 1: unknown term \"Diarrhoea\"")]
    [InlineData("""[ { "term": "Rash", "attribute": "severity", "answer": 1 } ]""", "entry 0: Rash has no attribute \"severity\"")]
    [InlineData("""[ { "term": "Nausea", "attribute": "severity", "answer": 5 } ]""", "entry 0: Nausea severity: answer 5 is out of range (0-4)")]
    [InlineData("""[ { "term": "Rash", "attribute": "presence", "answer": 2 } ]""", "entry 0: Rash presence: answer 2 is out of range (0-1)")]
    [InlineData("""[ { "term": "Cough", "attribute": "severity", "answer": 1 }, { "term": "cough", "attribute": "severity", "answer": 2 } ]""", "entry 1: Cough severity is answered twice")]
    [InlineData("""[ { "measurement": "bloodSugar", "value": 5 } ]""", "entry 0: measurement must be one of")]
    [InlineData("""[ { "measurement": "oxygenSaturationDrop", "value": 5 } ]""", "entry 0: measurement must be one of")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 101 } ]""", "entry 0: oxygenSaturation 101 is outside 50-100")]
    [InlineData("""[ { "measurement": "oxygenSaturation", "value": 92.5 } ]""", "entry 0: oxygenSaturation must be a whole number")]
    [InlineData("""[ { "measurement": "oxygenSaturationUsual", "value": 60 } ]""", "entry 0: oxygenSaturationUsual 60 is outside 70-100")]
    [InlineData("""{ "term": "Cough" }""", "must be a JSON array")]
    [InlineData("""[ { "term": "Cough", """, "not valid JSON")]
    public async Task Bad_answers_name_the_entry_and_exit_1(string json, string message)
    {
        var file = Temp("answers.json", json);
        var r = await Repo.RunCliAsync("symptoms", "triage", "--patient", Fixture("lorlatinib.json"), "--answers", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains($"{file}: {message}", r.Stderr);
    }

    [Fact]
    public async Task A_missing_or_invalid_profile_is_explained_on_stderr()
    {
        var missing = await Repo.RunCliAsync("symptoms", "questionnaire", "--patient", Fixture("nope.json"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);
        Assert.Equal("", missing.Stdout);

        var bad = Temp("bad.json", """{ "therapies": [ { "agent": "lorlatinib" } ] }""");
        var invalid = await Repo.RunCliAsync("symptoms", "triage", "--patient", bad, "--answers", Fixture("answers-none.json"));
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("therapies[0].start", invalid.Stderr);
        Assert.Contains("not a valid patient profile", invalid.Stderr);
        Assert.Equal("", invalid.Stdout);
    }

    [Fact]
    public async Task Rules_prints_the_table_for_review()
    {
        var json = await Repo.RunCliAsync("symptoms", "rules", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var rules = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(Triage.Rules.Select(r => r.Id), rules.Select(r => r.GetProperty("id").GetString()));
        foreach (var r in rules)
            foreach (var p in new[] { "level", "when", "threshold", "basis", "source" })
                Assert.False(string.IsNullOrWhiteSpace(r.GetProperty(p).GetString()));

        var table = await Repo.RunCliAsync("symptoms", "rules");
        Assert.True(table.ExitCode == 0, table.Stderr);
        JsonDocument.Parse(table.Stdout); // json by default

        var text = await Repo.RunCliAsync("symptoms", "rules", "--format", "table");
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("== urgent", text.Stdout);
        Assert.Contains("brigatinib-early-breathing", text.Stdout);
        Assert.Contains("threshold: Temperature at least 37.5 °C", text.Stdout);
        Assert.Contains("threshold: Oxygen saturation at most 91 %", text.Stdout);
        Assert.Contains("level:   urgent", text.Stdout);
        Assert.Contains("source:  ukons-triage-v3", text.Stdout);
        Assert.Contains("source:  alunbrig-label-2017", text.Stdout);
        Assert.Contains($"{Triage.Rules.Count} rule(s).", text.Stdout);
    }

    [Fact]
    public async Task Help_documents_the_answers_file_and_measurements()
    {
        var r = await Repo.RunCliAsync("symptoms", "triage", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--answers", r.Stdout);
        Assert.Contains("temperatureC", r.Stdout);
        Assert.Contains("oxygenSaturation", r.Stdout);
        Assert.Contains("oxygenSaturationUsual", r.Stdout);
        Assert.Contains("heading", r.Stdout);
    }
}
