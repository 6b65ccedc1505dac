using System.Text;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AlkNavigator.Features.Interactions;

/// <summary>The four severities, most severe first.</summary>
public static class InteractionSeverity
{
    public const string Contraindicated = "contraindicated", Avoid = "avoid", Caution = "caution", Info = "info";
    public static readonly string[] All = [Contraindicated, Avoid, Caution, Info];

    /// <summary>0 for contraindicated (most severe) to 3 for info.</summary>
    public static int Rank(string severity) => Array.IndexOf(All, severity) is var i and >= 0 ? i : All.Length;

    public static string Label(string severity) => severity switch
    {
        Contraindicated => "Must not be combined",
        Avoid => "Label says avoid",
        Caution => "Caution",
        _ => "For information",
    };
}

/// <summary>Something a patient may take (a medicine, herb or food): its canonical name, what it may be written as, its classes.</summary>
public sealed record InteractionAgent(string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Classes);

/// <summary>A row of the reviewed table: for one ALK drug, a class (or one agent), its severity, effect, advice and source key.</summary>
public sealed record InteractionRule(string Drug, string? Class, string? Agent, string Severity, string Effect, string Advice, string Source);

/// <summary>One finding: the medicine as the patient wrote it, the agent it names, and the rule's words.</summary>
public sealed record InteractionFinding(string Medicine, string Agent, string Severity, string Effect, string Advice, string Source);

/// <summary>What a page shows: the current ALK drug (null when none) and its findings, most severe first.</summary>
public sealed record InteractionsView(string? Drug, IReadOnlyList<InteractionFinding> Findings, int MedicineCount, Guid RecordId, bool Compact = false)
{
    public static InteractionsView For(PatientRecord record, bool compact = false) =>
        new(AlkDrugs.Current(record.Treatments), InteractionCheck.Check(record), record.Medicines.Count, record.Id, compact);

    /// <summary>Loads what the check needs (the ongoing treatment lines and the medicine names) and checks them now, so a page
    /// always shows the check for the record as it is (two small queries; nothing is stored).</summary>
    /// <param name="lines">The record's treatment lines when the page has loaded them already (saves a query).</param>
    public static async Task<InteractionsView> LoadAsync(AppDbContext db, Guid recordId, bool compact, CancellationToken ct,
        IEnumerable<TreatmentLine>? lines = null, IEnumerable<OtherMedicine>? loadedMedicines = null)
    {
        lines ??= await db.Treatments.AsNoTracking().Where(t => t.RecordId == recordId && t.End == null).ToListAsync(ct);
        var medicines = loadedMedicines?.Select(m => new { m.Name, m.CreatedUtc }).ToList()
                        ?? await db.Medicines.AsNoTracking().Where(m => m.RecordId == recordId)
                            .Select(m => new { m.Name, m.CreatedUtc }).ToListAsync(ct);
        var drug = AlkDrugs.Current(lines);
        return new(drug, InteractionCheck.Check(drug, medicines.OrderBy(m => m.CreatedUtc).Select(m => m.Name)), medicines.Count, recordId, compact);
    }
}

/// <summary>
/// The drug-interaction check: the record's other medicines (and supplements, foods) against the current ALK drug, from the
/// reviewed table Features/Interactions/interactions.yaml (built into the program). Computed on demand, so it is re-checked
/// whenever the medicines or the treatment change.
/// </summary>
public static class InteractionCheck
{
    private static readonly Lazy<Table> Data = new(() =>
    {
        using var stream = typeof(InteractionCheck).Assembly.GetManifestResourceStream("AlkNavigator.Features.Interactions.interactions.yaml")
            ?? throw new InvalidOperationException("The embedded Features/Interactions/interactions.yaml is missing.");
        using var reader = new StreamReader(stream);
        var table = Parse(reader.ReadToEnd());
        var problems = Validate(table);
        if (problems.Count > 0) throw new InvalidOperationException("Features/Interactions/interactions.yaml: " + string.Join("; ", problems));
        return table;
    });

    public static IReadOnlyList<InteractionAgent> Agents => Data.Value.Agents;
    public static IReadOnlyList<InteractionRule> Rules => Data.Value.Rules;
    public static IReadOnlyDictionary<string, string> Classes => Data.Value.Classes;

