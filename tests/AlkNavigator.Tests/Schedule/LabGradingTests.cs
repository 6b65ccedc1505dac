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
    [InlineData("bilirubin", 3, "mg/dL", 1.2)]      // not graded here
    [InlineData("ALT", -1, "U/L", 40.0)]
    public void Cannot_be_graded_returns_null(string analyte, double value, string? unit, object? uln)
    {
        Assert.Null(LabGrading.Grade(analyte, (decimal)value, unit, uln is null ? null : Convert.ToDecimal(uln, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Every_listed_analyte_has_a_canonical_name()
    {
        Assert.All(LabGrading.Analytes, a => Assert.Equal(a, LabGrading.Canonical(a)));
        Assert.All(LabGrading.Analytes, a => Assert.Equal(a, LabGrading.Canonical(a.ToUpperInvariant())));
    }
}
