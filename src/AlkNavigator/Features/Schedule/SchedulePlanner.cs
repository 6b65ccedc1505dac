using System.Globalization;
using System.Text.RegularExpressions;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Schedule;

/// <summary>One generated item: kind (one of SchedulePlanner.Kinds), title, due date, window, why (with its source), stable key.</summary>
public sealed record PlannedItem(string Kind, string Title, DateOnly Due, int WindowDays, string Reason, string Source, string Key);

/// <summary>Visit spacing: every VisitMonthsEarly months at first, every VisitMonthsLater once stable for StableMonthsBeforeLater months.</summary>
public sealed record PlanSettings(int VisitMonthsEarly = 3, int VisitMonthsLater = 6, int StableMonthsBeforeLater = 24)
{
    public static PlanSettings From(ScheduleSettings? s) => s is null ? new() : new(s.VisitMonthsEarly, s.VisitMonthsLater, s.StableMonthsBeforeLater);
}

/// <summary>
/// Turns a record into a monitoring plan: the guide's visits and scans (content/pages/monitoring.md) plus the checks the
/// current ALK inhibitor's label asks for (../shared/reference/alk-facts.md section A), each with a reason and a source key
/// of content/sources.yaml. Pure and deterministic: the same record, window and settings give the same items and keys.
/// <para>Rules:</para>
/// <list type="bullet">
/// <item>Visits every <see cref="PlanSettings.VisitMonthsEarly"/> months counted from the current TKI's start (without one,
/// from the record's latest treatment, progression or diagnosis date, see <see cref="Anchor"/>; from <c>from</c> when it has none), every <see cref="PlanSettings.VisitMonthsLater"/> months once the line has run
/// <see cref="PlanSettings.StableMonthsBeforeLater"/> months with no progression event since its start.</item>
/// <item>CT chest and abdomen 3 days before each visit (same cadence).</item>
/// <item>Brain MRI every 6 months, every 3 with brain metastases (latest brain status active, treated-stable or
/// leptomeningeal, or brain listed with no status; or leptomeninges listed) or after brain radiation (SRS, WBRT, stereotactic, gamma knife, radiosurgery, "brain", "cranial"); 3 days before the visit date it falls on (after a weekend visit moved to the Friday).</item>
/// <item>PET is never generated (as ordered; the user adds it).</item>
/// <item>Liquid biopsy once, due at <c>from</c> (or on the event if later), when a progression event is dated on or after the
/// current line's start (any progression when no TKI is current) and no liquid-biopsy biomarker is dated on or after it.</item>
/// <item>Label checks for the current TKI from its start date (see <see cref="LabelChecks"/>); only occurrences in the window are listed.</item>
/// </list>
/// Weekends: visits, scans, labs and ECG due on a Saturday or Sunday move to the Friday before (<see cref="ClinicDay"/>).
/// Windows: labs, vitals and ECG 3 days, visits 7, scans and liquid biopsy 14.
/// Keys: <c>{kind}/{drug or "none"}/{anchor yyyy-MM-dd}/{n}</c> (brain MRI: <c>brain-mri/{drug}/{anchor}/{3m|6m}/{n}</c>),
/// n the occurrence index counted from the anchor (<see cref="Anchor"/>; the progression date for liquid biopsy), so a regeneration with the same basis gives the same keys.
/// </summary>
public static partial class SchedulePlanner
{
    public static readonly string[] Kinds =
        ["visit", "ct", "brain-mri", "pet", "liquid-biopsy", "lab:liver", "lab:cpk", "lab:lipids", "lab:glucose", "lab:pancreas", "vitals:blood-pressure", "vitals:heart-rate", "ecg"];

    /// <summary>Plain titles per kind.</summary>
    public static string Title(string kind) => kind switch
    {
        "visit" => "Oncology visit",
        "ct" => "CT chest and abdomen",
        "brain-mri" => "Brain MRI",
        "pet" => "PET scan",
        "liquid-biopsy" => "Liquid biopsy (blood test for resistance mutations)",
        "lab:liver" => "Liver blood tests (ALT, AST, bilirubin)",
        "lab:cpk" => "CPK (muscle enzyme)",
        "lab:lipids" => "Cholesterol and triglycerides",
        "lab:glucose" => "Blood sugar (glucose)",
        "lab:pancreas" => "Pancreas enzymes (lipase, amylase)",
        "vitals:blood-pressure" => "Blood pressure",
        "vitals:heart-rate" => "Heart rate",
        "ecg" => "ECG (heart tracing)",
        _ => kind,
    };

