using AlkNavigator.Features.Schedule;

namespace AlkNavigator.Tests.Schedule;

/// <summary>LabNotices.Open: the latest graded result per lab decides; grade 3 or more opens a contact-level notice.</summary>
public class LabNoticesTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);

    private static MonitoringResult Lab(string analyte, decimal value, string unit, decimal? uln, int daysAfter, int? grade = null, decimal? lln = null) => new()
    {
        RecordId = Guid.Empty, ItemId = Guid.NewGuid(), Analyte = analyte, Value = value, Unit = unit, RefHigh = uln, RefLow = lln,
        Date = Day.AddDays(daysAfter), Grade = grade ?? LabGrading.Grade(analyte, value, unit, uln, lln),
    };

    [Fact]
    public void Grade_3_opens_and_grade_2_does_not()
    {
        Assert.Empty(LabNotices.Open([Lab("ALT", 200, "U/L", 40, 0)]));   // 5x ULN: grade 2
        var n = Assert.Single(LabNotices.Open([Lab("ALT", 201, "U/L", 40, 0)]));
        Assert.Equal(("ALT", 3), (n.Analyte, n.Grade));
        Assert.StartsWith("Contact your care team today (within 24 hours):", n.Advice, StringComparison.Ordinal);
        Assert.Contains("201 U/L", n.Advice, StringComparison.Ordinal);
        Assert.Contains("yellow", n.Advice, StringComparison.Ordinal);
        Assert.Equal("ctcae-v5", n.Source);
    }

    [Fact]
    public void A_later_lower_grade_closes_it_but_a_later_ungraded_result_does_not_and_each_lab_counts_alone()
    {
        var high = Lab("platelets", 40, "10^9/L", null, 0);
        var ungraded = Lab("platelets", 100, "10^9/L", null, 5); // 0 or 1 needs the LLN: no grade
        Assert.Null(ungraded.Grade);
        Assert.Single(LabNotices.Open([high, ungraded]));
        Assert.Empty(LabNotices.Open([high, ungraded, Lab("platelets", 100, "10^9/L", null, 6, lln: 150)]));
        // An earlier grade 1 does not close a later grade 4; two labs give two notices, worst first.
        var notices = LabNotices.Open([Lab("neutrophils", 1.8m, "10^9/L", null, 0, lln: 2), Lab("neutrophils", 0.4m, "10^9/L", null, 3), high]);
        Assert.Equal(["neutrophils", "platelets"], notices.Select(x => x.Analyte));
        Assert.Contains("38 °C", notices[0].Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_stored_before_its_lab_was_graded_is_graded_now()
    {
        var old = Lab("bilirubin", 80, "µmol/L", 20, 0, grade: null);
        old.Grade = null; // stored when bilirubin had no grade here
        var n = Assert.Single(LabNotices.Open([old]));
        Assert.Equal(3, n.Grade);
    }

    [Fact]
    public void The_advice_informs_and_never_tells_the_patient_to_stop_or_change_a_medicine()
    {
        var all = LabNotices.Open([
            Lab("ALT", 900, "U/L", 40, 0), Lab("bilirubin", 300, "µmol/L", 20, 0), Lab("CPK", 3000, "U/L", 200, 0), Lab("lipase", 400, "U/L", 60, 0),
            Lab("amylase", 600, "U/L", 100, 0), Lab("creatinine", 400, "µmol/L", 100, 0), Lab("neutrophils", 0.3m, "10^9/L", null, 0),
            Lab("platelets", 20, "10^9/L", null, 0), Lab("haemoglobin", 7, "g/dL", null, 0), Lab("cholesterol", 450, "mg/dL", null, 0), Lab("triglycerides", 600, "mg/dL", null, 0)]);
        Assert.Equal(11, all.Count);
        Assert.All(all, n =>
        {
            Assert.DoesNotMatch(@"(?i)\b(stop|skip|reduce|lower|change) (taking|your|the) (medicine|dose|drug|treatment|tablets)", n.Advice);
            Assert.Contains("your oncologist or pharmacist decides", n.Advice, StringComparison.Ordinal);
        });
    }
}
