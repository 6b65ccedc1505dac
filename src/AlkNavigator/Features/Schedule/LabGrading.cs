namespace AlkNavigator.Features.Schedule;

/// <summary>A lab value's CTCAE grade, or why it has none (<see cref="Problem"/>, in words for the patient).</summary>
public sealed record LabAssessment(int? Grade, string? Problem)
{
    public static LabAssessment Graded(int grade) => new(grade, null);
    public static LabAssessment NotGraded(string why) => new(null, why);
}

/// <summary>
/// CTCAE v5.0 grading of the labs the plan asks for (../shared/reference/alk-facts.md E2; source key ctcae-v5).
/// "x ULN" grades compare the value with the report's upper limit of normal (same unit, so any concentration unit works);
/// the grading for a normal baseline is used (CTCAE's baseline-abnormal variants are not applied, except creatinine's x baseline).
/// <list type="bullet">
/// <item>ALT, AST (U/L, needs the ULN): 0 ≤ ULN; 1 &gt; ULN–3×; 2 &gt; 3–5×; 3 &gt; 5–20×; 4 &gt; 20× ULN.</item>
/// <item>Bilirubin, total (mg/dL or µmol/L, needs the ULN): 1 &gt; ULN–1.5×; 2 &gt; 1.5–3×; 3 &gt; 3–10×; 4 &gt; 10× ULN.</item>
/// <item>CPK / CK (U/L, needs the ULN): 1 &gt; ULN–2.5×; 2 &gt; 2.5–5×; 3 &gt; 5–10×; 4 &gt; 10×.</item>
/// <item>Lipase, amylase (U/L, needs the ULN): 1 &gt; ULN–1.5×; 2 &gt; 1.5–2× and &gt; 2–5× without symptoms; 3 &gt; 5× without
/// symptoms (&gt; 2–5× with signs or symptoms of pancreatitis); 4 &gt; 5× with signs or symptoms. A value alone is graded as
/// without symptoms; the notice says what to do with belly pain.</item>
/// <item>Creatinine (mg/dL or µmol/L): by the ULN 1 &gt; ULN–1.5×; 2 &gt; 1.5–3×; 3 &gt; 3–6×; 4 &gt; 6× ULN; by the patient's
/// baseline 2 &gt; 1.5–3×; 3 &gt; 3× baseline; the higher grade counts.</item>
/// <item>Neutrophils, absolute count (10^9/L = 10^3/µL; cells/µL = /mm³): 1 &lt; LLN–1.5; 2 &lt; 1.5–1.0; 3 &lt; 1.0–0.5; 4 &lt; 0.5.</item>
/// <item>Platelets (10^9/L = 10^3/µL; /µL): 1 &lt; LLN–75; 2 &lt; 75–50; 3 &lt; 50–25; 4 &lt; 25.</item>
/// <item>Haemoglobin (anaemia; g/dL, g/L, mmol/L): 1 &lt; LLN–10 g/dL (100 g/L, 6.2 mmol/L); 2 &lt; 10–8 (80, 4.9); 3 &lt; 8 g/dL
/// (80 g/L, 4.9 mmol/L); grade 4 is defined by its consequences, not a value.</item>
/// <item>Cholesterol (mg/dL; mmol/L boundaries 7.75, 10.34, 12.92): 1 &gt; ULN–300; 2 &gt; 300–400; 3 &gt; 400–500; 4 &gt; 500.</item>
/// <item>Triglycerides (mg/dL; mmol/L 1.71, 3.42, 5.7, 11.4): 0 &lt; 150; 1 150–300; 2 &gt; 300–500; 3 &gt; 500–1000; 4 &gt; 1000.</item>
/// <item>Glucose: CTCAE v5 grades hyperglycaemia by the treatment it needs, not by the value: never graded here.</item>
/// </list>
/// Between grade 0 and 1 the limit of normal decides: without it (ULN, or LLN for the low counts) that grade is null.
/// </summary>
public static class LabGrading
{
    /// <summary>The analytes known here (canonical names; every one but glucose can be graded).</summary>
    public static readonly string[] Analytes =
        ["ALT", "AST", "bilirubin", "CPK", "lipase", "amylase", "creatinine", "neutrophils", "platelets", "haemoglobin", "cholesterol", "triglycerides", "glucose"];

    public const string Source = "ctcae-v5";