    /// <summary>How many days either side of the due date an item can be done: labs, vitals, ECG 3; visits 7; scans 14.</summary>
    public static int WindowDays(string kind) => kind switch
    {
        "visit" => 7,
        "ct" or "brain-mri" or "pet" or "liquid-biopsy" => 14,
        _ => 3,
    };

    private const string GuideSource = "alkpositive-guide", CnsSource = "cancergrace-cns-monitoring";
    private const int ScanDaysBeforeVisit = 3;

    /// <summary>One label check: when (days after start, months after start, then every N months from a month), why and source.</summary>
    public sealed record LabelCheck(string Drug, string Kind, int[] Days, int[] Months, int EveryMonths, int FromMonth, string Reason, string Source)
    {
        /// <summary>The occurrences from <paramref name="start"/> before <paramref name="end"/>, in order, with their index.</summary>
        public IEnumerable<(int N, DateOnly Date)> Dates(DateOnly start, DateOnly end)
        {
            var n = 0;
            var last = DateOnly.MinValue;
            foreach (var d in Days.Select(start.AddDays).Concat(Months.Select(start.AddMonths)))
            {
                if (d >= end) yield break;
                yield return (n++, d);
                last = d;
            }
            if (EveryMonths <= 0) yield break;
            for (var m = FromMonth; ; m += EveryMonths)
            {
                var d = start.AddMonths(m);
                if (d >= end) yield break;
                if (d > last) yield return (n++, d);
            }
        }
    }

    private static int[] Fortnights(int lastDay) => Enumerable.Range(0, lastDay / 14 + 1).Select(i => i * 14).ToArray();

