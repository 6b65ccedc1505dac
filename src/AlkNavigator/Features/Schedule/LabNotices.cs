using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Schedule;

/// <summary>
/// One open lab notice: the latest graded result of a lab is CTCAE grade 3 or more. Contact level (within 24 hours), with
/// what to do and what would make it more urgent; it informs and never tells the patient to stop or change a medicine.
/// </summary>
public sealed record LabNotice(Guid RecordId, Guid ItemId, Guid ResultId, string Analyte, int Grade, DateOnly Date, decimal? Value, string? Unit,
    string Heading, string Advice, string Source);

/// <summary>
/// Lab results at CTCAE grade ≥ 3 (<see cref="Threshold"/>) raise a contact-level notice. Per lab (canonical analyte), the
/// latest result that has a grade decides: grade ≥ 3 opens (or keeps) the notice, a later lower grade closes it; a later
/// result that cannot be graded (no ULN, say) does not close it. Results stored before a lab was graded here are graded now.
/// </summary>
public static class LabNotices
{
    public const int Threshold = 3;

    /// <summary>The open notices from a record's results (any order), worst first, then newest.</summary>
    public static List<LabNotice> Open(IEnumerable<MonitoringResult> results)
    {
        var notices = new List<LabNotice>();
        var graded = results
            .Where(r => r.ImagingOutcome is null && r.Analyte is not null && r.Value is not null)
            .Select(r => (Result: r, Analyte: LabGrading.Canonical(r.Analyte) ?? r.Analyte!, Grade: r.Grade ?? LabGrading.Grade(r.Analyte!, r.Value!.Value, r.Unit, r.RefHigh, r.RefLow)))
            .Where(x => x.Grade is not null);
        foreach (var g in graded.GroupBy(x => x.Analyte))
        {
            var latest = g.OrderByDescending(x => x.Result.Date).ThenByDescending(x => x.Result.CreatedUtc).First();
            if (latest.Grade < Threshold) continue;
            var r = latest.Result;
            var grade = latest.Grade!.Value;
            var value = $"{ScheduleText.Number(r.Value)} {r.Unit}".Trim();
            notices.Add(new LabNotice(r.RecordId, r.ItemId, r.Id, g.Key, grade, r.Date, r.Value, r.Unit,
                $"{Label(g.Key)}: CTCAE grade {grade}",
                $"Contact your care team today (within 24 hours): your {Label(g.Key).ToLowerInvariant()} result of {value} on {ScheduleText.Date(r.Date)} is CTCAE grade {grade}{Meaning(g.Key, grade)}. " +
                "Tell them the result and ask whether they have seen it and what they want you to do; your oncologist or pharmacist decides whether anything about your treatment changes." +
                (Watch(g.Key) is { } w ? " " + w : ""),
                LabGrading.Source));
        }
        return notices.OrderByDescending(n => n.Grade).ThenByDescending(n => n.Date).ThenBy(n => n.Analyte, StringComparer.Ordinal).ToList();
    }

    /// <summary>The record's open lab notices (one query), for the record overview and home page: render with _LabNotices.cshtml.</summary>
    public static async Task<List<LabNotice>> ForRecordAsync(AppDbContext db, Guid recordId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var results = await db.MonitoringResults.AsNoTracking()
            .Where(r => r.RecordId == recordId && r.ImagingOutcome == null && r.Analyte != null && r.Value != null)
            .ToListAsync(ct);
        return Open(results);
    }

    /// <summary>A lab's name for a patient.</summary>
    public static string Label(string analyte) => analyte switch
    {
        "ALT" => "ALT (liver)",
        "AST" => "AST (liver)",
        "bilirubin" => "Bilirubin (liver)",
        "CPK" => "CPK (muscle enzyme)",
        "lipase" => "Lipase (pancreas)",
        "amylase" => "Amylase (pancreas)",
        "creatinine" => "Creatinine (kidneys)",
        "neutrophils" => "Neutrophils (infection-fighting white cells)",
        "platelets" => "Platelets (blood clotting)",
        "haemoglobin" => "Haemoglobin (anaemia)",
        "cholesterol" => "Cholesterol",
        "triglycerides" => "Triglycerides",
        _ => analyte,
    };

    private static string Meaning(string analyte, int grade) => (analyte, grade) switch
    {
        ("ALT" or "AST", 3) => " (more than 5 times the upper limit of normal)",
        ("ALT" or "AST", _) => " (more than 20 times the upper limit of normal)",
        ("bilirubin", 3) => " (more than 3 times the upper limit of normal)",
        ("bilirubin", _) => " (more than 10 times the upper limit of normal)",
        ("CPK", 3) => " (more than 5 times the upper limit of normal)",
        ("CPK", _) => " (more than 10 times the upper limit of normal)",
        ("lipase" or "amylase", _) => " (more than 5 times the upper limit of normal)",
        ("creatinine", _) => " (more than 3 times the upper limit of normal or your own earlier value)",
        ("neutrophils", 3) => " (below 1.0 × 10^9/L)",
        ("neutrophils", _) => " (below 0.5 × 10^9/L)",
        ("platelets", 3) => " (below 50 × 10^9/L)",
        ("platelets", _) => " (below 25 × 10^9/L)",
        ("haemoglobin", _) => " (below 8 g/dL)",
        _ => "",
    };

    /// <summary>What makes it more urgent (the symptoms that go with the lab).</summary>
    private static string? Watch(string analyte) => analyte switch
    {
        "ALT" or "AST" or "bilirubin" => "Call them now if your skin or the whites of your eyes turn yellow, your urine turns dark, or you have pain on the right side of your belly.",
        "lipase" or "amylase" or "triglycerides" => "Call them now if you have severe belly pain (often spreading to the back), with or without vomiting.",
        "CPK" => "Call them now if you have severe muscle pain or weakness, or dark (cola-coloured) urine.",
        "creatinine" => "Call them now if you pass much less urine than usual or have swelling that is new.",
        "neutrophils" => "With a low neutrophil count, a temperature of 38 °C or more, shivering or feeling suddenly unwell is an emergency: call your care team's 24-hour number now.",
        "platelets" => "Call them now if you have bleeding that does not stop, blood in urine or stools, or many new bruises.",
        "haemoglobin" => "Call them now if you are breathless at rest, have chest pain, or feel faint.",
        _ => null,
    };
}
