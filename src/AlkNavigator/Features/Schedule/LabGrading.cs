namespace AlkNavigator.Features.Schedule;

/// <summary>
/// CTCAE v5.0 grading of the labs the plan asks for (../shared/reference/alk-facts.md E2; source key ctcae-v5).
/// <list type="bullet">
/// <item>ALT, AST (U/L or IU/L, needs the ULN): 0 ≤ ULN; 1 &gt; ULN–3×; 2 &gt; 3–5×; 3 &gt; 5–20×; 4 &gt; 20× ULN
/// (the grading for a normal baseline; CTCAE's baseline-abnormal variant is not applied).</item>
/// <item>CPK / CK (U/L or IU/L, needs the ULN): 0 ≤ ULN; 1 &gt; ULN–2.5×; 2 &gt; 2.5–5×; 3 &gt; 5–10×; 4 &gt; 10×.</item>
/// <item>Cholesterol (mg/dL; mmol/L boundaries 7.75, 10.34, 12.92): 1 &gt; ULN–300; 2 &gt; 300–400; 3 &gt; 400–500; 4 &gt; 500.
/// Up to 300 mg/dL the grade (0 or 1) needs the ULN: without one, null.</item>
/// <item>Triglycerides (mg/dL; mmol/L 1.71, 3.42, 5.7, 11.4): 0 &lt; 150; 1 150–300; 2 &gt; 300–500; 3 &gt; 500–1000; 4 &gt; 1000.</item>
/// <item>Glucose: CTCAE v5 grades hyperglycaemia by the treatment it needs (grade 2 oral agent started, 3 insulin or
/// hospital), not by the value, so a value alone is never graded: null.</item>
/// </list>
/// </summary>
public static class LabGrading
{
    /// <summary>The analytes with a CTCAE grade here: ALT, AST, CPK (x ULN), cholesterol, triglycerides (mg/dL or mmol/L), glucose.</summary>
    public static readonly string[] Analytes = ["ALT", "AST", "CPK", "cholesterol", "triglycerides", "glucose"];

    public const string Source = "ctcae-v5";

    /// <summary>The canonical analyte name (one of <see cref="Analytes"/>) for a name as typed, or null.</summary>
    public static string? Canonical(string? analyte) => analyte?.Trim().ToLowerInvariant() switch
    {
        "alt" or "sgpt" or "alanine aminotransferase" => "ALT",
        "ast" or "sgot" or "aspartate aminotransferase" => "AST",
        "cpk" or "ck" or "creatine kinase" or "creatine phosphokinase" => "CPK",
        "cholesterol" or "total cholesterol" or "cholesterol, total" => "cholesterol",
        "triglycerides" or "triglyceride" => "triglycerides",
        "glucose" or "blood sugar" or "blood glucose" => "glucose",
        _ => null,
    };

    /// <summary>CTCAE v5 grade (0 = within normal) or null when it cannot be graded (unknown analyte, unit, or missing ULN where needed).</summary>
    public static int? Grade(string analyte, decimal value, string? unit, decimal? upperLimit)
    {
        if (value < 0) return null;
        var u = unit?.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        switch (Canonical(analyte))
        {
            case "ALT" or "AST":
                if (!IsEnzymeUnit(u) || upperLimit is not > 0) return null;
                return ByRatio(value / upperLimit.Value, 3m, 5m, 20m);
            case "CPK":
                if (!IsEnzymeUnit(u) || upperLimit is not > 0) return null;
                return ByRatio(value / upperLimit.Value, 2.5m, 5m, 10m);
            case "cholesterol":
            {
                if (Limits(u, (300m, 400m, 500m), (7.75m, 10.34m, 12.92m)) is not var (g2, g3, g4)) return null;
                if (value > g4) return 4;
                if (value > g3) return 3;
                if (value > g2) return 2;
                if (upperLimit is not > 0) return null;
                return value > upperLimit ? 1 : 0;
            }
            case "triglycerides":
            {
                if (u is "mg/dl") return value > 1000m ? 4 : value > 500m ? 3 : value > 300m ? 2 : value >= 150m ? 1 : 0;
                if (u is "mmol/l") return value > 11.4m ? 4 : value > 5.7m ? 3 : value > 3.42m ? 2 : value >= 1.71m ? 1 : 0;
                return null;
            }
            default:
                return null; // glucose: graded by intervention in CTCAE v5; anything else: unknown
        }
    }

    private static bool IsEnzymeUnit(string? u) => u is "u/l" or "iu/l";

    private static (decimal, decimal, decimal)? Limits(string? u, (decimal, decimal, decimal) mg, (decimal, decimal, decimal) mmol) =>
        u switch { "mg/dl" => mg, "mmol/l" => mmol, _ => null };

    private static int ByRatio(decimal ratio, decimal g1, decimal g2, decimal g3) =>
        ratio <= 1m ? 0 : ratio <= g1 ? 1 : ratio <= g2 ? 2 : ratio <= g3 ? 3 : 4;
}
