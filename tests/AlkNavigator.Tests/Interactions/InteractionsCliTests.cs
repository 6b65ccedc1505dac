using System.Text.Json;

namespace AlkNavigator.Tests.Interactions;

/// <summary>`alknav interactions check|rules` as a user runs them: the built CLI, no database.</summary>
public class InteractionsCliTests
{
    private static string Profile(string agent, bool ongoing, params string[] medicines)
    {
        var meds = string.Join(", ", medicines.Select(m => JsonSerializer.Serialize(new { name = m })));
        var therapy = ongoing
            ? $$"""{ "agent": "{{agent}}", "start": "2024-01-10", "stopReason": "ongoing" }"""
            : $$"""{ "agent": "{{agent}}", "start": "2024-01-10", "end": "2024-06-01", "stopReason": "progression" }""";
        var file = Path.Combine(Directory.CreateTempSubdirectory("alknav-interactions-cli-").FullName, "profile.json");
        File.WriteAllText(file, $$"""
            { "age": 50, "diagnosis": { "stage": "IV", "alk": { "status": "positive" } },
              "therapies": [ {{therapy}} ],
              "alknav": { "version": 1, "medicines": [ {{meds}} ] } }
            """);
        return file;
    }

    [Fact]
    public async Task Check_prints_exactly_the_six_keys_most_severe_first()
    {
        var r = await Repo.RunCliAsync("interactions", "check", "--patient", Profile("Lorbrena", true, "simvastatin", "Microgynon 30", "Rifadin 600 mg daily", "paracetamol"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var items = doc.RootElement.EnumerateArray().ToList();
        foreach (var i in items) Assert.Equal(["medicine", "agent", "severity", "effect", "advice", "source"], i.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["contraindicated", "avoid", "info"], items.Select(i => i.GetProperty("severity").GetString()));
        Assert.Equal("Rifadin 600 mg daily", items[0].GetProperty("medicine").GetString());
        Assert.Equal("rifampicin", items[0].GetProperty("agent").GetString());
        Assert.Equal("lorbrena-label", items[0].GetProperty("source").GetString());
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public async Task Check_prints_an_empty_list_when_nothing_applies()
    {
        var none = await Repo.RunCliAsync("interactions", "check", "--patient", Profile("alectinib", true, "paracetamol", "vitamin D"), "--format", "json");
        Assert.True(none.ExitCode == 0, none.Stderr);
        Assert.Equal("[]", none.Stdout.Trim());
        var ended = await Repo.RunCliAsync("interactions", "check", "--patient", Profile("lorlatinib", false, "rifampicin"));
        Assert.True(ended.ExitCode == 0, ended.Stderr);
        Assert.Equal("[]", ended.Stdout.Trim());
    }

    [Fact]
    public async Task Check_has_a_table_format_and_rules_prints_the_reviewed_table()
    {
        var table = await Repo.RunCliAsync("interactions", "check", "--patient", Profile("Alunbrig", true, "diltiazem"), "--format", "table");
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("Current ALK inhibitor: Brigatinib (Alunbrig)", table.Stdout);
        Assert.Contains("avoid", table.Stdout);
        Assert.Contains("finding(s).", table.Stdout);

        var rules = await Repo.RunCliAsync("interactions", "rules");
        Assert.True(rules.ExitCode == 0, rules.Stderr);
        var rows = JsonDocument.Parse(rules.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Contains(rows, x => x.GetProperty("drug").GetString() == "lorlatinib" && x.GetProperty("severity").GetString() == "contraindicated"
            && x.GetProperty("agents").EnumerateArray().Any(a => a.GetString() == "St John's wort"));
    }

    [Fact]
    public async Task Bad_input_is_a_clear_error_and_a_non_zero_exit()
    {
        var missing = await Repo.RunCliAsync("interactions", "check", "--patient", "/nonexistent/profile.json");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);

        var file = Path.Combine(Directory.CreateTempSubdirectory("alknav-interactions-cli-").FullName, "bad.json");
        File.WriteAllText(file, """{ "therapies": 3 }""");
        var bad = await Repo.RunCliAsync("interactions", "check", "--patient", file);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("$.therapies", bad.Stderr);
        Assert.Equal("", bad.Stdout);

        var format = await Repo.RunCliAsync("interactions", "check", "--patient", file, "--format", "xml");
        Assert.NotEqual(0, format.ExitCode);
    }
}
