using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// The weekly check-in: one draft per record, answered in steps (pages of questions, optional measurements,
/// review), saved step by step with the draft's version token so two people answering the same draft cannot
/// overwrite each other, then submitted in one save together with the alerts it raises.
/// </summary>
public sealed class CheckinModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [BindProperty] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public int Step { get; set; }
    [BindProperty] public string? Go { get; set; }
    [BindProperty] public string? Temperature { get; set; }
    [BindProperty] public string? Weight { get; set; }
    [BindProperty] public string? Systolic { get; set; }
    [BindProperty] public string? Diastolic { get; set; }
    [BindProperty] public string? HeartRate { get; set; }
    [BindProperty] public string? OxygenSaturation { get; set; }

    /// <summary>Null when there is no draft: the page offers to start one.</summary>
    public CheckIn? Draft { get; private set; }
    public IReadOnlyList<ProItem> Items { get; private set; } = [];
    public IReadOnlyList<IReadOnlyList<ProItem>> ItemPages { get; private set; } = [];
    public int StepCount => ItemPages.Count + 2;
    public bool IsMeasurementStep => Step == ItemPages.Count;
    public bool IsReviewStep => Step == ItemPages.Count + 1;

    /// <summary>Answers shown in the form, by field name ("q3_severity").</summary>
    public Dictionary<string, int> Values { get; } = [];

    /// <summary>The index of an item in the whole check-in (field names use it).</summary>
    public int IndexOf(ProItem item) => Items.ToList().IndexOf(item);

    public static string Field(int index, string attribute) => $"q{index}_{attribute}";

    [Needs(Record.Access.Contribute, Audit = "symptom check-in")]
    public async Task<IActionResult> OnGetAsync(int? step)
    {
        var draft = await FindDraftAsync(tracked: false);
        if (draft is null) return Page();
        if (await CurrentContextAsync(HttpContext.RequestAborted) is var context && Changed(draft, context))
        {
            // The medicine changed since the draft began: its questions (and the rules) follow the current one.
            var tracked = await FindDraftAsync(tracked: true);
            if (tracked is not null && tracked.Id == draft.Id)
            {
                var note = FollowDrug(tracked, context);
                Expect(tracked, tracked.Version);
                if (await TrySaveAsync())
                {
                    TempData.SetStatus(note, "info");
                    return Redirect($"/record/{RecordId}/symptoms/checkin");
                }
                ModelState.Clear();
            }
            draft = await FindDraftAsync(tracked: false);
            if (draft is null) return Page();
        }
        Show(draft);
        Step = Math.Clamp(step ?? draft.Step, 0, Math.Min(draft.Step, StepCount - 1));
        return Page();
    }

    /// <summary>The current ALK TKI and its start, from the record's treatment lines, on the patient's today.</summary>
    private async Task<SymptomContext> CurrentContextAsync(CancellationToken ct)
    {
        var lines = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
        var zone = PatientTime.Zone((await CheckInFlow.SettingsAsync(Db, RecordId, ct))?.TimeZone);
        return SymptomContext.FromRecord(new PatientRecord { Treatments = lines }, PatientTime.Today(Clock, zone));
    }

    private static bool Changed(CheckIn draft, SymptomContext context) =>
        !string.Equals(draft.Drug, context.Drug, StringComparison.OrdinalIgnoreCase) || draft.DrugStart != context.DrugStart;

    /// <summary>
    /// Re-bases a draft on the current medicine: the questions for it, the answers to questions still asked kept, the others
    /// removed, back to the first step so the person checks them. Returns the message to show. The caller saves (with Expect).
    /// </summary>
    private string FollowDrug(CheckIn draft, SymptomContext context)
    {
        var terms = Questionnaire.For(context).Select(q => q.Item.Term).ToList();
        foreach (var a in draft.Answers.Where(a => !terms.Contains(a.Term)).ToList())
        {
            draft.Answers.Remove(a);
            Db.CheckInAnswers.Remove(a);
        }
        var was = draft.Drug ?? "no ALK medicine";
        draft.Drug = context.Drug;
        draft.DrugStart = context.DrugStart;
        draft.Items = string.Join('|', terms);
        draft.Step = 0;
        var now = context.Drug ?? "no ALK medicine";
        Access.Audit(Ctx, "update", "check-in draft", draft.Id, $"questions changed with the medicine ({was} to {now}): {terms.Count} questions");
        return $"The ALK medicine in the record changed since this check-in was started ({was}, now {now}), so its questions now follow {now}. " +
               "Answers to questions that are still asked are kept: check them and continue.";
    }

    /// <summary>A caregiver who saves a step of the patient's own draft makes it an answer on the patient's behalf, by them.</summary>
    private void RecordWhoAnswers(CheckIn draft)
    {
        if (Ctx.IsOwner || draft.EnteredById == Ctx.UserId) return;
        draft.EnteredById = Ctx.UserId;
        draft.EnteredByEmail = Ctx.UserEmail;
        draft.OnBehalf = true;
    }

    /// <summary>Starts a new check-in, or goes back to the one already started.</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostStartAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (await FindDraftAsync(tracked: false) is null)
        {
            await Db.Entry(Ctx.Record).Collection(r => r.Treatments).LoadAsync(ct);
            var zone = PatientTime.Zone((await CheckInFlow.SettingsAsync(Db, RecordId, ct))?.TimeZone);
            var context = SymptomContext.FromRecord(Ctx.Record, PatientTime.Today(Clock, zone));
            var terms = Questionnaire.For(context).Select(q => q.Item.Term).ToList();
            var draft = new CheckIn
            {
                RecordId = RecordId, Drug = context.Drug, DrugStart = context.DrugStart, Items = string.Join('|', terms),
                EnteredById = Ctx.UserId, EnteredByEmail = Ctx.UserEmail, OnBehalf = !Ctx.IsOwner, UpdatedBy = Ctx.UserEmail,
            };
            Db.CheckIns.Add(draft);
            Access.Audit(Ctx, "create", "check-in draft", draft.Id, $"{terms.Count} questions{(Ctx.IsOwner ? "" : ", on the patient's behalf")}");
            await Db.SaveChangesAsync(ct);
            // Two "Start" at once (two tabs, a double click) can both find no draft. Each starter then removes, in one statement,
            // every empty draft that has an older one beside it: the statement sees one consistent set of drafts, and the oldest
            // draft ever started is never removed by anyone, so the last one to finish leaves exactly one. (Choosing "the first"
            // in one query and deleting "the others" in a second let two starters pick different firsts and delete each other's.)
            var removed = await Db.CheckIns.Where(c => c.RecordId == RecordId && c.Status == CheckInStatus.Draft && c.Step == 0 && !c.Answers.Any()
                    && Db.CheckIns.Any(o => o.RecordId == RecordId && o.Status == CheckInStatus.Draft && o.Id != c.Id
                        && (o.StartedUtc < c.StartedUtc || (o.StartedUtc == c.StartedUtc && string.Compare(o.Id.ToString(), c.Id.ToString()) < 0))))
                .ExecuteDeleteAsync(ct);
            if (removed > 0)
            {
                Access.Audit(Ctx, "delete", "check-in draft", null, $"{removed} empty {(removed == 1 ? "draft" : "drafts")} started at the same moment removed; the oldest is kept");
                await Db.SaveChangesAsync(ct);
            }
        }
        return Redirect($"/record/{RecordId}/symptoms/checkin");
    }

    /// <summary>Saves one step (Id, Version, Step, Go = next | later | submit, and the step's fields).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var draft = await Db.CheckIns.Include(c => c.Answers).FirstOrDefaultAsync(c => c.Id == Id && c.RecordId == RecordId, ct);
        if (draft is null) return NotFound();
        if (draft.Status != CheckInStatus.Draft)
        {
            TempData.SetStatus("This check-in has already been submitted. Here is what it found.", "info");
            return Redirect($"/record/{RecordId}/symptoms/checkins/{draft.Id}");
        }
        if (await CurrentContextAsync(ct) is var context && Changed(draft, context))
        {
            // The posted step belongs to the questions of the old medicine: nothing of it is saved.
            var note = FollowDrug(draft, context);
            Expect(draft, Version);
            if (!await TrySaveAsync()) return await ConflictAsync();
            TempData.SetStatus(note + " What you entered on the last step was not saved.", "warn");
            return Redirect($"/record/{RecordId}/symptoms/checkin");
        }
        Show(draft);
        // A step can be saved only once the ones before it are done.
        Step = Math.Clamp(Step, 0, Math.Min(draft.Step, StepCount - 1));
        ReadPostedAnswers();

        if (IsReviewStep)
            return await SubmitAsync(draft, ct);

        if (IsMeasurementStep) ApplyMeasurements(draft);
        else ApplyAnswers(draft, ItemPages[Step]);
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError(string.Empty, "Nothing on this step was saved.");
            return Page();
        }
        RecordWhoAnswers(draft);
        Expect(draft, Version);
        draft.Step = Math.Max(draft.Step, Step + 1);
        Access.Audit(Ctx, "update", "check-in draft", draft.Id,
            $"step {Step + 1} of {StepCount} saved{(IsMeasurementStep ? " (measurements)" : "")}{(Ctx.IsOwner ? "" : ", on the patient's behalf")}");
        if (!await TrySaveAsync()) return await ConflictAsync();
        if (Go == "later")
        {
            TempData.SetStatus($"Saved step {Step + 1} of {StepCount}. You can finish the check-in later.");
            return Redirect($"/record/{RecordId}/symptoms");
        }
        return Redirect($"/record/{RecordId}/symptoms/checkin?step={Step + 1}");
    }

    private async Task<IActionResult> SubmitAsync(CheckIn draft, CancellationToken ct)
    {
        // Every item needs its first answer; skipped follow-ups count as 0.
        var answers = new List<Answer>();
        foreach (var (item, i) in Items.Select((item, i) => (item, i)))
        {
            var first = draft.Answers.FirstOrDefault(a => a.Term == item.Term && a.Attribute == item.Attributes[0]);
            if (first is null)
            {
                var page = ItemPages.ToList().FindIndex(p => p.Contains(item));
                ModelState.AddModelError(string.Empty, $"“{item.Term}” has no answer yet: go back to step {page + 1}.");
                continue;
            }
            foreach (var attr in item.Attributes)
            {
                var a = draft.Answers.FirstOrDefault(x => x.Term == item.Term && x.Attribute == attr);
                if (a is null)
                {
                    a = new CheckInAnswer { CheckInId = draft.Id, Term = item.Term, Attribute = attr, Value = 0 };
                    draft.Answers.Add(a);
                }
                if (first.Value == 0 && attr != item.Attributes[0]) a.Value = 0;
                answers.Add(new Answer(a.Term, a.Attribute, a.Value));
            }
        }
        if (!ModelState.IsValid) return Page();

        var now = Clock.GetUtcNow().UtcDateTime;
        var settings = await CheckInFlow.SettingsAsync(Db, RecordId, ct);
        var zone = PatientTime.Zone(settings?.TimeZone);
        var context = new SymptomContext(draft.Drug, draft.DrugStart, PatientTime.LocalDate(now, zone));

        var submitted = Db.CheckIns.AsNoTracking().Where(c => c.RecordId == RecordId && c.Status == CheckInStatus.Submitted && c.Id != draft.Id);
        var baselineCheckIn = await submitted.Where(c => c.Drug == draft.Drug && c.DrugStart == draft.DrugStart)
            .OrderBy(c => c.SubmittedUtc).Include(c => c.Answers).FirstOrDefaultAsync(ct);
        var previousCheckIn = await submitted.OrderByDescending(c => c.SubmittedUtc).Include(c => c.Answers).FirstOrDefaultAsync(ct);
        var previousId = previousCheckIn?.Id;

        // A drop in oxygen saturation is measured from the usual reading (settings) or the last check-in's, whichever is higher.
        int? usual = settings?.UsualOxygenSaturation is { } u && previousCheckIn?.OxygenSaturation is { } last ? Math.Max(u, last)
            : settings?.UsualOxygenSaturation ?? previousCheckIn?.OxygenSaturation;
        var measurements = new Measurements(draft.TemperatureC, draft.WeightKg, draft.Systolic, draft.Diastolic, draft.HeartRate, draft.OxygenSaturation, usual);
        var fired = Triage.Evaluate(context, answers, measurements);

        // The baseline quietens a next-visit symptom only while it has been there without a break: one that cleared and came back is new again.
        var baseline = baselineCheckIn is null ? null : CheckInFlow.ContinuingBaseline(
            baselineCheckIn.Answers.Select(a => new Answer(a.Term, a.Attribute, a.Value)),
            previousCheckIn?.Answers.Select(a => new Answer(a.Term, a.Attribute, a.Value)) ?? []);
        var previousAlerts = previousId is null ? [] : await Db.SymptomAlerts.AsNoTracking().Where(a => a.CheckInId == previousId).ToListAsync(ct);
        var previous = Triage.PreviousOf(previousAlerts.Select(a => (a.RuleId, a.Term, a.Score)));
        // Last week's alerts someone confirmed the care team knows about: the same symptom, no worse, is not raised again.
        var acknowledged = previousAlerts.Where(a => a.AcknowledgedUtc is not null).ToList();
        var known = Triage.PreviousOf(acknowledged.Select(a => (a.RuleId, a.Term, a.Score)));
        var judged = Triage.Judge(fired, baseline, previous, known);

        var stored = 0;
        foreach (var j in judged.Where(j => j.Change != AlertChange.AtBaseline))
        {
            var alert = new SymptomAlert
            {
                RecordId = RecordId, CheckInId = draft.Id, RuleId = j.Alert.Rule.Id, Level = j.Alert.Rule.Level,
                Message = j.Alert.Message, Action = j.Alert.Rule.Action, Basis = j.Alert.Rule.Basis, Term = j.Alert.Term,
                Heading = j.Alert.Heading.Length > 200 ? j.Alert.Heading[..200] : j.Alert.Heading,
                Score = j.Alert.Score, Change = CheckInFlow.ChangeOf(j.Change), CreatedUtc = now, UpdatedBy = Ctx.UserEmail,
            };
            if (j.Change == AlertChange.Known
                && acknowledged.FirstOrDefault(a => Triage.Key(a.RuleId, a.Term) == Triage.Key(j.Alert)) is { } ack)
            {
                // Kept as acknowledged: the care team already knows (confirmed last time), so it is not open again.
                alert.AcknowledgedUtc = ack.AcknowledgedUtc;
                alert.AcknowledgedByEmail = ack.AcknowledgedByEmail;
            }
            Db.SymptomAlerts.Add(alert);
            stored++;
        }
        RecordWhoAnswers(draft);
        Expect(draft, Version);
        draft.Status = CheckInStatus.Submitted;
        draft.SubmittedUtc = now;
        draft.Step = StepCount;
        var raised = judged.Count(j => j.Raise);
        Access.Audit(Ctx, "create", "check-in", draft.Id,
            $"{answers.Count} answers, {raised} {(raised == 1 ? "alert" : "alerts")} raised, {stored - raised} still present{(draft.OnBehalf ? ", answered on the patient's behalf" : "")}");
        if (!await TrySaveAsync()) return await ConflictAsync();
        return Redirect($"/record/{RecordId}/symptoms/checkins/{draft.Id}");
    }

    /// <summary>After a conflict: show the draft as it is now, keep what this person entered on the step.</summary>
    private async Task<IActionResult> ConflictAsync()
    {
        var step = Step;
        var draft = await FindDraftAsync(tracked: false);
        if (draft is null)
        {
            TempData.SetStatus("Someone else submitted this check-in while you were answering, so your last step was not saved.", "warn");
            return Redirect($"/record/{RecordId}/symptoms");
        }
        var posted = new Dictionary<string, int>(Values);
        Show(draft);
        foreach (var (k, v) in posted) Values[k] = v;
        Version = draft.Version;
        Step = Math.Clamp(step, 0, Math.Min(draft.Step, StepCount - 1));
        return Page();
    }

    private async Task<CheckIn?> FindDraftAsync(bool tracked)
    {
        var q = Db.CheckIns.Include(c => c.Answers).Where(c => c.RecordId == RecordId && c.Status == CheckInStatus.Draft);
        if (!tracked) q = q.AsNoTracking();
        return await q.OrderBy(c => c.StartedUtc).ThenBy(c => c.Id).FirstOrDefaultAsync(HttpContext.RequestAborted);
    }

    /// <summary>Fills the view from the draft: its items, pages, saved answers and measurements, and version.</summary>
    private void Show(CheckIn draft)
    {
        Draft = draft;
        Items = CheckInFlow.Items(draft);
        ItemPages = CheckInFlow.Pages(Items);
        Values.Clear();
        foreach (var (item, i) in Items.Select((item, i) => (item, i)))
            foreach (var a in draft.Answers.Where(a => a.Term == item.Term))
                Values[Field(i, a.Attribute)] = a.Value;
        Id = draft.Id;
        Version = draft.Version;
        string? S(decimal? v) => v?.ToString("0.#", CultureInfo.InvariantCulture);
        Temperature = S(draft.TemperatureC);
        Weight = S(draft.WeightKg);
        Systolic = draft.Systolic?.ToString(CultureInfo.InvariantCulture);
        Diastolic = draft.Diastolic?.ToString(CultureInfo.InvariantCulture);
        HeartRate = draft.HeartRate?.ToString(CultureInfo.InvariantCulture);
        OxygenSaturation = draft.OxygenSaturation?.ToString(CultureInfo.InvariantCulture);
        if (Request.HasFormContentType)
        {
            Temperature = Request.Form[nameof(Temperature)].FirstOrDefault() ?? Temperature;
            Weight = Request.Form[nameof(Weight)].FirstOrDefault() ?? Weight;
            Systolic = Request.Form[nameof(Systolic)].FirstOrDefault() ?? Systolic;
            Diastolic = Request.Form[nameof(Diastolic)].FirstOrDefault() ?? Diastolic;
            HeartRate = Request.Form[nameof(HeartRate)].FirstOrDefault() ?? HeartRate;
            OxygenSaturation = Request.Form[nameof(OxygenSaturation)].FirstOrDefault() ?? OxygenSaturation;
            if (Guid.TryParse(Request.Form[nameof(Version)].FirstOrDefault(), out var v)) Version = v;
        }
    }

    /// <summary>The answers of the posted step replace the saved ones in the form (so they are kept on error).</summary>
    private void ReadPostedAnswers()
    {
        if (IsReviewStep || IsMeasurementStep || Step >= ItemPages.Count) return;
        foreach (var item in ItemPages[Step])
        {
            var i = IndexOf(item);
            foreach (var attr in item.Attributes)
            {
                var key = Field(i, attr);
                var raw = Request.Form[key].FirstOrDefault();
                var max = ProCtcae.Scale(attr).Count - 1;
                if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= max) Values[key] = v;
                else Values.Remove(key);
            }
        }
    }

    private void ApplyAnswers(CheckIn draft, IReadOnlyList<ProItem> page)
    {
        var values = new List<(ProItem Item, string Attribute, int Value)>();
        foreach (var item in page)
        {
            var i = IndexOf(item);
            var first = item.Attributes[0];
            if (!Values.TryGetValue(Field(i, first), out var gate))
            {
                ModelState.AddModelError(Field(i, first), $"{item.Term}: answer “{CheckInFlow.AttributeName(first).ToLowerInvariant()}”.");
                continue;
            }
            values.Add((item, first, gate));
            var asked = gate == 0 ? [] : ProCtcae.FollowUps(item, new Dictionary<string, int> { [first] = gate });
            foreach (var attr in item.Attributes.Skip(1))
            {
                if (!asked.Contains(attr))
                {
                    values.Add((item, attr, 0));
                    continue;
                }
                if (Values.TryGetValue(Field(i, attr), out var v)) values.Add((item, attr, v));
                else ModelState.AddModelError(Field(i, attr), $"{item.Term}: answer “{CheckInFlow.AttributeName(attr).ToLowerInvariant()}”.");
            }
        }
        if (!ModelState.IsValid) return;
        foreach (var (item, attr, value) in values)
        {
            var existing = draft.Answers.FirstOrDefault(a => a.Term == item.Term && a.Attribute == attr);
            if (existing is null) draft.Answers.Add(new CheckInAnswer { CheckInId = draft.Id, Term = item.Term, Attribute = attr, Value = value });
            else existing.Value = value;
        }
    }

    private void ApplyMeasurements(CheckIn draft)
    {
        decimal? Dec(string? raw, string key, string what, decimal min, decimal max, string unit)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            if (decimal.TryParse(raw.Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
                return Math.Round(v, 1);
            ModelState.AddModelError(key, $"Enter the {what} as a number from {min} to {max} {unit}, or leave it empty.");
            return null;
        }
        var temperature = Dec(Temperature, nameof(Temperature), "temperature", 34, 43, "°C");
        var weight = Dec(Weight, nameof(Weight), "weight", 20, 300, "kg");
        var systolic = Dec(Systolic, nameof(Systolic), "upper (systolic) blood pressure", 60, 260, "mmHg");
        var diastolic = Dec(Diastolic, nameof(Diastolic), "lower (diastolic) blood pressure", 30, 160, "mmHg");
        var heartRate = Dec(HeartRate, nameof(HeartRate), "heart rate", 25, 250, "beats a minute");
        var spo2Raw = OxygenSaturation?.Trim().TrimEnd('%').Trim();
        var spo2 = Dec(spo2Raw, nameof(OxygenSaturation), "oxygen saturation (pulse oximeter)", 50, 100, "%");
        if (spo2 is not null && spo2 != Math.Round(spo2.Value))
            ModelState.AddModelError(nameof(OxygenSaturation), "Enter the oxygen saturation as a whole number (for example 96), as the pulse oximeter shows it.");
        bool Ok(string key) => ModelState[key] is not { Errors.Count: > 0 };
        var pressureOk = Ok(nameof(Systolic)) && Ok(nameof(Diastolic));
        if (pressureOk && (systolic is null) != (diastolic is null))
            ModelState.AddModelError(systolic is null ? nameof(Systolic) : nameof(Diastolic), "Enter both blood pressure numbers, or neither.");
        if (pressureOk && systolic is not null && diastolic is not null && diastolic >= systolic)
            ModelState.AddModelError(nameof(Diastolic), "The lower (diastolic) number is smaller than the upper (systolic) one: check the order.");
        if (heartRate is not null && heartRate != Math.Round(heartRate.Value))
            ModelState.AddModelError(nameof(HeartRate), "Enter the heart rate as a whole number.");
        if (!ModelState.IsValid) return;
        draft.TemperatureC = temperature;
        draft.WeightKg = weight;
        draft.Systolic = systolic is null ? null : (int)Math.Round(systolic.Value);
        draft.Diastolic = diastolic is null ? null : (int)Math.Round(diastolic.Value);
        draft.HeartRate = heartRate is null ? null : (int)heartRate.Value;
        draft.OxygenSaturation = spo2 is null ? null : (int)spo2.Value;
    }
}
