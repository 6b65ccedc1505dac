using AlkNavigator.Features.Symptoms;
using System.Text.Json;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using Ical.Net;

namespace AlkNavigator.Tests.Schedule;

/// <summary>`alknav schedule plan` as a user runs it: the built CLI, no database.</summary>
public class ScheduleCliTests
{
    private static string Fixture(string name) => Path.Combine(Repo.Root, "tests", "AlkNavigator.Tests", "Fixtures", "schedule", name);

    private static string Temp(string name, string text)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("alknav-schedule-cli-").FullName, name);
        File.WriteAllText(file, text);
        return file;
    }

    private static IReadOnlyList<PlannedItem> Expected(string fixture, DateOnly from, int months)
    {
        var import = ProfileJson.Parse(File.ReadAllBytes(Fixture(fixture)), PatientTime.UtcToday(TimeProvider.System));
        Assert.True(import.IsValid);
        return SchedulePlanner.Plan(import.Content, from, months);
    }

    [Fact]
    public async Task Json_has_exactly_kind_title_due_reason_source_for_each_item_in_order()
    {
        var r = await Repo.RunCliAsync("schedule", "plan", "--patient", Fixture("lorlatinib-progression.json"), "--from", "2026-01-01", "--months", "6", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var items = doc.RootElement.EnumerateArray().ToList();
        foreach (var item in items)
        {
            Assert.Equal(["kind", "title", "due", "reason", "source"], item.EnumerateObject().Select(p => p.Name));
            Assert.All(item.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        }
        var expected = Expected("lorlatinib-progression.json", new DateOnly(2026, 1, 1), 6);
        Assert.Equal(expected.Select(i => (i.Kind, i.Title, i.Due.ToString("yyyy-MM-dd"), i.Reason, i.Source)),
            items.Select(i => (i.GetProperty("kind").GetString()!, i.GetProperty("title").GetString()!, i.GetProperty("due").GetString()!,
                i.GetProperty("reason").GetString()!, i.GetProperty("source").GetString()!)));

        // Progression on 2025-11-03 with no liquid biopsy since: due on the first day. SRS: brain MRI every 3 months.
        Assert.Equal(("liquid-biopsy", "2026-01-01"), (items[0].GetProperty("kind").GetString(), items[0].GetProperty("due").GetString()));
        // Brain MRI 3 days before the visit, on a weekday (visit Tuesday 2026-02-10; Sunday 2026-05-10 moved to Friday 05-08);
        // lipids on Saturday 2026-01-10 on the Friday before.
        Assert.Equal(["2026-02-06", "2026-05-05"], items.Where(i => i.GetProperty("kind").GetString() == "brain-mri").Select(i => i.GetProperty("due").GetString()));
        Assert.Equal(["2026-01-09", "2026-04-10"], items.Where(i => i.GetProperty("kind").GetString() == "lab:lipids").Select(i => i.GetProperty("due").GetString()));
    }

    [Theory]
    [InlineData("Alunbrig", "alunbrig-label-2017")]
    [InlineData("ceritinib", "zykadia-label")]
    public async Task Json_lists_lab_pancreas_monthly_from_the_start_for_brigatinib_and_ceritinib(string agent, string source)
    {
        var profile = Temp("pancreas.json", $$"""
            { "age": 52, "diagnosis": { "stage": "IV", "alk": { "status": "positive" } },
              "therapies": [ { "agent": "{{agent}}", "start": "2026-02-10", "stopReason": "ongoing" } ] }
            """);
        var r = await Repo.RunCliAsync("schedule", "plan", "--patient", profile, "--from", "2026-02-10", "--months", "3", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var pancreas = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "lab:pancreas").ToList();
        Assert.Equal(["2026-02-10", "2026-03-10", "2026-04-10"], pancreas.Select(i => i.GetProperty("due").GetString()));
        Assert.All(pancreas, i => Assert.Equal(source, i.GetProperty("source").GetString()));
        Assert.All(pancreas, i => Assert.Contains("lipase", i.GetProperty("reason").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_lists_lab_pancreas_among_the_kinds()
    {
        var r = await Repo.RunCliAsync("schedule", "plan", "--help");
        Assert.Contains("lab:pancreas", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_are_json_from_today_for_twelve_months()
    {
        var r = await Repo.RunCliAsync("schedule", "plan", "--patient", Fixture("alectinib-brain.json"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var dues = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().Select(i => DateOnly.Parse(i.GetProperty("due").GetString()!)).ToList();
        Assert.NotEmpty(dues);
        // An item due on a weekend is on the Friday before (SchedulePlanner.ClinicDay): up to 2 days before today.
        Assert.All(dues, d => Assert.InRange(d, today.AddDays(-2), today.AddMonths(12).AddDays(-1)));
        Assert.Equal(Expected("alectinib-brain.json", today, 12).Select(i => i.Due), dues);
    }

    [Fact]
    public async Task Ics_is_the_same_plan_as_an_icalendar_that_parses_and_names_nobody()
    {
        var profile = Temp("named.json", """
            { "age": 47, "diagnosis": { "stage": "IV", "alk": { "status": "positive" } },
              "therapies": [ { "agent": "brigatinib", "start": "2025-03-01", "stopReason": "ongoing" } ],
              "alknav": { "version": 1, "displayName": "Jane Testperson" } }
            """);
        var r = await Repo.RunCliAsync("schedule", "plan", "--patient", profile, "--from", "2025-03-01", "--months", "3", "--format", "ics");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", r.Stdout);
        Assert.DoesNotContain("Jane", r.Stdout);
        Assert.DoesNotContain("Testperson", r.Stdout);
        var cal = Calendar.Load(r.Stdout)!;
        Assert.Equal("-//AlkNavigator//Schedule//EN", cal.ProductId);

        var import = ProfileJson.Parse(File.ReadAllBytes(profile), PatientTime.UtcToday(TimeProvider.System));
        var expected = SchedulePlanner.Plan(import.Content, new DateOnly(2025, 3, 1), 3);
        Assert.Equal(expected.Select(i => i.Key + "@alknavigator"), cal.Events.Select(e => e.Uid));
        Assert.Equal(expected.Select(i => (i.Title, i.Due, i.Kind)), cal.Events.Select(e => (e.Summary!, e.DtStart!.Date, e.Categories.Single())));
        Assert.All(cal.Events, e => Assert.Single(e.Alarms));
        Assert.Contains(cal.Events, e => e.Categories.Single() == "vitals:blood-pressure" && e.DtStart!.Date == new DateOnly(2025, 3, 15));
    }

    [Fact]
    public async Task A_profile_without_a_tki_gets_visits_and_scans_only()
    {
        var r = await Repo.RunCliAsync("schedule", "plan", "--patient", Fixture("no-tki.json"), "--from", "2026-01-01");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var items = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["visit", "ct", "brain-mri"],
            items.Select(i => i.GetProperty("kind").GetString()!).Distinct().OrderBy(x => Array.IndexOf(SchedulePlanner.Kinds, x)));
        // Counted from the diagnosis (2025-06-01), the latest date the profile gives; Sunday 2026-03-01 moves to the Friday before.
        Assert.Equal(["2026-02-27", "2026-06-01", "2026-09-01", "2026-12-01"], items.Where(i => i.GetProperty("kind").GetString() == "visit").Select(i => i.GetProperty("due").GetString()));
    }

    [Theory]
    [InlineData("--from", "2026-13-01", "--from")]
    [InlineData("--from", "01/02/2026", "--from")]
    [InlineData("--months", "0", "--months")]
    [InlineData("--months", "61", "--months")]
    [InlineData("--months", "six", "--months")]
    public async Task Bad_dates_and_months_are_refused(string option, string value, string mentioned)
    {
        var r = await Repo.RunCliAsync("schedule", "plan", "--patient", Fixture("no-tki.json"), option, value);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("alknav: ", r.Stderr);
        Assert.Contains(mentioned, r.Stderr);
    }

    [Fact]
    public async Task Sixty_months_is_allowed()
    {
        var r = await Repo.RunCliAsync("schedule", "plan", "--patient", Fixture("no-tki.json"), "--from", "2026-01-01", "--months", "60");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(20, JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().Count(i => i.GetProperty("kind").GetString() == "visit"));
    }

    [Fact]
    public async Task Bad_format_missing_file_and_invalid_profile_fail()
    {
        var format = await Repo.RunCliAsync("schedule", "plan", "--patient", Fixture("no-tki.json"), "--format", "xml");
        Assert.NotEqual(0, format.ExitCode);
        Assert.Contains("xml", format.Stderr);
        Assert.DoesNotContain("BEGIN:VCALENDAR", format.Stdout);

        var missing = await Repo.RunCliAsync("schedule", "plan", "--patient", Path.Combine(Path.GetTempPath(), "no-such-profile-" + Guid.NewGuid() + ".json"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);

        var invalid = Temp("bad.json", """{ "age": 50, "therapies": [ { "agent": "alectinib", "start": "not a date" } ] }""");
        var bad = await Repo.RunCliAsync("schedule", "plan", "--patient", invalid);
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("", bad.Stdout);
        Assert.Contains("not a valid patient profile", bad.Stderr);
    }
}
