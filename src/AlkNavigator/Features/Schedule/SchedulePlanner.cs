using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Schedule;

// CONTRACT (filled in by the planner work).

/// <summary>One generated item: kind (one of SchedulePlanner.Kinds), title, due date, window, why (with its source), stable key.</summary>
public sealed record PlannedItem(string Kind, string Title, DateOnly Due, int WindowDays, string Reason, string Source, string Key);

/// <summary>Visit spacing: every VisitMonthsEarly months at first, every VisitMonthsLater once stable for StableMonthsBeforeLater months.</summary>
public sealed record PlanSettings(int VisitMonthsEarly = 3, int VisitMonthsLater = 6, int StableMonthsBeforeLater = 24)
{
    public static PlanSettings From(ScheduleSettings? s) => s is null ? new() : new(s.VisitMonthsEarly, s.VisitMonthsLater, s.StableMonthsBeforeLater);
}

public static class SchedulePlanner
{
    public static readonly string[] Kinds =
        ["visit", "ct", "brain-mri", "pet", "liquid-biopsy", "lab:liver", "lab:cpk", "lab:lipids", "lab:glucose", "vitals:blood-pressure", "vitals:heart-rate", "ecg"];

    /// <summary>
    /// The plan for a record (Treatments, Sites, Procedures, Progressions, Biomarkers loaded) from <paramref name="from"/>
    /// for <paramref name="months"/> months, ordered by due date then kind.
    /// </summary>
    public static IReadOnlyList<PlannedItem> Plan(PatientRecord record, DateOnly from, int months, PlanSettings? settings = null) => [];

    /// <summary>What the plan depends on (current TKI and start, brain status, brain radiation, progression, settings), as a string: regenerate when it changes.</summary>
    public static string Basis(PatientRecord record, PlanSettings? settings = null) => "";
}