    /// <summary>The canonical analyte name (one of <see cref="Analytes"/>) for a name as typed, or null.</summary>
    public static string? Canonical(string? analyte) => analyte?.Trim().ToLowerInvariant() switch
    {
        "alt" or "sgpt" or "alat" or "alanine aminotransferase" or "alanine transaminase" => "ALT",
        "ast" or "sgot" or "asat" or "aspartate aminotransferase" or "aspartate transaminase" => "AST",
        "bilirubin" or "total bilirubin" or "bilirubin, total" or "bilirubin total" or "bili" or "tbil" or "t. bili" => "bilirubin",
        "cpk" or "ck" or "creatine kinase" or "creatine phosphokinase" => "CPK",
        "lipase" or "serum lipase" => "lipase",
        "amylase" or "serum amylase" or "pancreatic amylase" => "amylase",
        "creatinine" or "serum creatinine" or "creat" or "crea" => "creatinine",
        "neutrophils" or "neutrophil" or "neutrophil count" or "absolute neutrophil count" or "anc" or "neut" or "neutrophils (absolute)" or "neutrophils, absolute" => "neutrophils",
        "platelets" or "platelet" or "platelet count" or "plt" or "plts" or "thrombocytes" => "platelets",
        "haemoglobin" or "hemoglobin" or "hb" or "hgb" or "haemoglobin (hb)" or "hemoglobin (hgb)" => "haemoglobin",
        "cholesterol" or "total cholesterol" or "cholesterol, total" => "cholesterol",
        "triglycerides" or "triglyceride" => "triglycerides",
        "glucose" or "blood sugar" or "blood glucose" => "glucose",
        _ => null,
    };

    /// <summary>
    /// The unit as the app writes it, for a unit as a patient types it (case, spaces, "x", "×", "^", "e", µ/u/micro all
    /// accepted: "iu/l", "umol/l", "x10^9/L", "10e9/l", "K/uL", "cells/mm3", "g/dl"), or null when it is not understood.
    /// </summary>
    public static string? NormalizeUnit(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var u = typed.Trim().ToLowerInvariant()
            .Replace(" ", "", StringComparison.Ordinal).Replace("×", "x", StringComparison.Ordinal)
            .Replace("μ", "µ", StringComparison.Ordinal).Replace("micro", "µ", StringComparison.Ordinal)
            .Replace("⁹", "^9", StringComparison.Ordinal).Replace("³", "^3", StringComparison.Ordinal)
            .Replace("litre", "l", StringComparison.Ordinal).Replace("liter", "l", StringComparison.Ordinal)
            .Replace("per", "/", StringComparison.Ordinal);
        if (u.StartsWith('x') || u.StartsWith('*')) u = u[1..];
        u = u.Replace("10e", "10^", StringComparison.Ordinal).Replace("10*", "10^", StringComparison.Ordinal);
        return u switch
        {
            "u/l" or "iu/l" or "ui/l" or "units/l" or "unit/l" or "iu" or "u" => "U/L",
            "mg/dl" or "mg/100ml" or "mg%" => "mg/dL",
            "mmol/l" or "mm/l" => "mmol/L",
            "µmol/l" or "umol/l" or "mcmol/l" or "µm/l" or "um/l" => "µmol/L",
            "g/dl" or "gm/dl" or "g/100ml" or "g%" => "g/dL",
            "g/l" or "gm/l" => "g/L",
            "10^9/l" or "10^9" or "giga/l" or "bil/l" => "10^9/L",
            "10^3/µl" or "10^3/ul" or "10^3/mm^3" or "10^3/mm3" or "k/µl" or "k/ul" or "k/mm3" or "thou/µl" or "thou/ul" or "thousand/µl" or "thousand/ul" or "10^3/cmm" => "10^3/µL",
            "/µl" or "/ul" or "cells/µl" or "cells/ul" or "/mm^3" or "/mm3" or "cells/mm^3" or "cells/mm3" or "/cmm" => "/µL",
            "mmhg" => "mmHg",
            "bpm" or "beats/min" or "beats/minute" or "/min" => "bpm",
            "ms" or "msec" => "ms",
            _ => null,
        };
    }

    /// <summary>The units a patient can use, as the app writes them.</summary>
    public static readonly string[] Units = ["U/L", "mg/dL", "mmol/L", "µmol/L", "g/dL", "g/L", "10^9/L", "10^3/µL", "/µL", "mmHg", "bpm", "ms"];

    /// <summary>Which units fit an analyte (canonical name), for the "not understood" message.</summary>
    public static string[] UnitsFor(string analyte) => Canonical(analyte) switch
    {
        "ALT" or "AST" or "CPK" or "lipase" or "amylase" => ["U/L"],
        "bilirubin" or "creatinine" => ["µmol/L", "mg/dL"],
        "neutrophils" or "platelets" => ["10^9/L", "10^3/µL", "/µL"],
        "haemoglobin" => ["g/dL", "g/L", "mmol/L"],
        "cholesterol" or "triglycerides" or "glucose" => ["mmol/L", "mg/dL"],
        _ => [],
    };

    /// <summary>CTCAE v5 grade (0 = within normal) or null when it cannot be graded.</summary>
    public static int? Grade(string analyte, decimal value, string? unit, decimal? upperLimit, decimal? lowerLimit = null, decimal? baseline = null) =>
        Assess(analyte, value, unit, upperLimit, lowerLimit, baseline).Grade;

