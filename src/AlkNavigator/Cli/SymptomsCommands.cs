using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;

namespace AlkNavigator.Cli;

/// <summary>`alknav symptoms questionnaire|triage|rules`: the check-in items and the alert rules, without a database.</summary>
internal static class SymptomsCommands
{
    public static Command Build()
    {
        var symptoms = new Command("symptoms", "Symptom check-ins (PRO-CTCAE items) and the alert rules, for a patient profile; needs no database.");
        symptoms.Subcommands.Add(QuestionnaireCommand());
        symptoms.Subcommands.Add(TriageCommand());
        symptoms.Subcommands.Add(RulesCommand());
        return symptoms;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "json (default) or table.", DefaultValueFactory = _ => "json", HelpName = "json|table" };
        format.AcceptOnlyFromAmong("json", "table");
        return format;
    }

    private static Option<string> PatientOption() =>
        new("--patient") { Description = "The patient profile JSON file (v1); its ongoing ALK TKI therapy chooses the items.", Required = true, HelpName = "FILE" };

    // ---------------------------------------------------------------- questionnaire

    private static Command QuestionnaireCommand()
    {
        var command = new Command("questionnaire", "Print the items a check-in would ask for a patient profile: " +
            "[{\"term\": \"Blurry vision\", \"attributes\": [\"severity\", \"interference\"]}, ...], PRO-CTCAE terms spelled as in the library.");
        var patient = PatientOption();
        var format = FormatOption();
        command.Options.Add(patient);
        command.Options.Add(format);
        command.SetAction((pr, ct) => QuestionnaireAsync(pr.GetValue(patient)!, pr.GetValue(format)!, ct));
        return command;
    }

    private static async Task<int> QuestionnaireAsync(string file, string format, CancellationToken ct)
    {
        if (await ReadContextAsync(file, ct) is not { } context) return 1;
        var items = Questionnaire.For(context);
        if (format == "table")
        {
            var o = new StringBuilder();
            o.AppendLine(context.Drug is null ? "No current ALK inhibitor." : $"Current ALK inhibitor: {context.Drug}" + (context.DaysOnDrug is { } d ? $", day {d}." : "."));
            o.AppendLine($"{"#",3}  {"term",-45} {"attributes",-35} {"group",-7} why");
            var n = 0;
            foreach (var q in items)
                o.AppendLine(CultureInfo.InvariantCulture, $"{++n,3}  {q.Item.Term,-45} {string.Join(", ", q.Item.Attributes),-35} {q.Group,-7} {q.Why}");
            o.AppendLine(CultureInfo.InvariantCulture, $"{items.Count} item(s).");
            await WriteAsync(o.ToString(), ct);
            return 0;
        }
        var array = new JsonArray(items.Select(q => (JsonNode)new JsonObject
        {
            ["term"] = q.Item.Term,
            ["attributes"] = new JsonArray(q.Item.Attributes.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
        }).ToArray());
        await WriteAsync(array.ToJsonString(JsonOut) + "\n", ct);
        return 0;
    }

    // ---------------------------------------------------------------- triage

    private static Command TriageCommand()
    {
        var command = new Command("triage", "Apply the alert rules to one check-in's answers and print what fires, most urgent first: " +
            "[{\"level\": \"urgent\"|\"contact\"|\"next-visit\", \"rule\", \"message\", \"basis\", \"symptom\", \"heading\"}] ([] when nothing fires); " +
            "symptom names what the alert is about and heading says it with the answer or reading (\"Shortness of breath: moderate\", " +
            "\"Oxygen saturation: 88 %\"), and message starts with the heading. Two or more contact-level alerts add an urgent one (rule multiple-contact). " +
            "No history: every rule that fires is printed (no baseline or repeat suppression).");
        var patient = PatientOption();
        var answers = new Option<string>("--answers")
        {
            Description = "The answers JSON file: an array of {\"term\": \"Shortness of breath\", \"attribute\": \"severity\", \"answer\": 3} " +
                "(answer 0-4 on the item's scale, presence 0/1; terms as in `symptoms questionnaire`, case-insensitive, the safety questions also by common " +
                "other names such as Syncope, Jaundice, Palpitations or Rigors; each term and attribute once; " +
                "skipped follow-ups may be left out). Optional measurements in the same array: {\"measurement\": \"temperatureC\", \"value\": 38.4}, " +
                "one of temperatureC (°C), systolic, diastolic (mmHg), heartRate (per minute), weightKg, oxygenSaturation (pulse oximeter, whole %, 50-100), " +
                "and oxygenSaturationUsual (the patient's usual reading, whole %, 70-100: a drop of 3 points or more with breathlessness is urgent).",
            Required = true, HelpName = "FILE",
        };
        var format = FormatOption();
        command.Options.Add(patient);
        command.Options.Add(answers);
        command.Options.Add(format);
        command.SetAction((pr, ct) => TriageAsync(pr.GetValue(patient)!, pr.GetValue(answers)!, pr.GetValue(format)!, ct));
        return command;
    }

    private static async Task<int> TriageAsync(string patientFile, string answersFile, string format, CancellationToken ct)
    {
        if (await ReadContextAsync(patientFile, ct) is not { } context) return 1;
        if (await CliApp.ReadInputFileAsync(answersFile, ct, ProfileJson.MaxBytes) is not { } bytes) return 1;
        if (ParseAnswers(bytes, out var answers, out var measurements) is { } error)
        {
            CliOutput.Error.WriteLine($"{answersFile}: {error}");
            return 1;
        }
        // As the check-in scores them: follow-ups of an item answered Never/None are skipped and score 0 (PRO-CTCAE).
        var fired = Triage.Evaluate(context, ProCtcae.Complete(answers).ToList(), measurements);
        if (format == "table")
        {
            var o = new StringBuilder();
            foreach (var t in fired)
                o.AppendLine($"{t.Rule.Level,-10} {t.Rule.Id,-28} {t.Heading}. {t.Message} {t.Rule.Action}");
            o.AppendLine(CultureInfo.InvariantCulture, $"{fired.Count} alert(s).");
            await WriteAsync(o.ToString(), ct);
            return 0;
        }
        var array = new JsonArray(fired.Select(t => (JsonNode)new JsonObject
        {
            ["level"] = t.Rule.Level,
            ["rule"] = t.Rule.Id,
            ["message"] = $"{t.Heading}. {t.Message} {t.Rule.Action}",
            ["basis"] = t.Rule.Basis,
            ["symptom"] = t.Symptom,
            ["heading"] = t.Heading,
        }).ToArray());
        await WriteAsync(array.ToJsonString(JsonOut) + "\n", ct);
        return 0;
    }

    /// <summary>Reads the answers array; an error message naming the entry (by index) or null.</summary>
    internal static string? ParseAnswers(ReadOnlySpan<byte> bytes, out List<Answer> answers, out Measurements measurements)
    {
        answers = [];
        measurements = new Measurements();
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes.ToArray(), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return $"not valid JSON: {e.Message}";
        }
        if (root is not JsonArray array) return "must be a JSON array of answers ([{\"term\": ..., \"attribute\": ..., \"answer\": ...}, ...])";

        var seen = new HashSet<(string, string)>();
        var values = new Dictionary<string, decimal>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"entry {i}";
            if (array[i] is not JsonObject entry) return $"{at}: must be an object";
            foreach (var name in entry.Select(p => p.Key))
                if (name is not ("term" or "attribute" or "answer" or "measurement" or "value"))
                    return $"{at}: unknown property \"{name}\" (an answer has term, attribute, answer; a measurement has measurement, value)";

            if (entry.ContainsKey("measurement"))
            {
                if (entry.ContainsKey("term") || entry.ContainsKey("attribute") || entry.ContainsKey("answer"))
                    return $"{at}: a measurement entry has only measurement and value";
                if (Text(entry["measurement"]) is not { } m || !Measurements.Inputs.Contains(m))
                    return $"{at}: measurement must be one of {string.Join(", ", Measurements.Inputs)}";
                if (Number(entry["value"]) is not { } v) return $"{at}: {m}: value must be a number";
                if (!values.TryAdd(m, v)) return $"{at}: {m} is given twice";
                var (lo, hi) = m switch
                {
                    "temperatureC" => (30m, 45m), "systolic" => (40m, 300m), "diastolic" => (20m, 200m), "heartRate" => (20m, 250m),
                    "oxygenSaturation" => (50m, 100m), "oxygenSaturationUsual" => (70m, 100m), _ => (1m, 500m),
                };
                if (v < lo || v > hi) return $"{at}: {m} {v.ToString(CultureInfo.InvariantCulture)} is outside {lo}-{hi}";
                if (m is "systolic" or "diastolic" or "heartRate" or "oxygenSaturation" or "oxygenSaturationUsual" && v != decimal.Truncate(v)) return $"{at}: {m} must be a whole number";
                continue;
            }

            if (Text(entry["term"]) is not { Length: > 0 } term) return $"{at}: term is required (a text)";
            if (ProCtcae.Find(term) is not { } item) return $"{at}: unknown term \"{term}\" (see `alknav symptoms questionnaire`; terms are spelled as in the PRO-CTCAE library)";
            if (Text(entry["attribute"]) is not { Length: > 0 } attributeText) return $"{at}: {item.Term}: attribute is required";
            var attribute = attributeText.Trim().ToLowerInvariant();
            if (!item.Attributes.Contains(attribute))
                return $"{at}: {item.Term} has no attribute \"{attributeText}\" (it has {string.Join(", ", item.Attributes)})";
            if (Number(entry["answer"]) is not { } value || value != decimal.Truncate(value)) return $"{at}: {item.Term} {attribute}: answer must be a whole number";
            var max = Attributes.Max(attribute);
            if (value < 0 || value > max) return $"{at}: {item.Term} {attribute}: answer {value} is out of range (0-{max})";
            if (!seen.Add((item.Term, attribute))) return $"{at}: {item.Term} {attribute} is answered twice";
            answers.Add(new Answer(item.Term, attribute, (int)value));
        }

        var ints = (string n) => values.TryGetValue(n, out var v) ? (int?)v : null;
        measurements = new Measurements(values.TryGetValue("temperatureC", out var t) ? t : null, values.TryGetValue("weightKg", out var w) ? w : null,
            ints("systolic"), ints("diastolic"), ints("heartRate"), ints("oxygenSaturation"), ints("oxygenSaturationUsual"));
        return null;
    }

    private static string? Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static decimal? Number(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) ? d : null;

    // ---------------------------------------------------------------- rules

    private static Command RulesCommand()
    {
        var command = new Command("rules", "Print the alert rule table for review: id, level, threshold (the conditions in words, with the " +
            "drugs and days it applies to), message, action, basis and source (a key of content/sources.yaml). " +
            "The table is Features/Symptoms/rules.yaml, built into the program.");
        var format = FormatOption();
        command.Options.Add(format);
        command.SetAction((pr, ct) => RulesAsync(pr.GetValue(format)!, ct));
        return command;
    }

    private static async Task<int> RulesAsync(string format, CancellationToken ct)
    {
        var rules = Triage.Rules;
        if (format == "table")
        {
            var o = new StringBuilder();
            foreach (var level in AlertLevels.All)
            {
                o.AppendLine($"== {level}: {AlertLevels.Label(level)}");
                foreach (var r in rules.Where(r => r.Level == level))
                {
                    o.AppendLine($"{r.Id}");
                    o.AppendLine($"  threshold: {r.When}");
                    o.AppendLine($"  level:   {r.Level}");
                    o.AppendLine($"  message: {r.Message}");
                    o.AppendLine($"  action:  {r.Action}");
                    o.AppendLine($"  basis:   {r.Basis}");
                    o.AppendLine($"  source:  {r.Source}");
                }
                o.AppendLine();
            }
            o.AppendLine(CultureInfo.InvariantCulture, $"{rules.Count} rule(s).");
            await WriteAsync(o.ToString(), ct);
            return 0;
        }
        var array = new JsonArray(rules.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.Id,
            ["level"] = r.Level,
            ["when"] = r.When,
            ["threshold"] = r.When,
            ["message"] = r.Message,
            ["action"] = r.Action,
            ["basis"] = r.Basis,
            ["source"] = r.Source,
        }).ToArray());
        await WriteAsync(array.ToJsonString(JsonOut) + "\n", ct);
        return 0;
    }

    // ---------------------------------------------------------------- shared

    private static readonly JsonSerializerOptions JsonOut = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The profile's situation (the ongoing therapy naming an ALK TKI, with its start); problems go to stderr as FILE:LINE: PATH: message (null).</summary>
    private static async Task<SymptomContext?> ReadContextAsync(string file, CancellationToken ct)
    {
        var today = PatientTime.UtcToday(TimeProvider.System); // a profile file, no patient zone: the UTC date
        return await ProfileInput.ReadAsync(file, today, ct) is { } import ? SymptomContext.FromRecord(import.Content, today) : null;
    }

    private static async Task WriteAsync(string text, CancellationToken ct)
    {
        await using var stdout = new StreamWriter(CliOutput.OpenStandardOutput(), new UTF8Encoding(false));
        await stdout.WriteAsync(text.AsMemory(), ct);
    }
}
