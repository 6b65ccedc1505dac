using AlkNavigator.Features.Symptoms;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Schedule;

/// <summary>What the item form edits.</summary>
public sealed class ItemInput
{
    [Display(Name = "Title")]
    public string? Title { get; set; }

    [Display(Name = "Due date")]
    public DateOnly? Due { get; set; }

    [Display(Name = "Window (days either side)")]
    public int? WindowDays { get; set; }

    [Display(Name = "Status")]
    public string? Status { get; set; }

    [Display(Name = "Date done")]
    public DateOnly? DoneDate { get; set; }

    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    public static ItemInput From(MonitoringItem i) => new()
    {
        Title = i.Title, Due = i.Due, WindowDays = i.WindowDays, Status = i.Status, DoneDate = i.DoneDate, Note = i.Note, Version = i.Version,
    };

    public void Validate(ModelStateDictionary ms, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string>
        {
            ["Input.Due"] = ClinicalForms.DateFormatMessage,
            ["Input.DoneDate"] = ClinicalForms.DateFormatMessage,
            ["Input.WindowDays"] = "Enter the window as a whole number of days, from 0 to 90.",
        });
        if (string.IsNullOrWhiteSpace(Title)) ms.AddModelError("Input.Title", "Enter a title, for example “Liver blood tests”.");
        else if (Title.Trim().Length > 200) ms.AddModelError("Input.Title", "Keep the title under 200 characters.");
        if (Due is null && !ClinicalForms.HasError(ms, "Input.Due")) ms.AddModelError("Input.Due", "Enter the due date.");
        else if (Due is { } d && (d < ClinicalForms.Earliest || d > today.AddYears(10))) ms.AddModelError("Input.Due", "The due date looks wrong. Check the year.");
        if (WindowDays is { } w && (w < 0 || w > 90)) ms.AddModelError("Input.WindowDays", "Enter the window as a whole number of days, from 0 to 90.");
        Status = ClinicalForms.CheckChoice(ms, "Input.Status", Status, [ItemStatus.Planned, ItemStatus.Done, ItemStatus.Skipped], "Choose planned, done or skipped.") ?? ItemStatus.Planned;
        if (Status == ItemStatus.Done && DoneDate is null && !ClinicalForms.HasError(ms, "Input.DoneDate")) ms.AddModelError("Input.DoneDate", "Enter the date it was done.");
        ClinicalForms.CheckDate(ms, "Input.DoneDate", DoneDate, today, "date done");
        if (Note is { Length: > 2000 }) ms.AddModelError("Input.Note", "Keep the note under 2000 characters.");
    }
}

/// <summary>What the result form adds. Numbers are text so what was typed stays in the form on an error.</summary>
public sealed class ResultInput
{
    [Display(Name = "Date of the result")]
    public DateOnly? Date { get; set; }

    [Display(Name = "Outcome")]
    public string? Outcome { get; set; }

    [Display(Name = "Test")]
    public string? Analyte { get; set; }

    [Display(Name = "Value")]
    public string? Value { get; set; }

    [Display(Name = "Unit")]
    public string? Unit { get; set; }

    [Display(Name = "Lower limit of normal")]
    public string? RefLow { get; set; }