    /// <summary>The label checks per drug (alk-facts section A; content/pages/monitoring.md).</summary>
    public static readonly LabelCheck[] LabelChecks =
    [
        // Crizotinib [S35]
        new("crizotinib", "lab:liver", Fortnights(56), [], 1, 3,
            "The crizotinib label asks for liver tests every 2 weeks for the first 2 months, then monthly, because it can harm the liver.", "xalkori-label"),
        new("crizotinib", "ecg", [0], [], 3, 3,
            "The crizotinib label warns about QT prolongation (a change in the heart's rhythm); the label asks for periodic ECGs. This plan suggests one at the start and then every 3 months: ask your care team how often they want one.", "xalkori-label"),
        new("crizotinib", "vitals:heart-rate", [0], [], 1, 1,
            "The crizotinib label warns about a slow heart rate (bradycardia): heart rate is checked regularly, here monthly.", "xalkori-label"),
        // Ceritinib [S31]
        new("ceritinib", "lab:liver", [0], [], 1, 1,
            "Ceritinib can raise liver enzymes (ALT above 5 times the upper limit in 28% in studies); the label asks for liver tests at least monthly.", "zykadia-label"),
        new("ceritinib", "lab:glucose", [0], [], 1, 1,
            "The ceritinib label warns about high blood sugar (hyperglycaemia); the label asks for periodic glucose checks, here monthly.", "zykadia-label"),
        new("ceritinib", "vitals:heart-rate", [0], [], 1, 1,
            "The ceritinib label warns about a slow heart rate (bradycardia): heart rate is checked regularly, here monthly.", "zykadia-label"),
        new("ceritinib", "lab:pancreas", [0], [], 1, 1,
            "The ceritinib label warns about pancreatitis and raised pancreas enzymes; it asks for lipase and amylase before starting and periodically. This plan suggests them with the monthly blood tests: ask your care team how often they want them.", "zykadia-label"),
        new("ceritinib", "ecg", [0], [], 3, 3,
            "The ceritinib label warns about QT prolongation (a change in the heart's rhythm); the label asks for periodic ECGs. This plan suggests one every 3 months: ask your care team how often they want one.", "zykadia-label"),
        // Alectinib [S8]
        new("alectinib", "lab:liver", Fortnights(84), [], 1, 4,
            "The alectinib label asks for liver tests every 2 weeks for the first 3 months, then monthly, because it can harm the liver.", "alecensa-safety"),
        new("alectinib", "lab:cpk", [0, 14], [], 0, 0,
            "Alectinib can cause muscle pain and raise CPK (a muscle enzyme); the label asks for CPK every 2 weeks in the first month.", "alecensa-safety"),
        new("alectinib", "vitals:heart-rate", [0], [], 1, 1,
            "The alectinib label warns about a slow heart rate (bradycardia): heart rate is checked regularly, here monthly.", "alecensa-safety"),
        // Brigatinib [S15]
        new("brigatinib", "vitals:blood-pressure", [14], [], 1, 1,
            "Brigatinib can raise blood pressure; the label asks for it to be checked after 2 weeks and then at least monthly.", "alunbrig-label-2017"),
        new("brigatinib", "vitals:heart-rate", [14], [], 1, 1,
            "The brigatinib label warns about a slow heart rate (bradycardia): heart rate is checked regularly, here after 2 weeks and then monthly.", "alunbrig-label-2017"),
        new("brigatinib", "lab:glucose", [0], [], 1, 1,
            "The brigatinib label warns about high blood sugar (hyperglycaemia); the label asks for periodic glucose checks, here monthly.", "alunbrig-label-2017"),
        new("brigatinib", "lab:cpk", [0], [], 1, 1,
            "Brigatinib can raise CPK (a muscle enzyme); the label asks for CPK to be checked during treatment, here monthly.", "alunbrig-label-2017"),
        new("brigatinib", "lab:pancreas", [0], [], 1, 1,
            "Brigatinib can raise the pancreas enzymes lipase and amylase; the label asks for them to be checked during treatment. This plan suggests them at the start and then monthly: ask your care team how often they want them.", "alunbrig-label-2017"),
        new("brigatinib", "lab:liver", [0], [], 1, 1,
            "The current brigatinib label warns about liver injury (hepatotoxicity) and asks for liver tests (ALT, AST, bilirubin) during treatment, especially in the first 3 months. This plan suggests them at the start and then monthly: ask your care team how often they want them.", "alunbrig-label-current"),
        // Lorlatinib [S23]
        new("lorlatinib", "lab:lipids", [0], [1, 2], 3, 5,
            "Lorlatinib often raises cholesterol and triglycerides; the label asks for them before starting, at 1 and 2 months, then periodically (here every 3 months).", "lorbrena-adverse"),
        new("lorlatinib", "lab:glucose", [0], [], 3, 3,
            "The lorlatinib label warns about high blood sugar (hyperglycaemia); the label asks for periodic glucose checks, here every 3 months.", "lorbrena-adverse"),
        new("lorlatinib", "vitals:blood-pressure", [0], [], 1, 1,
            "Lorlatinib can raise blood pressure (hypertension); the label asks for it to be checked during treatment, here monthly.", "lorbrena-adverse"),
        new("lorlatinib", "ecg", [0], [], 3, 3,
            "The lorlatinib label warns about heart block (AV block, a slowing of the heart's electrical signal); the label asks for an ECG before starting and periodically, here every 3 months.", "lorbrena-adverse"),
        // Ensartinib [S27] (partial in alk-facts: worded cautiously)
        new("ensartinib", "lab:liver", [0, 14], [], 1, 1,
            "Ensartinib can harm the liver; the label asks for periodic liver tests (every 2 weeks at first). This plan suggests every 2 weeks in the first month, then monthly: ask your care team what they want.", "ensacove-dosing"),
        new("ensartinib", "lab:glucose", [0], [], 3, 3,
            "The ensartinib label warns about high blood sugar (hyperglycaemia); the label asks for periodic glucose checks, here every 3 months.", "ensacove-dosing"),
    ];

    /// <summary>What the plan is computed from.</summary>
    public sealed record Situation(TreatmentLine? Line, string? Drug, bool BrainMetastases, bool BrainRadiation, ProgressionEvent? Progression, bool LiquidBiopsyDone)
    {
        public bool Stable => Line is not null && Progression is null;
    }