    /// <summary>
    /// The CTCAE v5 grade of a value, or why there is none: the unit is not understood or does not fit this test, the limit
    /// of normal the grade needs is missing, or the test is not graded by value (glucose). <paramref name="baseline"/>: the
    /// patient's earlier value in the same unit (creatinine only).
    /// </summary>
    public static LabAssessment Assess(string analyte, decimal value, string? unit, decimal? upperLimit, decimal? lowerLimit = null, decimal? baseline = null)
    {
        var name = Canonical(analyte);
        if (name is null) return LabAssessment.NotGraded($"“{analyte}” is not a test graded here.");
        if (value < 0) return LabAssessment.NotGraded("A lab value cannot be below zero.");
        if (name == "glucose") return LabAssessment.NotGraded("CTCAE grades high blood sugar by the treatment it needs, not by the value.");
        var u = NormalizeUnit(unit);
        var fits = UnitsFor(name);
        if (u is null)
            return LabAssessment.NotGraded(string.IsNullOrWhiteSpace(unit)
                ? $"No unit was given. For {name}, use {Words(fits)}."
                : $"The unit “{unit!.Trim()}” is not understood. For {name}, use {Words(fits)}, as printed on the report.");
        if (!fits.Contains(u)) return LabAssessment.NotGraded($"{u} is not a unit for {name}. For {name}, use {Words(fits)}.");
        var uln = upperLimit is > 0 ? upperLimit : null;
        var lln = lowerLimit is > 0 ? lowerLimit : null;
        const string NeedUln = "This grade needs the upper limit of normal (ULN) printed on the report.";
        const string NeedLln = "Whether this value is low needs the lower limit of normal printed on the report.";

        switch (name)
        {
            case "ALT" or "AST":
                return uln is { } a ? LabAssessment.Graded(ByRatio(value / a, 3m, 5m, 20m)) : LabAssessment.NotGraded(NeedUln);
            case "bilirubin":
                return uln is { } b ? LabAssessment.Graded(ByRatio(value / b, 1.5m, 3m, 10m)) : LabAssessment.NotGraded(NeedUln);
            case "CPK":
                return uln is { } c ? LabAssessment.Graded(ByRatio(value / c, 2.5m, 5m, 10m)) : LabAssessment.NotGraded(NeedUln);
            case "lipase" or "amylase":
            {
                if (uln is not { } l) return LabAssessment.NotGraded(NeedUln);
                var r = value / l;
                return LabAssessment.Graded(r <= 1m ? 0 : r <= 1.5m ? 1 : r <= 5m ? 2 : 3);
            }
            case "creatinine":
            {
                int? byUln = uln is { } cu ? ByRatio(value / cu, 1.5m, 3m, 6m) : null;
                int? byBase = baseline is > 0 ? (value / baseline.Value) switch { > 3m => 3, > 1.5m => 2, _ => 0 } : null;
                if (byUln is null && byBase is not > 0) return LabAssessment.NotGraded(NeedUln);
                return LabAssessment.Graded(Math.Max(byUln ?? 0, byBase ?? 0));
            }
            case "neutrophils" or "platelets":
            {
                var perL = u == "/µL" ? value / 1000m : value; // 10^9/L and 10^3/µL are the same number
                var lowPerL = lln is { } x ? (u == "/µL" ? x / 1000m : x) : (decimal?)null;
                var (g2, g3, g4) = name == "neutrophils" ? (1.5m, 1.0m, 0.5m) : (75m, 50m, 25m);
                if (perL < g4) return LabAssessment.Graded(4);
                if (perL < g3) return LabAssessment.Graded(3);
                if (perL < g2) return LabAssessment.Graded(2);
                return lowPerL is { } low ? LabAssessment.Graded(perL < low ? 1 : 0) : LabAssessment.NotGraded(NeedLln);
            }
            case "haemoglobin":
            {
                var (g2, g3) = u switch { "g/dL" => (10m, 8m), "g/L" => (100m, 80m), _ => (6.2m, 4.9m) };
                if (value < g3) return LabAssessment.Graded(3);
                if (value < g2) return LabAssessment.Graded(2);
                return lln is { } low ? LabAssessment.Graded(value < low ? 1 : 0) : LabAssessment.NotGraded(NeedLln);
            }
            case "cholesterol":
            {
                var (g2, g3, g4) = u == "mg/dL" ? (300m, 400m, 500m) : (7.75m, 10.34m, 12.92m);
                if (value > g4) return LabAssessment.Graded(4);
                if (value > g3) return LabAssessment.Graded(3);
                if (value > g2) return LabAssessment.Graded(2);
                return uln is { } cl ? LabAssessment.Graded(value > cl ? 1 : 0) : LabAssessment.NotGraded(NeedUln);
            }
            case "triglycerides":
                return LabAssessment.Graded(u == "mg/dL"
                    ? value > 1000m ? 4 : value > 500m ? 3 : value > 300m ? 2 : value >= 150m ? 1 : 0
                    : value > 11.4m ? 4 : value > 5.7m ? 3 : value > 3.42m ? 2 : value >= 1.71m ? 1 : 0);
            default:
                return LabAssessment.NotGraded($"“{analyte}” is not a test graded here.");
        }
    }

    private static string Words(string[] units) => units.Length switch
    {
        0 => "the unit printed on the report",
        1 => units[0],
        _ => string.Join(", ", units[..^1]) + " or " + units[^1],
    };

    private static int ByRatio(decimal ratio, decimal g1, decimal g2, decimal g3) =>
        ratio <= 1m ? 0 : ratio <= g1 ? 1 : ratio <= g2 ? 2 : ratio <= g3 ? 3 : 4;
}