    [Display(Name = "Upper limit of normal (ULN)")]
    public string? RefHigh { get; set; }

    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    public static bool TryNumber(string? text, out decimal? value)
    {
        value = null;
        var t = text?.Trim().Replace(',', '.');
        if (string.IsNullOrEmpty(t)) return true;
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)) return false;
        value = d;
        return true;
    }

    /// <summary>Checks the input; on success returns the result to add (grade computed).</summary>
    public MonitoringResult? Validate(ModelStateDictionary ms, MonitoringItem item, DateOnly today, IReadOnlyList<MonitoringResult>? earlier = null)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string> { ["Result.Date"] = ClinicalForms.DateFormatMessage });
        if (Date is null && !ClinicalForms.HasError(ms, "Result.Date")) ms.AddModelError("Result.Date", "Enter the date of the result.");
        ClinicalForms.CheckDate(ms, "Result.Date", Date, today, "date of the result");
        if (Note is { Length: > 2000 }) ms.AddModelError("Result.Note", "Keep the note under 2000 characters.");
        var result = new MonitoringResult { RecordId = item.RecordId, ItemId = item.Id, Note = ClinicalForms.Clean(Note) };
        if (ScheduleText.IsImaging(item.Kind))
        {
            var outcome = ClinicalForms.Pick(Outcome, ScheduleText.Outcomes);
            if (outcome is null) ms.AddModelError("Result.Outcome", "Choose what the scan showed: response, stable, progression or new brain lesions.");
            result.ImagingOutcome = outcome;
        }
        else
        {
            var analyte = ClinicalForms.Pick(LabGrading.Canonical(Analyte) ?? Analyte, ScheduleText.Analytes);
            if (analyte is null) ms.AddModelError("Result.Analyte", "Choose which test this value is for.");
            decimal? value = null, low = null, high = null;
            if (string.IsNullOrWhiteSpace(Value)) ms.AddModelError("Result.Value", "Enter the value, for example 42 or 5.2.");
            else if (!TryNumber(Value, out value) || value < 0 || value > 1_000_000) ms.AddModelError("Result.Value", "Enter the value as a number, for example 42 or 5.2.");
            var unit = LabGrading.NormalizeUnit(Unit);
            if (string.IsNullOrWhiteSpace(Unit)) ms.AddModelError("Result.Unit", "Enter the unit printed next to the value on the report, for example U/L, µmol/L or 10^9/L.");
            else if (unit is null)
                ms.AddModelError("Result.Unit", $"The unit “{Unit.Trim()}” is not understood. Type it as printed on the report, for example "
                    + (analyte is not null && LabGrading.UnitsFor(analyte) is { Length: > 0 } fit ? string.Join(" or ", fit) : "U/L, mg/dL, µmol/L, g/dL or 10^9/L") + ".");
            else if (analyte is not null && LabGrading.UnitsFor(analyte) is { Length: > 0 } fits && !fits.Contains(unit))
                ms.AddModelError("Result.Unit", $"{unit} is not a unit for {analyte}. Use {string.Join(" or ", fits)}, as printed on the report.");
            if (!TryNumber(RefLow, out low) || low < 0 || low > 1_000_000) ms.AddModelError("Result.RefLow", "Enter the lower limit as a number, or leave it empty.");
            if (!TryNumber(RefHigh, out high) || high <= 0 || high > 1_000_000) ms.AddModelError("Result.RefHigh", "Enter the upper limit of normal as a number above 0, or leave it empty.");
            else if (low is { } l && high is { } h && l >= h) ms.AddModelError("Result.RefHigh", "The upper limit of normal must be above the lower limit.");
            (result.Analyte, result.Value, result.Unit, result.RefLow, result.RefHigh) = (analyte, value, unit, low, high);
            if (analyte is not null && value is { } v && unit is not null)
            {
                // Creatinine is also graded against the patient's own baseline: the first creatinine result before this one, same unit.
                var baseline = analyte == "creatinine" && Date is { } on
                    ? earlier?.Where(r => r.Analyte == "creatinine" && r.Unit == unit && r.Value is > 0 && r.Date < on)
                        .OrderBy(r => r.Date).ThenBy(r => r.CreatedUtc).Select(r => r.Value).FirstOrDefault()
                    : null;
                result.Grade = LabGrading.Grade(analyte, v, unit, high, low, baseline);
            }
        }
        if (!ms.IsValid) return null;
        result.Date = Date!.Value;
        return result;
    }
}