    /// <summary>The current TKI (ongoing line naming one, latest start), brain status, brain radiation and the progression since the line started.</summary>
    public static Situation Describe(PatientRecord record)
    {
        var line = AlkDrugs.CurrentLine(record.Treatments);
        var drug = line is null ? null : Vocabulary.TkiIn(line.Agent);

        var current = ProfileJson.CurrentSites(record.Sites);
        var brainMets = current.Any(s => BrainSites.Present(s.Site, s.Status));
        var brainRt = record.Procedures.Any(p => string.Equals(p.Kind, "radiation", StringComparison.OrdinalIgnoreCase) && IsBrainRadiation(p.Name));

        var progression = record.Progressions.Where(p => line is null || p.Date >= line.Start)
            .OrderByDescending(p => p.Date).ThenBy(p => p.Id).FirstOrDefault();
        var lbDone = progression is not null && record.Biomarkers.Any(b =>
            string.Equals(b.Source, "liquid-biopsy", StringComparison.OrdinalIgnoreCase) && b.Date is { } d && d >= progression.Date);
        return new(line, drug, brainMets, brainRt, progression, lbDone);
    }

    /// <summary>True for a radiation name aimed at the brain: SRS, WBRT, stereotactic (not body), gamma knife, radiosurgery, brain, cranial.</summary>
    public static bool IsBrainRadiation(string name) => BrainRadiation().IsMatch(name);

