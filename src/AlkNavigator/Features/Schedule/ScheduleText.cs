using System.Globalization;
using AlkNavigator.Features.Learn;

namespace AlkNavigator.Features.Schedule;

/// <summary>Words for the schedule pages: kinds, statuses, outcomes, analytes and units, and how a source reads.</summary>
public static class ScheduleText
{
    public static string KindLabel(string kind) => kind switch
    {
        "visit" => "Clinic visit",
        "ct" => "CT scan",
        "brain-mri" => "Brain MRI",
        "pet" => "PET scan",
        "liquid-biopsy" => "Liquid biopsy",
        "lab:liver" => "Liver blood tests",
        "lab:cpk" => "CPK blood test (muscle enzyme)",
        "lab:lipids" => "Cholesterol and triglycerides",
        "lab:glucose" => "Blood sugar (glucose)",
        "lab:pancreas" => "Pancreas enzymes (lipase, amylase)",
        "vitals:blood-pressure" => "Blood pressure",
        "vitals:heart-rate" => "Heart rate",
        "ecg" => "ECG (heart tracing)",
        _ => kind,
    };

    /// <summary>The short category shown as the item's badge (text, so it never relies on colour).</summary>
    public static string Category(string kind) => kind switch
    {
        "visit" => "Visit",
        "ct" or "brain-mri" or "pet" => "Scan",
        "liquid-biopsy" => "Test",
        "ecg" => "ECG",
        _ when kind.StartsWith("lab:", StringComparison.Ordinal) => "Lab",
        _ when kind.StartsWith("vitals:", StringComparison.Ordinal) => "Check",
        _ => "Item",
    };

    public static bool IsImaging(string kind) => kind is "ct" or "brain-mri" or "pet";

    public static string StatusLabel(string status) => status switch
    {
        ItemStatus.Upcoming => "Upcoming",
        ItemStatus.Due => "Due now",
        ItemStatus.Overdue => "Overdue",
        ItemStatus.Done => "Done",
        ItemStatus.Skipped => "Skipped",
        _ => status,
    };

    public static readonly string[] Outcomes = ["response", "stable", "progression", "new-brain-lesions"];

    public static string OutcomeLabel(string? outcome) => outcome switch
    {
        "response" => "Response (the cancer shrank)",
        "stable" => "Stable (no real change)",
        "progression" => "Progression (growth or new spots)",
        "new-brain-lesions" => "New brain lesions",
        null or "" => "",
        _ => outcome,
    };

    public static bool IsProgression(string? outcome) => outcome is "progression" or "new-brain-lesions";

    /// <summary>Analytes offered for results (graded ones first; the rest are kept but not graded).</summary>
    public static readonly string[] Analytes =
        ["ALT", "AST", "bilirubin", "CPK", "lipase", "amylase", "creatinine", "neutrophils", "platelets", "haemoglobin", "cholesterol", "triglycerides", "glucose",
         "systolic blood pressure", "diastolic blood pressure", "heart rate", "QTc"];

    /// <summary>The units offered (a patient may type others: LabGrading.NormalizeUnit reads them).</summary>
    public static readonly string[] Units = LabGrading.Units;

    /// <summary>The analytes a kind usually asks for (the first is preselected).</summary>
    public static string[] AnalytesFor(string kind) => kind switch
    {
        "lab:liver" => ["ALT", "AST", "bilirubin"],
        "lab:cpk" => ["CPK"],
        "lab:lipids" => ["cholesterol", "triglycerides"],
        "lab:glucose" => ["glucose"],
        "lab:pancreas" => ["lipase", "amylase"],
        "vitals:blood-pressure" => ["systolic blood pressure", "diastolic blood pressure"],
        "vitals:heart-rate" => ["heart rate"],
        "ecg" => ["QTc", "heart rate"],
        _ => Analytes,
    };

    public static string DefaultUnit(string analyte) => analyte switch
    {
        "ALT" or "AST" or "CPK" or "lipase" or "amylase" => "U/L",
        "bilirubin" or "creatinine" => "µmol/L",
        "neutrophils" or "platelets" => "10^9/L",
        "haemoglobin" => "g/dL",
        "cholesterol" or "triglycerides" or "glucose" => "mg/dL",
        "systolic blood pressure" or "diastolic blood pressure" => "mmHg",
        "heart rate" => "bpm",
        "QTc" => "ms",
        _ => "",
    };

    public static string Number(decimal? v) => v is { } d ? d.ToString("0.###", CultureInfo.InvariantCulture) : "";

    public static string GradeText(int? grade) => grade switch
    {
        null => "Not graded",
        0 => "Within normal (CTCAE grade 0)",
        var g => $"CTCAE grade {g}",
    };

    public static string Date(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The bibliography entry of a source key, when the content has it.</summary>
    public static Source? FindSource(ContentStore? kb, string? key) =>
        kb is not null && !string.IsNullOrWhiteSpace(key) && kb.Bibliography.TryGetValue(key, out var s) ? s : null;

    /// <summary>A plan basis (SchedulePlanner.Basis) in words, e.g. "alectinib since 3 Mar 2024; cancer in the brain; visits every 3 months, then every 6".</summary>
    public static string BasisSummary(string? basis)
    {
        if (string.IsNullOrWhiteSpace(basis)) return "";
        var parts = basis.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var words = new List<string>();
        if (parts.TryGetValue("tki", out var tki))
        {
            var at = tki.Split('@');
            words.Add(at[0] == "none" ? "no current ALK medicine"
                : at.Length == 2 && DateOnly.TryParseExact(at[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? $"{at[0]} since {Date(d)}" : at[0]);
        }
        if (parts.GetValueOrDefault("brain") == "1") words.Add("cancer in the brain (now or treated)");
        if (parts.GetValueOrDefault("brainrt") == "1") words.Add("radiation to the brain");
        if (parts.TryGetValue("progression", out var pr) && pr != "-"
            && DateOnly.TryParseExact(pr, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var pd)) words.Add($"progression on {Date(pd)}");
        if (parts.GetValueOrDefault("lb") == "1") words.Add("liquid biopsy since then");
        if (parts.TryGetValue("visits", out var v) && v.Split('/') is [var e, var l, _]) words.Add($"visits every {e} months, later every {l}");
        return words.Count == 0 ? basis : string.Join("; ", words);
    }
}