    /// <summary>The findings for a record: its other medicines against its current ALK drug (none when there is no current labelled TKI).</summary>
    public static List<InteractionFinding> Check(PatientRecord record) =>
        Check(AlkDrugs.Current(record.Treatments), record.Medicines.OrderBy(m => m.CreatedUtc).Select(m => m.Name));

    /// <summary>
    /// The findings for medicines (as written) with an ALK drug (generic, brand or code name; null = none): every rule of that
    /// drug that applies to an agent the medicine names, most severe first, then in the order of the medicines.
    /// </summary>
    public static List<InteractionFinding> Check(string? alkDrug, IEnumerable<string> medicines)
    {
        var drug = AlkDrugs.LabelledIn(alkDrug);
        var found = new List<(InteractionFinding F, int Order)>();
        if (drug is null) return [];
        var rules = Rules.Where(r => r.Drug == drug).ToList();
        var order = 0;
        foreach (var medicine in medicines)
        {
            if (string.IsNullOrWhiteSpace(medicine)) continue;
            var seen = new HashSet<InteractionRule>();
            foreach (var agent in AgentsIn(medicine))
                foreach (var rule in rules.Where(r => r.Agent == agent.Name || (r.Class is not null && agent.Classes.Contains(r.Class))))
                    if (seen.Add(rule))
                        found.Add((new InteractionFinding(medicine.Trim(), agent.Name, rule.Severity, rule.Effect, rule.Advice, rule.Source), order++));
        }
        return found.OrderBy(x => InteractionSeverity.Rank(x.F.Severity)).ThenBy(x => x.Order).Select(x => x.F).ToList();
    }

    /// <summary>
    /// The agents a medicine entry names, each once: aliases match whole words, ignoring case and punctuation
    /// ("St. John's Wort extract", "Rifadin 600 mg daily"). A mention that says the agent is absent ("grapefruit-free diet",
    /// "no grapefruit", "avoids grapefruit") does not count.
    /// </summary>
    public static List<InteractionAgent> AgentsIn(string? medicine)
    {
        var result = new List<InteractionAgent>();
        if (string.IsNullOrWhiteSpace(medicine)) return result;
        var words = Words(medicine);
        if (words.Length == 0) return result;
        foreach (var (agent, aliases) in AliasWords.Value)
            if (aliases.Any(a => Mentions(words, a)))
                result.Add(agent);
        return result;
    }

    // Each agent with its aliases already split into words (the table is fixed; AgentsIn runs for every medicine on every view).
    private static readonly Lazy<(InteractionAgent Agent, string[][] Aliases)[]> AliasWords =
        new(() => [.. Agents.Select(a => (a, a.Aliases.Select(Words).ToArray()))]);

    /// <summary>
    /// A cheap first look for texts that are mostly not about medicines (trial criteria read at import, 100,000 studies): false when no
    /// word of five or more letters begins one of the table's names, so <see cref="AgentsIn"/>, which normalises every word, need not run.
    /// Names whose first word is shorter are missed by it.
    /// </summary>
    public static bool MayNameAgent(string text) => NameWord.Matches(text).Any(w => FirstNameWords.Value.Contains(w.Value.ToLowerInvariant()));

