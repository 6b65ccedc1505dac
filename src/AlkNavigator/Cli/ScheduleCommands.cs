using AlkNavigator.Features.Symptoms;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;

namespace AlkNavigator.Cli;

/// <summary>`alknav schedule plan`: the monitoring plan a patient profile would get, as JSON or iCalendar; needs no database.</summary>
internal static class ScheduleCommands
{
    public const int MaxMonths = 60;

    public static Command Build()
    {
        var schedule = new Command("schedule", "The monitoring schedule (visits, scans, the label's lab checks) for a patient profile; needs no database.");
        schedule.Subcommands.Add(PlanCommand());
        return schedule;
    }

    private static Command PlanCommand()
    {
        var command = new Command("plan", "Print the plan a patient profile would get: JSON [{\"kind\", \"title\", \"due\": \"YYYY-MM-DD\", \"reason\", \"source\"}] " +
            $"ordered by due date (kind one of {string.Join(", ", SchedulePlanner.Kinds)}; source a key of content/sources.yaml), or the same plan as an iCalendar file.");
        var patient = new Option<string>("--patient") { Description = "The patient profile JSON file (v1).", Required = true, HelpName = "FILE" };
        var from = new Option<string?>("--from") { Description = "First day of the plan (default: today, UTC).", HelpName = "YYYY-MM-DD" };
        var months = new Option<string?>("--months") { Description = $"How many months to plan (1-{MaxMonths}, default 12).", HelpName = "N" };
        var format = new Option<string>("--format") { Description = "json (default) or ics.", DefaultValueFactory = _ => "json", HelpName = "json|ics" };
        format.AcceptOnlyFromAmong("json", "ics");
        command.Options.Add(patient);
        command.Options.Add(from);
        command.Options.Add(months);
        command.Options.Add(format);
        command.SetAction((pr, ct) => PlanAsync(pr.GetValue(patient)!, pr.GetValue(from), pr.GetValue(months), pr.GetValue(format)!, ct));
        return command;
    }

    private static async Task<int> PlanAsync(string file, string? fromText, string? monthsText, string format, CancellationToken ct)
    {
        var today = PatientTime.UtcToday(TimeProvider.System); // a profile file, no patient zone: the UTC date
        var from = today;
        if (fromText is not null && !DateOnly.TryParseExact(fromText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
        {
            CliOutput.Error.WriteLine($"alknav: --from \"{fromText}\" is not a date (YYYY-MM-DD).");
            return 1;
        }
        var months = 12;
        if (monthsText is not null && (!int.TryParse(monthsText.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out months) || months < 1 || months > MaxMonths))
        {
            CliOutput.Error.WriteLine($"alknav: --months \"{monthsText}\" must be a whole number from 1 to {MaxMonths}.");
            return 1;
        }

        if (await ProfileInput.ReadAsync(file, today, ct) is not { } import) return 1;

        var plan = SchedulePlanner.Plan(import.Content, from, months);
        string text;
        if (format == "ics")
        {
            text = ScheduleCalendar.Write(plan.Select(i => new CalendarEntry(i.Key + "@alknavigator", i.Kind, i.Title, i.Due, i.Reason, i.Source, null)),
                "AlkNavigator monitoring", 1, TimeProvider.System.GetUtcNow().UtcDateTime);
        }
        else
        {
            var array = new JsonArray(plan.Select(i => (JsonNode)new JsonObject
            {
                ["kind"] = i.Kind,
                ["title"] = i.Title,
                ["due"] = i.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["reason"] = i.Reason,
                ["source"] = i.Source,
            }).ToArray());
            text = array.ToJsonString(JsonOut) + "\n";
        }
        await using var stdout = new StreamWriter(CliOutput.OpenStandardOutput(), new UTF8Encoding(false));
        await stdout.WriteAsync(text.AsMemory(), ct);
        return 0;
    }

    private static readonly JsonSerializerOptions JsonOut = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
