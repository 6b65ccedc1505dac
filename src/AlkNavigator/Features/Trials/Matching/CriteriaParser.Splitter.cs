using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>CriteriaParser: splitting eligibility text into inclusion and exclusion items (headings, bullets, numbering, cohorts).</summary>
public static partial class CriteriaParser
{
    // ------------------------------------------------------------------ splitting

    /// <summary>
    /// The trial's items: from its eligibility text when there is one (keeps the nesting, so cohort headings are known), else from
    /// InclusionJson / ExclusionJson as the catalogue parser split them.
    /// </summary>
    public static List<Item> Items(Trial trial)
    {
        if (!string.IsNullOrWhiteSpace(trial.EligibilityText)) return Split(trial.EligibilityText);
        var items = new List<Item>();
        items.AddRange(ReadList(trial.InclusionJson).Select(s => new Item(Clean(s), false, null)));
        items.AddRange(ReadList(trial.ExclusionJson).Select(s => new Item(Clean(s), true, null)));
        return items;
    }

    private static List<string> ReadList(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            return JsonSerializer.Deserialize(json, TrialCriteriaJson.Default.ListString) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Clean(string s) => Unescape.Replace(s, "$1").Replace('\u00a0', ' ').Trim();

    /// <summary>Splits ClinicalTrials.gov eligibility text into items under "Inclusion" and "Exclusion" headings (text before any heading counts as inclusion).</summary>
    public static List<Item> Split(string text)
    {
        var items = new List<Item>();
        var exclusion = false;
        var stack = new List<(int Indent, string Text)>();
        string? current = null;
        var currentIndent = 0;

        void Flush()
        {
            if (current is null) return;
            var parent = stack.LastOrDefault(s => s.Indent < currentIndent).Text;
            items.Add(new Item(current.Trim(), exclusion, parent));
            stack.RemoveAll(s => s.Indent >= currentIndent);
            stack.Add((currentIndent, current.Trim()));
            current = null;
        }

        foreach (var raw in Clean(text).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Trim().Length == 0) continue;
            var trimmed = line.Trim();
            var isHeading = trimmed.Length < 160 && !Bullet.IsMatch(line) || trimmed.Length < 100 && trimmed.EndsWith(':');
            if (isHeading && (InclusionHeading.IsMatch(trimmed) || trimmed.Contains("inclusion criteria", StringComparison.OrdinalIgnoreCase)))
            {
                Flush();
                exclusion = false;
                stack.Clear();
                continue;
            }
            if (isHeading && (ExclusionHeading.IsMatch(trimmed) || trimmed.Contains("exclusion criteria", StringComparison.OrdinalIgnoreCase)))
            {
                Flush();
                exclusion = true;
                stack.Clear();
                continue;
            }
            var m = Bullet.Match(line);
            if (m.Success)
            {
                Flush();
                currentIndent = m.Groups[1].Value.Length;
                current = m.Groups[2].Value;
            }
            else if (current is not null && raw.StartsWith(' ')) current += " " + trimmed;
            else
            {
                Flush();
                currentIndent = line.Length - line.TrimStart().Length;
                current = trimmed;
            }
        }
        Flush();
        return items;
    }

}
