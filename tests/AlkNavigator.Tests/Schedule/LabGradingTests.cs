using AlkNavigator.Features.Schedule;

namespace AlkNavigator.Tests.Schedule;

/// <summary>LabGrading.Grade: CTCAE v5 boundaries per analyte and unit.</summary>
public class LabGradingTests
{
    [Theory]
    // ALT/AST x ULN (40 U/L): 0 <= ULN; 1 > ULN-3x; 2 > 3-5x; 3 > 5-20x; 4 > 20x
    [InlineData("ALT", 40, "U/L", 40, 0)]
    [InlineData("ALT", 41, "U/L", 40, 1)]
    [InlineData("ALT", 120, "U/L", 40, 1)]
    [InlineData("ALT", 121, "U/L", 40, 2)]
    [InlineData("ALT", 200, "U/L", 40, 2)]
    [InlineData("ALT", 201, "IU/L", 40, 3)]
    [InlineData("ALT", 800, "iu/l", 40, 3)]
    [InlineData("ALT", 801, "U/L", 40, 4)]
    [InlineData("AST", 10, "u/l", 35, 0)]
    [InlineData("ast", 105.5, "U/L", 35, 2)]
    [InlineData("alanine aminotransferase", 45, "U/L", 40, 1)]
    // CPK x ULN (200 U/L): 1 > ULN-2.5x; 2 > 2.5-5x; 3 > 5-10x; 4 > 10x
    [InlineData("CPK", 200, "U/L", 200, 0)]
    [InlineData("CPK", 201, "U/L", 200, 1)]
    [InlineData("CPK", 500, "U/L", 200, 1)]
    [InlineData("CPK", 501, "U/L", 200, 2)]
    [InlineData("CPK", 1000, "U/L", 200, 2)]
    [InlineData("CK", 1001, "U/L", 200, 3)]
    [InlineData("CPK", 2000, "U/L", 200, 3)]
    [InlineData("CPK", 2001, "IU/L", 200, 4)]
    // Cholesterol mg/dL: 1 > ULN-300; 2 > 300-400; 3 > 400-500; 4 > 500
    [InlineData("cholesterol", 190, "mg/dL", 200, 0)]
    [InlineData("cholesterol", 201, "mg/dL", 200, 1)]
    [InlineData("Cholesterol", 300, "MG/DL", 200, 1)]
    [InlineData("cholesterol", 301, "mg/dL", 200, 2)]
    [InlineData("cholesterol", 400, "mg/dL", null, 2)]
    [InlineData("cholesterol", 401, "mg/dL", null, 3)]
    [InlineData("cholesterol", 500, "mg/dL", null, 3)]
    [InlineData("cholesterol", 501, "mg/dL", null, 4)]
    // Cholesterol mmol/L: 7.75, 10.34, 12.92
    [InlineData("cholesterol", 5.0, "mmol/L", 5.2, 0)]
    [InlineData("cholesterol", 6.0, "mmol/L", 5.2, 1)]
    [InlineData("cholesterol", 7.75, "mmol/L", 5.2, 1)]
    [InlineData("cholesterol", 7.76, "mmol/L", null, 2)]
    [InlineData("cholesterol", 10.35, "mmol/l", null, 3)]
    [InlineData("cholesterol", 12.93, "mmol/L", null, 4)]
    // Triglycerides mg/dL: 1 150-300; 2 > 300-500; 3 > 500-1000; 4 > 1000
    [InlineData("triglycerides", 149, "mg/dL", null, 0)]
    [InlineData("triglycerides", 150, "mg/dL", null, 1)]
    [InlineData("triglycerides", 300, "mg/dL", null, 1)]
    [InlineData("triglycerides", 301, "mg/dL", null, 2)]
    [InlineData("triglycerides", 500, "mg/dL", null, 2)]
    [InlineData("triglycerides", 501, "mg/dL", null, 3)]
    [InlineData("triglycerides", 1000, "mg/dL", 150, 3)]
    [InlineData("triglycerides", 1001, "mg/dL", null, 4)]
    // Triglycerides mmol/L: 1.71, 3.42, 5.7, 11.4
    [InlineData("triglycerides", 1.7, "mmol/L", null, 0)]
    [InlineData("triglycerides", 1.71, "mmol/L", null, 1)]
    [InlineData("triglycerides", 3.43, "mmol/L", null, 2)]
    [InlineData("triglycerides", 5.71, "mmol/L", null, 3)]
    [InlineData("triglycerides", 11.41, "mmol/L", null, 4)]
    public void Grades_follow_the_ctcae_v5_boundaries(string analyte, double value, string unit, object? uln, int grade)
    {
        Assert.Equal(grade, LabGrading.Grade(analyte, (decimal)value, unit, uln is null ? null : Convert.ToDecimal(uln, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("ALT", 100, "U/L", null)]          // x ULN needs the ULN
    [InlineData("ALT", 100, "U/L", 0.0)]
    [InlineData("ALT", 100, "µkat/L", 40.0)]       // unknown unit
    [InlineData("ALT", 100, null, 40.0)]
    [InlineData("CPK", 900, "mg/dL", 200.0)]
    [InlineData("cholesterol", 250, "mg/dL", null)] // grade 0 or 1 depends on the ULN
    [InlineData("cholesterol", 250, "g/L", 200.0)]
    [InlineData("triglycerides", 250, "g/L", null)]
    [InlineData("glucose", 400, "mg/dL", 100.0)]    // CTCAE v5 grades hyperglycaemia by intervention
    [InlineData("glucose", 25, "mmol/L", null)]
    [InlineData("bilirubin", 3, "mg/dL", null)]     // x ULN needs the ULN
    [InlineData("bilirubin", 30, "U/L", 20.0)]      // not a bilirubin unit
    [InlineData("lipase", 300, "U/L", null)]
    [InlineData("amylase", 300, "mg/dL", 100.0)]
    [InlineData("creatinine", 150, "µmol/L", null)] // no ULN and no baseline
    [InlineData("neutrophils", 2.0, "10^9/L", null)] // 0 or 1 depends on the LLN
    [InlineData("platelets", 100, "10^9/L", null)]
    [InlineData("haemoglobin", 11, "g/dL", null)]
    [InlineData("neutrophils", 1.2, "mg/dL", null)]
    [InlineData("haemoglobin", 7, "U/L", null)]
    [InlineData("ALT", -1, "U/L", 40.0)]
    public void Cannot_be_graded_returns_null(string analyte, double value, string? unit, object? uln)
    {
        Assert.Null(LabGrading.Grade(analyte, (decimal)value, unit, uln is null ? null : Convert.ToDecimal(uln, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    // Bilirubin x ULN (20 µmol/L): 1 > ULN-1.5x; 2 > 1.5-3x; 3 > 3-10x; 4 > 10x
    [InlineData("bilirubin", 20, "µmol/L", 20, 0)]
    [InlineData("bilirubin", 20.1, "umol/l", 20, 1)]
    [InlineData("bilirubin", 30, "µmol/L", 20, 1)]
    [InlineData("bilirubin", 30.1, "μmol/L", 20, 2)]
    [InlineData("total bilirubin", 60, "µmol/L", 20, 2)]
    [InlineData("bilirubin", 60.1, "micromol/L", 20, 3)]
    [InlineData("bilirubin", 200, "µmol/L", 20, 3)]
    [InlineData("bilirubin", 200.1, "µmol/L", 20, 4)]
    [InlineData("bilirubin", 3.61, "mg/dL", 1.2, 3)]
    [InlineData("bilirubin", 3.6, "mg/dl", 1.2, 2)]
    // Lipase / amylase x ULN (60 U/L), value alone = without symptoms: 1 > ULN-1.5x; 2 > 1.5-5x; 3 > 5x
    [InlineData("lipase", 60, "U/L", 60, 0)]
    [InlineData("lipase", 61, "U/L", 60, 1)]
    [InlineData("lipase", 90, "IU/L", 60, 1)]
    [InlineData("lipase", 91, "U/L", 60, 2)]
    [InlineData("lipase", 120, "U/L", 60, 2)]
    [InlineData("lipase", 121, "U/L", 60, 2)]
    [InlineData("lipase", 300, "U/L", 60, 2)]
    [InlineData("lipase", 301, "u / l", 60, 3)]
    [InlineData("amylase", 500, "U/L", 100, 2)]
    [InlineData("amylase", 501, "units/L", 100, 3)]
    [InlineData("serum amylase", 2000, "U/L", 100, 3)]
    // Creatinine x ULN (100 µmol/L): 1 > ULN-1.5x; 2 > 1.5-3x; 3 > 3-6x; 4 > 6x
    [InlineData("creatinine", 100, "µmol/L", 100, 0)]
    [InlineData("creatinine", 101, "µmol/L", 100, 1)]
    [InlineData("creatinine", 150, "µmol/L", 100, 1)]
    [InlineData("creatinine", 151, "µmol/L", 100, 2)]
    [InlineData("creatinine", 300, "µmol/L", 100, 2)]
    [InlineData("creatinine", 301, "µmol/L", 100, 3)]
    [InlineData("creatinine", 600, "µmol/L", 100, 3)]
    [InlineData("creatinine", 601, "µmol/L", 100, 4)]
    [InlineData("creatinine", 3.61, "mg/dL", 1.2, 3)]
    [InlineData("creatinine", 3.6, "mg/dL", 1.2, 2)]
    // Neutrophils (10^9/L; 10^3/µL the same number; /µL x 1000): 1 < LLN-1.5; 2 < 1.5-1.0; 3 < 1.0-0.5; 4 < 0.5
    [InlineData("neutrophils", 2.0, "10^9/L", 2.0, 0)]
    [InlineData("neutrophils", 1.9, "x10^9/L", 2.0, 1)]
    [InlineData("neutrophils", 1.5, "10^9/L", 2.0, 1)]
    [InlineData("neutrophils", 1.49, "10^9/L", null, 2)]
    [InlineData("ANC", 1.0, "10e9/L", null, 2)]
    [InlineData("neutrophils", 0.99, "10^9/L", null, 3)]
    [InlineData("neutrophils", 0.5, "K/uL", null, 3)]
    [InlineData("neutrophils", 0.49, "10^3/µL", null, 4)]
    [InlineData("neutrophils", 999, "cells/mm3", null, 3)]
    [InlineData("neutrophils", 1000, "/µL", null, 2)]
    [InlineData("neutrophils", 1800, "cells/µL", 1800, 0)]
    // Platelets (10^9/L): 1 < LLN-75; 2 < 75-50; 3 < 50-25; 4 < 25
    [InlineData("platelets", 150, "10^9/L", 150, 0)]
    [InlineData("platelets", 149, "10^9/L", 150, 1)]
    [InlineData("platelets", 75, "10^9/L", 150, 1)]
    [InlineData("platelets", 74.9, "10^9/L", null, 2)]
    [InlineData("platelets", 50, "×10⁹/L", null, 2)]
    [InlineData("platelets", 49, "10^9/L", null, 3)]
    [InlineData("PLT", 25, "10^9/L", null, 3)]
    [InlineData("platelets", 24, "10^9/L", null, 4)]
    [InlineData("platelets", 49000, "/mm3", null, 3)]
    // Haemoglobin (g/dL; g/L; mmol/L): 1 < LLN-10; 2 < 10-8; 3 < 8 (100/80 g/L; 6.2/4.9 mmol/L)
    [InlineData("haemoglobin", 12, "g/dL", 12, 0)]
    [InlineData("hemoglobin", 11.9, "g/dL", 12, 1)]
    [InlineData("Hb", 10, "g/dL", 12, 1)]
    [InlineData("haemoglobin", 9.9, "g/dL", null, 2)]
    [InlineData("haemoglobin", 8, "g/dL", null, 2)]
    [InlineData("haemoglobin", 7.9, "g/dl", null, 3)]
    [InlineData("haemoglobin", 100, "g/L", 120, 1)]
    [InlineData("haemoglobin", 99, "g/L", null, 2)]
    [InlineData("haemoglobin", 80, "g/L", null, 2)]
    [InlineData("haemoglobin", 79, "g/L", null, 3)]
    [InlineData("haemoglobin", 6.2, "mmol/L", 7.5, 1)]
    [InlineData("haemoglobin", 6.1, "mmol/L", null, 2)]
    [InlineData("haemoglobin", 4.9, "mmol/L", null, 2)]
    [InlineData("haemoglobin", 4.8, "mmol/L", null, 3)]
    public void New_labs_follow_the_ctcae_v5_boundaries(string analyte, double value, string unit, object? limit, int grade)
    {
        decimal? l = limit is null ? null : Convert.ToDecimal(limit, System.Globalization.CultureInfo.InvariantCulture);
        var low = LabGrading.Canonical(analyte) is "neutrophils" or "platelets" or "haemoglobin";
        Assert.Equal(grade, LabGrading.Grade(analyte, (decimal)value, unit, low ? null : l, low ? l : null));
    }

    [Theory]
    // Creatinine x baseline (80 µmol/L, ULN 110): 2 > 1.5-3x baseline; 3 > 3x baseline; the higher of the two grades counts
    [InlineData(120, 110, 80, 1)]    // 1.5x baseline exactly: the ULN grade (1) only
    [InlineData(121, 110, 80, 2)]    // > 1.5x baseline: grade 2
    [InlineData(240, 110, 80, 2)]    // 3x baseline exactly: grade 2
    [InlineData(241, 110, 80, 3)]    // > 3x baseline: grade 3 (x ULN alone would be 2)
    [InlineData(241, null, 80, 3)]   // baseline alone is enough above 1.5x
    [InlineData(100, null, 80, null)] // below 1.5x baseline and no ULN: cannot say 0 or 1
    public void Creatinine_is_also_graded_against_the_baseline(double value, object? uln, double baseline, int? grade)
    {
        Assert.Equal(grade, LabGrading.Grade("creatinine", (decimal)value, "µmol/L",
            uln is null ? null : Convert.ToDecimal(uln, System.Globalization.CultureInfo.InvariantCulture), null, (decimal)baseline));
    }

    [Theory]
    [InlineData("furlongs", "not understood")]
    [InlineData("", "No unit was given")]
    [InlineData("mg/dL", "not a unit for platelets")]
    public void A_unit_that_is_not_understood_or_does_not_fit_is_said_in_words(string unit, string expected)
    {
        var a = LabGrading.Assess("platelets", 40, unit, null);
        Assert.Null(a.Grade);
        Assert.Contains(expected, a.Problem, StringComparison.Ordinal);
        Assert.Contains("10^9/L", a.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iu/l", "U/L")]
    [InlineData("UMOL/L", "µmol/L")]
    [InlineData("x 10^9 / L", "10^9/L")]
    [InlineData("10*9/L", "10^9/L")]
    [InlineData("K/µL", "10^3/µL")]
    [InlineData("cells/mm³", "/µL")]
    [InlineData("g/dl", "g/dL")]
    [InlineData("furlongs", null)]
    public void Units_are_read_as_a_patient_types_them(string typed, string? canonical)
    {
        Assert.Equal(canonical, LabGrading.NormalizeUnit(typed));
    }

    [Fact]
    public void Every_listed_analyte_has_a_canonical_name()
    {
        Assert.All(LabGrading.Analytes, a => Assert.Equal(a, LabGrading.Canonical(a)));
        Assert.All(LabGrading.Analytes, a => Assert.Equal(a, LabGrading.Canonical(a.ToUpperInvariant())));
    }
}
