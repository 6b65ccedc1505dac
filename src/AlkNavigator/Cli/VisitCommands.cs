using AlkNavigator.Features.Symptoms;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Visit;

namespace AlkNavigator.Cli;

/// <summary>`alknav visit questions`: the questions to ask at the next visit, computed from a patient profile; needs no database.</summary>
internal static class VisitCommands
{
    public static Command Build()
    {
        var visit = new Command("visit", "Prepare for a visit: questions to ask the care team, computed from a patient profile; needs no database.");
        visit.Subcommands.Add(QuestionsCommand());
        return visit;
    }

    private static Command QuestionsCommand()
    {
        var command = new Command("questions", "Print the questions to ask at the next visit, most important first: " +
            "[{\"question\", \"why\", \"source\"}] (source a key of content/sources.yaml; [] when the profile gives nothing to ask). " +
            "Questions for the care team only: never advice to start, stop or change a treatment.");
        var patient = new Option<string>("--patient") { Description = "The patient profile JSON file (v1).", Required = true, HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "json (default) or table.", DefaultValueFactory = _ => "json", HelpName = "json|table" };
        format.AcceptOnlyFromAmong("json", "table");
        var today = new Option<string?>("--today")
        {
            Description = "The day of the visit questions (default: today's date, UTC: a profile has no time zone). Checks due within 31 days of it are listed.",
            HelpName = "YYYY-MM-DD",
        };
        command.Options.Add(patient);
        command.Options.Add(format);
        command.Options.Add(today);
        command.SetAction((pr, ct) => QuestionsAsync(pr.GetValue(patient)!, pr.GetValue(format)!, pr.GetValue(today), ct));
        return command;
    }

    private static async Task<int> QuestionsAsync(string file, string format, string? todayText, CancellationToken ct)
    {
        var today = PatientTime.UtcToday(TimeProvider.System); // a profile file, no patient zone: the UTC date
        if (todayText is not null && !DateOnly.TryParseExact(todayText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out today))
        {
            CliOutput.Error.WriteLine($"alknav: --today \"{todayText}\" is not a date (YYYY-MM-DD).");
            return 1;
        }
        if (await CliApp.ReadInputFileAsync(file, ct, ProfileJson.MaxBytes) is not { } bytes) return 1;
        var import = ProfileJson.Parse(bytes, today, requireContent: false); // read to compute, not imported: nothing to wipe
        foreach (var w in import.Warnings) CliOutput.Error.WriteLine($"{file}:{w.Line}: {w.Path}: warning: {w.Message}");
        if (!import.IsValid)
        {
            foreach (var p in import.Problems) CliOutput.Error.WriteLine($"{file}:{p.Line}: {p.Path}: {p.Message}");
            CliOutput.Error.WriteLine($"{file}: not a valid patient profile ({import.Problems.Count} problem(s)).");
            return 1;
        }

        var questions = VisitQuestions.For(import.Content, today, ResistanceTable.Load(ContentDirectory()));
        string text;
        if (format == "table")
        {
            var o = new StringBuilder();
            var n = 0;
            foreach (var q in questions)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"{++n,2}. {q.Question}");
                o.AppendLine($"    why:    {q.Why}");
                o.AppendLine($"    source: {q.Source}");
            }
            o.AppendLine(CultureInfo.InvariantCulture, $"{questions.Count} question(s).");
            text = o.ToString();
        }
        else text = ToJson(questions).ToJsonString(JsonOut) + "\n";
        await using var stdout = new StreamWriter(CliOutput.OpenStandardOutput(), new UTF8Encoding(false));
        await stdout.WriteAsync(text.AsMemory(), ct);
        return 0;
    }

    internal static JsonArray ToJson(IEnumerable<VisitQuestion> questions) => new(questions.Select(q => (JsonNode)new JsonObject
    {
        ["question"] = q.Question,
        ["why"] = q.Why,
        ["source"] = q.Source,
    }).ToArray());

    /// <summary>The content directory, as the web host finds it (Content:Directory, else content/ beside the program).</summary>
    private static string ContentDirectory()
    {
        var configured = CliOutput.Settings is { } s && s.TryGetValue("Content:Directory", out var c) ? c : Environment.GetEnvironmentVariable("ALKNAV_Content__Directory");
        return configured is { Length: > 0 } ? Path.GetFullPath(configured) : Path.Combine(AppContext.BaseDirectory, "content");
    }

    private static readonly JsonSerializerOptions JsonOut = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
