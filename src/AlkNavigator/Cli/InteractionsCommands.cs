using System.Globalization;
using AlkNavigator.Features.Symptoms;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlkNavigator.Features.Interactions;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Cli;

/// <summary>`alknav interactions check|rules`: the record's other medicines against the current ALK drug, without a database.</summary>
internal static class InteractionsCommands
{
    public static Command Build()
    {
        var interactions = new Command("interactions", "Drug interactions of a patient profile's other medicines with the current ALK inhibitor (from the labels); needs no database.");
        interactions.Subcommands.Add(CheckCommand());
        interactions.Subcommands.Add(RulesCommand());
        return interactions;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "json (default) or table.", DefaultValueFactory = _ => "json", HelpName = "json|table" };
        format.AcceptOnlyFromAmong("json", "table");
        return format;
    }

    private static Command CheckCommand()
    {
        var command = new Command("check", "Check the profile's other medicines (alknav.medicines, as `record export` writes them) against its ongoing ALK TKI and print " +
            "[{\"medicine\", \"agent\", \"severity\": \"contraindicated\"|\"avoid\"|\"caution\"|\"info\", \"effect\", \"advice\", \"source\"}], most severe first ([] when nothing applies).");
        var patient = new Option<string>("--patient") { Description = "The patient profile JSON file (v1).", Required = true, HelpName = "FILE" };
        var format = FormatOption();
        command.Options.Add(patient);
        command.Options.Add(format);
        command.SetAction((pr, ct) => CheckAsync(pr.GetValue(patient)!, pr.GetValue(format)!, ct));
        return command;
    }

    private static async Task<int> CheckAsync(string file, string format, CancellationToken ct)
    {
        if (await ProfileInput.ReadAsync(file, PatientTime.UtcToday(TimeProvider.System), ct) is not { } import) return 1;
        var record = import.Content;
        var findings = InteractionCheck.Check(record);
        if (format == "table")
        {
            var drug = AlkDrugs.Current(record.Treatments);
            var o = new StringBuilder();
            o.AppendLine(drug is null ? "No current ALK inhibitor: nothing to check against." : $"Current ALK inhibitor: {AlkDrugs.Display(drug)}; {record.Medicines.Count} other medicine(s).");
            foreach (var f in findings)
            {
                o.AppendLine($"{f.Severity,-16} {f.Medicine} ({f.Agent})");
                o.AppendLine($"  effect: {f.Effect}");
                o.AppendLine($"  advice: {f.Advice}");
                o.AppendLine($"  source: {f.Source}");
            }
            o.AppendLine(CultureInfo.InvariantCulture, $"{findings.Count} finding(s).");
            await WriteAsync(o.ToString(), ct);
            return 0;
        }
        await WriteAsync(ToJson(findings).ToJsonString(JsonOut) + "\n", ct);
        return 0;
    }

    internal static JsonArray ToJson(IEnumerable<InteractionFinding> findings) => new(findings.Select(f => (JsonNode)new JsonObject
    {
        ["medicine"] = f.Medicine,
        ["agent"] = f.Agent,
        ["severity"] = f.Severity,
        ["effect"] = f.Effect,
        ["advice"] = f.Advice,
        ["source"] = f.Source,
    }).ToArray());

    private static Command RulesCommand()
    {
        var command = new Command("rules", "Print the reviewed interaction table (Features/Interactions/interactions.yaml, built into the program): " +
            "drug, class or agent, the agents it covers, severity, effect, advice and source.");
        var format = FormatOption();
        command.Options.Add(format);
        command.SetAction((pr, ct) => RulesAsync(pr.GetValue(format)!, ct));
        return command;
    }

    private static async Task<int> RulesAsync(string format, CancellationToken ct)
    {
        var rows = InteractionCheck.Rules.Select(r => (Rule: r, Agents: InteractionCheck.Agents
            .Where(a => a.Name == r.Agent || (r.Class is not null && a.Classes.Contains(r.Class))).Select(a => a.Name).ToList())).ToList();
        if (format == "table")
        {
            var o = new StringBuilder();
            foreach (var (r, agents) in rows)
            {
                o.AppendLine($"{r.Drug,-11} {r.Severity,-16} {r.Class ?? r.Agent}");
                o.AppendLine($"  agents: {string.Join(", ", agents)}");
                o.AppendLine($"  effect: {r.Effect}");
                o.AppendLine($"  advice: {r.Advice}");
                o.AppendLine($"  source: {r.Source}");
            }
            o.AppendLine(CultureInfo.InvariantCulture, $"{rows.Count} rule(s), {InteractionCheck.Agents.Count} agent(s).");
            await WriteAsync(o.ToString(), ct);
            return 0;
        }
        var array = new JsonArray(rows.Select(x => (JsonNode)new JsonObject
        {
            ["drug"] = x.Rule.Drug,
            ["class"] = x.Rule.Class,
            ["agent"] = x.Rule.Agent,
            ["agents"] = new JsonArray(x.Agents.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
            ["severity"] = x.Rule.Severity,
            ["effect"] = x.Rule.Effect,
            ["advice"] = x.Rule.Advice,
            ["source"] = x.Rule.Source,
        }).ToArray());
        await WriteAsync(array.ToJsonString(JsonOut) + "\n", ct);
        return 0;
    }

    private static readonly JsonSerializerOptions JsonOut = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task WriteAsync(string text, CancellationToken ct)
    {
        await using var stdout = new StreamWriter(CliOutput.OpenStandardOutput(), new UTF8Encoding(false));
        await stdout.WriteAsync(text.AsMemory(), ct);
    }
}