/// <summary>One schedule item: see it, change it (a generated item changed by hand is kept when the plan updates), add results.</summary>
public sealed class ScheduleItemModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [FromRoute(Name = "id")]
    public Guid Id { get; set; }

    [BindProperty]
    public ItemInput Input { get; set; } = new();

    [BindProperty]
    public ResultInput Result { get; set; } = new();

    public MonitoringItem Item { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public bool Gone { get; private set; }

    /// <summary>The record's open lab notices about this item's tests (or raised by one of its results).</summary>
    public List<LabNotice> Notices { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "schedule item")]
    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Input = ItemInput.From(Item);
        Result = NewResult();
        return Page();
    }

    private ResultInput NewResult() => new()
    {
        Date = Today, Version = Item.Version, Analyte = ScheduleText.AnalytesFor(Item.Kind)[0],
        Unit = ScheduleText.DefaultUnit(ScheduleText.AnalytesFor(Item.Kind)[0]),
    };

    /// <summary>Saves the item's changes (Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Result.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        Result = NewResult();
        Input.Validate(ModelState, Today);
        if (!ModelState.IsValid) return Page();

        var title = Input.Title!.Trim();
        var window = Input.WindowDays ?? Item.WindowDays;
        if (Item.Origin == ItemOrigin.Plan && (title != Item.Title || Input.Due!.Value != Item.Due || window != Item.WindowDays)) Item.Edited = true;
        Item.Title = title;
        Item.Due = Input.Due!.Value;
        Item.WindowDays = window;
        Item.Status = Input.Status!;
        Item.DoneDate = Item.Status == ItemStatus.Done ? Input.DoneDate : null;
        Item.Note = ClinicalForms.Clean(Input.Note);
        Expect(Item, Input.Version);
        Access.Audit(Ctx, "update", "schedule item", Item.Id, $"{Item.Title}: due {ScheduleText.Iso(Item.Due)}, {Item.Status}");
        if (!await TrySaveAsync()) return await AfterConflictAsync();
        TempData.SetStatus($"Saved “{Item.Title}”.");
        return Redirect($"/record/{RecordId}/schedule/{Id}");
    }

    /// <summary>Adds a result (Result.*). A scan showing progression also adds a progression to the record and opens the progression plan.</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostResultAsync()
    {
        if (!await LoadAsync()) return NotFound();
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        Input = ItemInput.From(Item);
        var creatinine = LabGrading.Canonical(Result.Analyte) == "creatinine"
            ? await Db.MonitoringResults.AsNoTracking().Where(r => r.RecordId == RecordId && r.Analyte == "creatinine").ToListAsync(HttpContext.RequestAborted)
            : null;
        var result = Result.Validate(ModelState, Item, Today, creatinine);
        if (result is null) return Page();

        result.UpdatedBy = Ctx.UserEmail;
        Db.MonitoringResults.Add(result);
        // A result means it was done (on the result's date) unless it was already marked.
        if (Item.Status == ItemStatus.Planned)
        {
            Item.Status = ItemStatus.Done;
            Item.DoneDate = result.Date;
        }
        Expect(Item, Result.Version);
        var what = result.ImagingOutcome is { } o ? ScheduleText.OutcomeLabel(o) : $"{result.Analyte} {ScheduleText.Number(result.Value)} {result.Unit}";
        Access.Audit(Ctx, "create", "schedule result", result.Id, $"{Item.Title} {ScheduleText.Iso(result.Date)}: {what}");
        ProgressionEvent? progression = null;
        if (ScheduleText.IsProgression(result.ImagingOutcome))
        {
            var brain = Item.Kind == "brain-mri" || result.ImagingOutcome == "new-brain-lesions";
            progression = new ProgressionEvent
            {
                RecordId = RecordId, Date = result.Date, FoundBy = "scan", UpdatedBy = Ctx.UserEmail,
                // Not the result's free-text note: Where flows into the plan's liquid-biopsy reason, and from there into the anonymous feed.
                Where = brain ? "brain" : "see scan",
                Note = Cut($"From the monitoring schedule: {Item.Title} of {ScheduleText.Date(result.Date)} ({ScheduleText.OutcomeLabel(result.ImagingOutcome)})." +
                    (ClinicalForms.Clean(result.Note) is { } note ? $" Note: {note}" : ""), 2000),
            };
            Db.Progressions.Add(progression);
            Access.Audit(Ctx, "create", "progression", progression.Id, $"{RecordSummary.IsoDate(progression.Date)}: {progression.Where}, found by scan (schedule result)");
        }
        if (!await TrySaveAsync()) return await AfterConflictAsync();
        if (progression is not null)
        {
            TempData.SetStatus("A progression was added to your record. Here is your progression plan.", "info");
            return Redirect($"/record/{RecordId}/plan");
        }
        var why = result is { ImagingOutcome: null, Grade: null, Analyte: { } a, Value: { } rv } && LabGrading.Canonical(a) is not null
            ? LabGrading.Assess(a, rv, result.Unit, result.RefHigh, result.RefLow).Problem : null;
        var grade = result.ImagingOutcome is null ? $" ({ScheduleText.GradeText(result.Grade)}{(why is null ? "" : ": " + why.TrimEnd('.'))})" : "";
        if (result.Grade >= LabNotices.Threshold) grade += ". This result needs a call to your care team within 24 hours: see the notice below";
        TempData.SetStatus($"Added the result: {what}{grade}.");
        return Redirect($"/record/{RecordId}/schedule/{Id}");
    }

    /// <summary>Deletes one result (resultId, resultVersion).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostDeleteResultAsync(Guid resultId, Guid resultVersion)
    {
        if (!await LoadAsync()) return NotFound();
        ModelState.Clear();
        Input = ItemInput.From(Item);
        Result = NewResult();
        var result = Item.Results.FirstOrDefault(r => r.Id == resultId);
        if (result is null) return NotFound();
        Expect(result, resultVersion);
        Db.MonitoringResults.Remove(result);
        Access.Audit(Ctx, "delete", "schedule result", result.Id, $"{Item.Title} {ScheduleText.Iso(result.Date)}");
        if (!await TrySaveAsync()) return await AfterConflictAsync();
        TempData.SetStatus("Deleted the result.");
        return Redirect($"/record/{RecordId}/schedule/{Id}");
    }

    private async Task<IActionResult> AfterConflictAsync()
    {
        if (!await LoadAsync())
        {
            Gone = true;
            return Page();
        }
        ClinicalForms.RefreshVersion(ModelState);
        ModelState.Remove("Result.Version");
        Input.Version = Item.Version;
        Result.Version = Item.Version;
        return Page();
    }

    /// <summary>Loads the item by id and record, so an id never reaches another record.</summary>
    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        (Today, _) = await PatientTime.TodayAsync(Db, RecordId, Clock, ct);
        var item = await Db.MonitoringItems.Include(i => i.Results).FirstOrDefaultAsync(x => x.Id == Id && x.RecordId == RecordId, ct);
        if (item is null) return false;
        Item = item;
        var tests = ScheduleText.AnalytesFor(item.Kind);
        Notices = (await LabNotices.ForRecordAsync(Db, RecordId, ct))
            .Where(n => n.ItemId == item.Id || (!ReferenceEquals(tests, ScheduleText.Analytes) && tests.Contains(n.Analyte))).ToList();
        return true;
    }

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
