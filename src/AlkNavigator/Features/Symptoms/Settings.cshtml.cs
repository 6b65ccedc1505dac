using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>The patient's time zone, dose times, weekly check-in day and email reminders (one row per record, created on first save).</summary>
public sealed class SettingsModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public sealed class SettingsInput
    {
        public string? TimeZone { get; set; }
        /// <summary>Local "HH:mm" per daily dose; blank = the default for that dose.</summary>
        public List<string?> DoseTimes { get; set; } = [];
        public int CheckInDay { get; set; } = 1;
        public bool EmailReminders { get; set; }
        /// <summary>The usual pulse-oximeter reading at rest (%), as typed; blank = not known.</summary>
        public string? UsualOxygenSaturation { get; set; }
        /// <summary>The row's version when the form was shown; empty when there was no row yet.</summary>
        public Guid Version { get; set; }
    }

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public SymptomSettings? Current { get; private set; }
    public DrugDosing? Dosing { get; private set; }
    /// <summary>How many dose time inputs to show: the current TKI's doses per day, 2 when there is none.</summary>
    public int DoseCount { get; private set; } = 2;
    public IReadOnlyList<string> Zones { get; private set; } = [];

    public static readonly string[] Days = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    [Needs(Record.Access.View, Audit = "symptom settings")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        var s = Current ?? new SymptomSettings { RecordId = RecordId, Version = Guid.Empty };
        Input = new SettingsInput
        {
            TimeZone = s.TimeZone,
            DoseTimes = Symptoms.Dosing.Times(s.DoseTimes, DoseCount).Select(t => (string?)t.ToString("HH:mm", CultureInfo.InvariantCulture)).ToList(),
            CheckInDay = s.CheckInDay,
            EmailReminders = s.EmailReminders,
            UsualOxygenSaturation = s.UsualOxygenSaturation?.ToString(CultureInfo.InvariantCulture),
            Version = Current?.Version ?? Guid.Empty,
        };
        return Page();
    }

    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        var zone = Input.TimeZone?.Trim() ?? "";
        if (zone.Length == 0 || !Zones.Contains(zone) || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            ModelState.AddModelError("Input.TimeZone", "Choose a time zone from the list, for example Europe/London.");
        if (Input.CheckInDay is < 0 or > 6)
            ModelState.AddModelError("Input.CheckInDay", "Choose a day of the week.");
        var times = ParseTimes(ModelState);
        int? usualSpo2 = null;
        var spo2Text = Input.UsualOxygenSaturation?.Trim().TrimEnd('%').Trim();
        if (!string.IsNullOrEmpty(spo2Text))
        {
            if (int.TryParse(spo2Text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= 70 and <= 100) usualSpo2 = v;
            else ModelState.AddModelError("Input.UsualOxygenSaturation",
                "Enter the usual oxygen saturation as a whole number from 70 to 100 (%), as the pulse oximeter shows it, or leave it empty.");
        }
        if (!ModelState.IsValid) return Page();

        var row = Current;
        var isNew = row is null;
        if (row is null)
        {
            if (Input.Version != Guid.Empty)
            {
                ModelState.AddModelError(string.Empty, Concurrency.ConflictLead + " The settings have been removed. Review the values, then save again.");
                ModelState.Remove("Input.Version");
                Input.Version = Guid.Empty;
                return Page();
            }
            row = new SymptomSettings { RecordId = RecordId, UpdatedBy = Ctx.UserEmail };
            Db.SymptomSettings.Add(row);
        }
        else
        {
            Expect(row, Input.Version);
        }
        row.TimeZone = zone;
        row.DoseTimes = times;
        row.CheckInDay = Input.CheckInDay;
        row.EmailReminders = Input.EmailReminders;
        row.UsualOxygenSaturation = usualSpo2;
        Access.Audit(Ctx, isNew ? "create" : "update", "symptom settings", RecordId,
            $"time zone {row.TimeZone}; dose times {row.DoseTimes ?? "default"}; check-in day {Days[row.CheckInDay]}; email reminders {(row.EmailReminders ? "on" : "off")}; " +
            $"usual oxygen saturation {(usualSpo2 is { } u ? $"{u} %" : "not set")}");
        bool saved;
        try
        {
            saved = await TrySaveAsync();
        }
        catch (DbUpdateException)
        {
            // Someone else created the settings at the same moment (same key).
            foreach (var e in Db.ChangeTracker.Entries().ToList()) e.State = EntityState.Detached;
            ModelState.AddModelError(string.Empty, Concurrency.ConflictLead + " Review the current values, then save again if your change is still right.");
            saved = false;
        }
        if (!saved)
        {
            await LoadAsync();
            ModelState.Remove("Input.Version");
            Input.Version = Current?.Version ?? Guid.Empty;
            return Page();
        }
        TempData.SetStatus("Saved the settings.");
        return Redirect($"/record/{RecordId}/symptoms/settings");
    }

    private string? ParseTimes(ModelStateDictionary ms) => ParseDoseTimes(ms, "Input.DoseTimes", Input.DoseTimes, DoseCount);

    /// <summary>"08:00,20:00" from the inputs (blank = that dose's default), null when all are blank; errors (under
    /// <paramref name="key"/>[i]) when not distinct and in order. Also used by the first-use set-up (Onboarding).</summary>
    internal static string? ParseDoseTimes(ModelStateDictionary ms, string key, IReadOnlyList<string?> doseTimes, int doseCount)
    {
        var entered = doseTimes.Take(doseCount).ToList();
        while (entered.Count < doseCount) entered.Add(null);
        if (entered.All(string.IsNullOrWhiteSpace)) return null;
        var defaults = Symptoms.Dosing.DefaultTimes(doseCount);
        var times = new List<TimeOnly>();
        for (var i = 0; i < entered.Count; i++)
        {
            var text = entered[i]?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                times.Add(defaults[i]);
                continue;
            }
            if (!TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                ms.AddModelError($"{key}[{i}]", $"Enter the time of dose {i + 1} as hours and minutes, for example 08:00.");
                return null;
            }
            times.Add(new TimeOnly(t.Hour, t.Minute));
        }
        for (var i = 1; i < times.Count; i++)
        {
            if (times[i] == times[i - 1])
                ms.AddModelError($"{key}[{i}]", $"Dose {i + 1} must be at a different time from dose {i}.");
            else if (times[i] < times[i - 1])
                ms.AddModelError($"{key}[{i}]", $"Dose {i + 1} must come after dose {i} in the day (enter the earlier dose first).");
        }
        return Symptoms.Dosing.Format(times);
    }

    /// <summary>The IANA zones offered in the time-zone select (Region/City, and UTC), sorted.</summary>
    internal static List<string> ZoneIds() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/')).Append("UTC").Distinct().Order(StringComparer.Ordinal).ToList();

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Current = await Db.SymptomSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == RecordId, ct);
        if (Current is not null) Db.Attach(Current);
        var lines = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
        var today = PatientTime.Today(Clock, PatientTime.Zone(Current?.TimeZone));
        Dosing = Symptoms.Dosing.For(SymptomContext.FromRecord(new PatientRecord { Treatments = lines }, today).Drug);
        if (Dosing is not null)
        {
            var line = AlkDrugs.CurrentLine(lines)!;
            DoseCount = Symptoms.Dosing.TimesPerDay(Dosing, line.Schedule);
        }
        var current = Input.TimeZone ?? Current?.TimeZone ?? "UTC";
        var ids = ZoneIds();
        if (ids.Remove(current)) ids.Insert(0, current);
        else if (Current?.TimeZone is { } saved && ids.Remove(saved)) ids.Insert(0, saved);
        Zones = ids;
    }
}