    private static readonly Regex NameWord = new(@"[A-Za-z][A-Za-z0-9]{4,}", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Lazy<HashSet<string>> FirstNameWords = new(() =>
        [.. Agents.SelectMany(a => a.Aliases).Select(a => Regex.Match(a.ToLowerInvariant(), "[a-z0-9]+").Value).Where(w => w.Length >= 5)]);

    private static readonly HashSet<string> Negations = ["no", "not", "non", "without", "avoid", "avoids", "avoiding", "avoided", "never"];

    private static bool Mentions(string[] words, string[] alias)
    {
        if (alias.Length == 0) return false;
        for (var i = 0; i + alias.Length <= words.Length; i++)
        {
            var match = true;
            for (var j = 0; j < alias.Length && match; j++) match = words[i + j] == alias[j];
            if (!match) continue;
            var after = i + alias.Length < words.Length ? words[i + alias.Length] : null;
            var before = i > 0 ? words[i - 1] : null;
            if (after is "free") continue;                      // "grapefruit-free diet"
            if (before is not null && Negations.Contains(before)) continue; // "no grapefruit", "avoids grapefruit"
            return true;
        }
        return false;
    }

    /// <summary>Lower-case words of letters and digits; apostrophes vanish ("John's" → "johns"), other punctuation splits.</summary>
    internal static string[] Words(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            if (c is '\'' or '\u2019' or '\u2018' || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    // ------------------------------------------------------------------ the table

    internal sealed record Table(IReadOnlyDictionary<string, string> Classes, IReadOnlyList<InteractionAgent> Agents, IReadOnlyList<InteractionRule> Rules);

    private sealed class TableDto
    {
        public Dictionary<string, string>? Classes { get; set; }
        public List<AgentDto>? Agents { get; set; }
        public List<RuleDto>? Rules { get; set; }
    }

    private sealed class AgentDto
    {
        public string? Name { get; set; }
        public List<string>? Aliases { get; set; }
        public List<string>? Classes { get; set; }
    }

    private sealed class RuleDto
    {
        public string? Drug { get; set; }
        public string? Class { get; set; }
        public string? Agent { get; set; }
        public string? Severity { get; set; }
        public string? Effect { get; set; }
        public string? Advice { get; set; }
        public string? Source { get; set; }
    }

    internal static Table Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        TableDto? dto;
        try
        {
            dto = deserializer.Deserialize<TableDto>(yaml);
        }
        catch (YamlException e)
        {
            throw new InvalidOperationException($"interactions YAML: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        dto ??= new TableDto();
        return new Table(
            dto.Classes ?? [],
            (dto.Agents ?? []).Select(a => new InteractionAgent(a.Name ?? "", a.Aliases ?? [], a.Classes ?? [])).ToList(),
            (dto.Rules ?? []).Select(r => new InteractionRule(r.Drug ?? "", r.Class, r.Agent, r.Severity ?? "", r.Effect ?? "", r.Advice ?? "", r.Source ?? "")).ToList());
    }

    /// <summary>What is wrong with a table: unknown drugs, classes, agents or severities, missing words, advice that is not
    /// "ask your oncologist or pharmacist", an instruction to stop or start a drug, duplicate aliases.</summary>
    internal static List<string> Validate(Table t)
    {
        var problems = new List<string>();
        var aliases = new Dictionary<string, string>();
        foreach (var a in t.Agents)
        {
            if (a.Name.Length == 0) problems.Add("an agent has no name");
            if (a.Aliases.Count == 0) problems.Add($"agent {a.Name}: no aliases");
            foreach (var c in a.Classes.Where(c => !t.Classes.ContainsKey(c))) problems.Add($"agent {a.Name}: unknown class {c}");
            foreach (var alias in a.Aliases)
            {
                var key = string.Join(' ', Words(alias));
                if (key.Length == 0) problems.Add($"agent {a.Name}: empty alias");
                else if (aliases.TryGetValue(key, out var other) && other != a.Name) problems.Add($"alias '{alias}' is given for {other} and {a.Name}");
                else aliases[key] = a.Name;
            }
        }
        foreach (var r in t.Rules)
        {
            var at = $"rule {r.Drug}/{r.Class ?? r.Agent}";
            if (!AlkDrugs.Labelled.Contains(r.Drug)) problems.Add($"{at}: drug must be one of {string.Join(", ", AlkDrugs.Labelled)}");
            if ((r.Class is null) == (r.Agent is null)) problems.Add($"{at}: give exactly one of class and agent");
            if (r.Class is not null && !t.Classes.ContainsKey(r.Class)) problems.Add($"{at}: unknown class");
            if (r.Agent is not null && t.Agents.All(a => a.Name != r.Agent)) problems.Add($"{at}: unknown agent");
            if (!InteractionSeverity.All.Contains(r.Severity)) problems.Add($"{at}: severity must be one of {string.Join(" | ", InteractionSeverity.All)}");
            if (r.Effect.Length == 0 || r.Advice.Length == 0 || r.Source.Length == 0) problems.Add($"{at}: effect, advice and source are required");
            if (!r.Advice.Contains("ask your oncologist or pharmacist", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{at}: advice must send the patient to their oncologist or pharmacist");
            if (System.Text.RegularExpressions.Regex.IsMatch(r.Advice, @"\b(stop|start|switch|do not take|don't take|change your)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                problems.Add($"{at}: advice must not tell the patient to stop, start or change a treatment");
        }
        return problems;
    }
}
