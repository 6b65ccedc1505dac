namespace AlkNavigator.Features.Schedule;

// CONTRACT (filled in by the planner work): CTCAE v5 grading of the labs the plan asks for.

public static class LabGrading
{
    /// <summary>The analytes with a CTCAE grade here: ALT, AST, CPK (x ULN), cholesterol, triglycerides (mg/dL or mmol/L), glucose.</summary>
    public static readonly string[] Analytes = ["ALT", "AST", "CPK", "cholesterol", "triglycerides", "glucose"];

    /// <summary>CTCAE v5 grade (0 = within normal) or null when it cannot be graded (unknown analyte, unit, or missing ULN where needed).</summary>
    public static int? Grade(string analyte, decimal value, string? unit, decimal? upperLimit) => null;
}
