using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// Today's (and yesterday's) doses of the current TKI in the patient's time zone, marked taken or missed, the label's
/// missed-dose rule when a dose is late, and adherence per week and month.
/// </summary>
public sealed class MedicationModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    /// <summary>One dose on the page, with its mark (if any), state and, when late, the label's advice.</summary>
    public sealed record DoseRow(DoseSlot Slot, DoseEntry? Mark, string State, LateAdvice? Advice);

    /// <summary>A labelled adherence period.</summary>
    public sealed record Period(string Label, Adherence Adherence);

    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public int? Slot { get; set; }
    /// <summary>taken | missed | undo</summary>
    [BindProperty] public string? Mark { get; set; }

    public SymptomSettings? Settings { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public bool ZoneIsDefault => Settings is null || Settings.TimeZone == "UTC";
    public DateTime NowUtc { get; private set; }
    public DateOnly Today { get; private set; }
    public TreatmentLine? Line { get; private set; }
    public DrugDosing? Dosing { get; private set; }
    public IReadOnlyList<TimeOnly> Times { get; private set; } = [];
    public List<DoseRow> TodayDoses { get; } = [];
    public List<DoseRow> YesterdayDoses { get; } = [];
    public List<Period> Periods { get; } = [];

    [Needs(Record.Access.View, Audit = "medication")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Marks one dose (fields Date, Slot, Mark = taken | missed | undo); posting the same mark twice changes nothing.</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (Dosing is null || Line is null)
        {
            ModelState.AddModelError(string.Empty, "There is no current ALK medicine in the record, so there is no dose to mark.");
            return Page();
        }
        var mark = Mark?.Trim().ToLowerInvariant();
        if (mark is not (DoseStatus.Taken or DoseStatus.Missed or "undo"))
            ModelState.AddModelError(string.Empty, "Choose Taken, Missed or Undo.");
        if (Date is not { } date)
            ModelState.AddModelError(string.Empty, "The dose's date is missing or not a real date.");
        else if (date > Today || date < Line.Start)
            ModelState.AddModelError(string.Empty, $"Doses can be marked only for days from the start of {Dosing.Drug} ({RecordSummary.FormatDate(Line.Start)}) up to today ({RecordSummary.FormatDate(Today)}).");
        if (Slot is not { } slot || slot < 0 || slot >= Times.Count)
            ModelState.AddModelError(string.Empty, $"There is no such dose: {Dosing.Drug} is taken {Times.Count} time{(Times.Count == 1 ? "" : "s")} a day here.");
        if (!ModelState.IsValid) return Page();

        var day = Date!.Value;
        var index = Slot!.Value;
        var doseSlot = Symptoms.Dosing.Slots(day, Times, Zone)[index];
        if (mark == DoseStatus.Missed && doseSlot.DueUtc > NowUtc)
        {
            // A dose whose time has not come cannot be missed yet (it would count against adherence before it is due).
            ModelState.AddModelError(string.Empty, $"Dose {index + 1} is not due until {doseSlot.LocalTime:HH\\:mm}: it can be marked missed once its time has come.");
            return Page();
        }
        var what = $"{Dosing.Drug} dose of {RecordSummary.FormatDate(day)} at {doseSlot.LocalTime:HH\\:mm}";
        var existing = await Db.DoseEntries.FirstOrDefaultAsync(e => e.RecordId == RecordId && e.Drug == Dosing.Drug && e.LocalDate == day && e.Slot == index, HttpContext.RequestAborted);
        string message;
        if (mark == "undo")
        {
            if (existing is not null)
            {
                Db.DoseEntries.Remove(existing);
                Access.Audit(Ctx, "delete", "medication", existing.Id, $"{what}: mark removed (was {existing.Status})");
            }
            message = $"The {what} is no longer marked.";
        }
        else
        {
            var entry = existing ?? new DoseEntry { RecordId = RecordId, Drug = Dosing.Drug, LocalDate = day, Slot = index };
            if (existing is null) Db.DoseEntries.Add(entry);
            entry.Status = mark!;
            entry.MarkedUtc = Clock.GetUtcNow().UtcDateTime;
            entry.MarkedByEmail = Ctx.UserEmail;
            entry.OnBehalf = !Ctx.IsOwner;
            Access.Audit(Ctx, existing is null ? "create" : "update", "medication", entry.Id, $"{what}: {mark}{(entry.OnBehalf ? " (on behalf of the patient)" : "")}");
            message = $"Marked the {what} as {mark}.";
        }
        try
        {
            await Db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // Two marks of the same dose at once (unique index) or a mark removed meanwhile: the other one stands.
            foreach (var e in Db.ChangeTracker.Entries().ToList()) e.State = EntityState.Detached;
            TempData.SetStatus("Someone else marked this dose at the same moment; here is what is recorded now.", "info");
            return Redirect($"/record/{RecordId}/symptoms/medication");
        }
        TempData.SetStatus(message);
        return Redirect($"/record/{RecordId}/symptoms/medication");
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Settings = await Db.SymptomSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == RecordId, ct);
        Zone = PatientTime.Zone(Settings?.TimeZone);
        NowUtc = Clock.GetUtcNow().UtcDateTime;
        Today = PatientTime.LocalDate(NowUtc, Zone);
        var lines = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
        var current = SymptomContext.FromRecord(new PatientRecord { Treatments = lines }, Today);
        Dosing = Symptoms.Dosing.For(current.Drug);
        if (Dosing is null) return;
        Line = AlkDrugs.CurrentLine(lines)!;
        Times = Symptoms.Dosing.TimesFor(Dosing, Line.Schedule, Settings?.DoseTimes);

        var lastMonth = Symptoms.Dosing.MonthStart(Today).AddMonths(-1);
        var lastWeek = Symptoms.Dosing.WeekStart(Today).AddDays(-7);
        var since = lastMonth < lastWeek ? lastMonth : lastWeek;
        var drug = Dosing.Drug;
        var marks = await Db.DoseEntries.AsNoTracking()
            .Where(e => e.RecordId == RecordId && e.Drug == drug && e.LocalDate >= since)
            .ToListAsync(ct);
        var bySlot = marks.GroupBy(m => (m.LocalDate, m.Slot)).ToDictionary(g => g.Key, g => g.OrderBy(m => m.MarkedUtc).Last());

        void Fill(List<DoseRow> rows, DateOnly day)
        {
            if (day < Line.Start) return;
            foreach (var slot in Symptoms.Dosing.Slots(day, Times, Zone))
            {
                bySlot.TryGetValue((day, slot.Slot), out var mark);
                var state = Symptoms.Dosing.State(slot, mark, NowUtc);
                var advice = state == DoseState.Late ? Symptoms.Dosing.Late(Dosing, slot, Symptoms.Dosing.Next(slot, Times, Zone), NowUtc, Zone) : null;
                rows.Add(new DoseRow(slot, mark, state, advice));
            }
        }
        Fill(TodayDoses, Today);
        Fill(YesterdayDoses, Today.AddDays(-1));

        Adherence Of(DateOnly from, DateOnly to) => Symptoms.Dosing.Compute(from, to, Times, Zone, marks, NowUtc, Line.Start);
        var week = Symptoms.Dosing.WeekStart(Today);
        var month = Symptoms.Dosing.MonthStart(Today);
        Periods.Add(new("This week", Of(week, week.AddDays(6))));
        Periods.Add(new("Last week", Of(week.AddDays(-7), week.AddDays(-1))));
        Periods.Add(new("This month", Of(month, month.AddMonths(1).AddDays(-1))));
        Periods.Add(new("Last month", Of(month.AddMonths(-1), month.AddDays(-1))));
    }

    public static string StateLabel(string state) => state switch
    {
        DoseState.Taken => "Taken",
        DoseState.Missed => "Missed",
        DoseState.Due => "Due now",
        DoseState.Late => "Late: not marked yet",
        _ => "Upcoming",
    };

    public static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string PeriodRange(Adherence a) => $"{RecordSummary.FormatDate(a.From)} to {RecordSummary.FormatDate(a.To)}";
}