    [GeneratedRegex(@"\b(SRS|WBRT|gamma\s*knife|radiosurgery|brain|cranial|intracranial)\b|stereotactic(?!\s+body)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BrainRadiation();

    /// <summary>
    /// The plan for a record (Treatments, Sites, Procedures, Progressions, Biomarkers loaded) from <paramref name="from"/>
    /// for <paramref name="months"/> months, ordered by due date then kind.
    /// </summary>
    public static IReadOnlyList<PlannedItem> Plan(PatientRecord record, DateOnly from, int months, PlanSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        settings ??= new PlanSettings();
        var end = from.AddMonths(months);
        var s = Describe(record);
        var items = new List<PlannedItem>();
        var anchor = Anchor(record, s) ?? from;
        var tag = $"{s.Drug ?? "none"}/{Iso(anchor)}";

        // Which occurrences are in the plan is decided by their date by the cadence (in [from, end)); only then is a clinic
        // item on a weekend moved to the Friday before (ClinicDay), so a check due on the first day, a Sunday, stays in the
        // plan and keys do not depend on weekdays.
        void Add(string kind, DateOnly due, string reason, string source, string key)
        {
            if (due >= from && due < end) items.Add(new(kind, Title(kind), ClinicDay(kind, due), WindowDays(kind), reason, source, key));
        }

        // Visits, with a CT a few days before each.
        var early = Math.Max(1, settings.VisitMonthsEarly);
        var later = Math.Max(1, settings.VisitMonthsLater);
        var visitReasonEarly = $"The guide suggests a visit with your oncologist about every {early} months{(s.Line is null ? "" : " on an ALK inhibitor")}, to check how the treatment works and how you are.";
        var visitReasonLater = $"You have been on this treatment for {settings.StableMonthsBeforeLater} months or more without a recorded progression, so visits can spread out (every {later} months here); the guide says they may when things are stable.";
        var ctReason = "The guide suggests a CT scan of the chest and abdomen every 3 to 12 months to check that the cancer is not growing; this plan puts one a few days before each visit, so the results can be discussed.";
        var m = 0;
        for (var n = 1; ; n++)
        {
            var laterNow = s.Stable && m >= settings.StableMonthsBeforeLater;
            m += laterNow ? later : early;
            var nominal = anchor.AddMonths(m);
            var visit = ClinicDay("visit", nominal);
            if (visit.AddDays(-ScanDaysBeforeVisit) >= end) break;
            Add("visit", nominal, laterNow ? visitReasonLater : visitReasonEarly, GuideSource, $"visit/{tag}/{n}");
            Add("ct", visit.AddDays(-ScanDaysBeforeVisit), ctReason, GuideSource, $"ct/{tag}/{n}");
        }

        // Brain MRI.
        var mriMonths = s.BrainMetastases || s.BrainRadiation ? 3 : 6;
        var mriReason = s.BrainMetastases
            ? "With cancer in the brain (now or treated), the guide and ALK specialists suggest brain MRI more often: here every 3 months."
            : s.BrainRadiation
                ? "After radiation to the brain, ALK specialists suggest brain MRI more often: here every 3 months."
                : "The brain is a common place for ALK-positive lung cancer to grow; with no known cancer in the brain, a brain MRI at least every 6 months is suggested.";
        for (var n = 1; ; n++)
        {
            var due = ClinicDay("visit", anchor.AddMonths(n * mriMonths)).AddDays(-ScanDaysBeforeVisit);
            if (due >= end) break;
            Add("brain-mri", due, mriReason, CnsSource, $"brain-mri/{tag}/{mriMonths}m/{n}");
        }

        // Liquid biopsy after a progression.
        if (s.Progression is { } p && !s.LiquidBiopsyDone)
        {
            var due = p.Date > from ? p.Date : from;
            Add("liquid-biopsy", due,
                $"A progression was recorded on {Iso(p.Date)}. A liquid biopsy (a blood test) can look for the resistance mutations that help choose the next treatment; ask your care team whether one is planned.",
                GuideSource, $"liquid-biopsy/{Iso(p.Date)}/0");
        }

        // Label checks for the current TKI.
        if (s.Line is { } line && s.Drug is { } drug)
            foreach (var check in LabelChecks.Where(c => c.Drug == drug))
                foreach (var (n, date) in check.Dates(line.Start, end))
                    Add(check.Kind, date, check.Reason, check.Source, $"{check.Kind}/{drug}/{Iso(line.Start)}/{n}");

        return items.OrderBy(i => i.Due).ThenBy(i => Array.IndexOf(Kinds, i.Kind)).ThenBy(i => i.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The day a clinic item is planned on: a visit, scan, lab or ECG due on a Saturday or Sunday moves back to the Friday
    /// before, so a check the label asks for by a date is never planned after it (moving to the Monday would make it up to
    /// 2 days late). A liquid biopsy is due "now" (the plan's first day), so it moves on to the Monday instead: moving back
    /// would put it in the past. Vitals (blood pressure, heart rate) can be measured at home on any day and do not move.
    /// </summary>
    public static DateOnly ClinicDay(string kind, DateOnly due)
    {
        if (kind.StartsWith("vitals:", StringComparison.Ordinal)) return due;
        return (kind, due.DayOfWeek) switch
        {
            ("liquid-biopsy", DayOfWeek.Saturday) => due.AddDays(2),
            ("liquid-biopsy", DayOfWeek.Sunday) => due.AddDays(1),
            (_, DayOfWeek.Saturday) => due.AddDays(-1),
            (_, DayOfWeek.Sunday) => due.AddDays(-2),
            _ => due,
        };
    }

    /// <summary>What the plan depends on (current TKI and start, brain status, brain radiation, progression, settings), as a string: regenerate when it changes.</summary>
    public static string Basis(PatientRecord record, PlanSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        settings ??= new PlanSettings();
        var s = Describe(record);
        return string.Join(';',
            $"tki={s.Drug ?? "none"}@{(s.Line is null ? "-" : Iso(s.Line.Start))}",
            $"brain={(s.BrainMetastases ? 1 : 0)}",
            $"brainrt={(s.BrainRadiation ? 1 : 0)}",
            $"progression={(s.Progression is null ? "-" : Iso(s.Progression.Date))}",
            $"lb={(s.LiquidBiopsyDone ? 1 : 0)}",
            $"visits={settings.VisitMonthsEarly}/{settings.VisitMonthsLater}/{settings.StableMonthsBeforeLater}",
            $"anchor={(Anchor(record, s) is { } a ? Iso(a) : "-")}");
    }

    /// <summary>
    /// The date visits and scans are counted from: the current TKI's start; without one, the latest date the record gives
    /// (a treatment line's end, or start when ongoing; a progression; the diagnosis), so that plans made on different days
    /// agree; null when the record has none (then the plan's first day is used).
    /// </summary>
    public static DateOnly? Anchor(PatientRecord record, Situation situation)
    {
        if (situation.Line is { } line) return line.Start;
        var dates = record.Treatments.Select(t => t.End ?? t.Start)
            .Concat(record.Progressions.Select(p => p.Date))
            .Concat(record.DiagnosisDate is { } d ? [d] : Array.Empty<DateOnly>())
            .ToList();
        return dates.Count == 0 ? null : dates.Max();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
