using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Onboarding;

/// <summary>
/// The first-use set-up after registering (/welcome/{step}): who you are, then, for a patient, the diagnosis, the current
/// ALK medicine, time zone and dose times, care team and emergency contact, and inviting a caregiver. Every step can be
/// skipped; each save or skip stores the next step, so /welcome (and the home page) bring a returning person back there.
/// The record steps reuse the record's own inputs and validation (DiagnosisInput, TreatmentInput, CareTeamInput, the
/// symptom settings' rules); the invitation step posts to the sharing page's own Invite handler.
/// </summary>
[Authorize]
public sealed class WelcomeModel(AppDbContext db, RecordAccess access, UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    [FromRoute(Name = "step")]
    public string? Step { get; set; }

    public OnboardingProgress Progress { get; private set; } = null!;
    /// <summary>The account's own record (null for caregivers and navigators, and before "who" is answered as a patient).</summary>
    public PatientRecord? Record { get; private set; }
    public bool IsStaff { get; private set; }

    // One input per step; only the posted step's input is bound (TryUpdateModelAsync), so the others' rules do not run.
    public string? Who { get; set; }
    public DiagnosisInput Diagnosis { get; set; } = new();
    public TreatmentInput Treatment { get; set; } = new();
    public TimeInput Time { get; set; } = new();
    public CareTeamInput Team { get; set; } = new();
    public CareTeamInput Emergency { get; set; } = new();

    /// <summary>The current ALK line already in the record (the treatment step then shows it instead of asking).</summary>
    public TreatmentLine? CurrentLine { get; private set; }
    public int DoseCount { get; private set; } = 2;
    public IReadOnlyList<string> Zones { get; private set; } = [];
    /// <summary>The link of the invitation just sent (from the sharing page, shown once on the last step).</summary>
    public string? InvitationLink { get; private set; }

    public sealed class TimeInput
    {
        public string? TimeZone { get; set; }
        public List<string?> DoseTimes { get; set; } = [];
    }

    public IReadOnlyList<string> Steps => OnboardingSteps.For(Progress.Who);
    public int StepNumber => Steps.ToList().IndexOf(Step!) + 1;
    public string? PreviousStep => Step == OnboardingSteps.Who ? null : OnboardingSteps.Previous(Progress.Who, Step!);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } early) return early;
        if (Step is null) return Redirect($"/welcome/{Progress.Step}");
        if (Record is null && Step is not (OnboardingSteps.Who or OnboardingSteps.Done)) return Redirect($"/welcome/{OnboardingSteps.Who}");
        Who = Progress.Who;
        if (Record is not null)
        {
            Diagnosis = DiagnosisInput.From(Record);
            var settings = await db.SymptomSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == Record.Id, HttpContext.RequestAborted);
            // Never a silent UTC: with no saved zone the select starts on "Choose" and the browser's zone is offered (welcome.js).
            Time = new TimeInput
            {
                TimeZone = settings?.TimeZone,
                DoseTimes = settings?.DoseTimes is { } t ? [.. Dosing.Times(t, DoseCount).Select(x => (string?)x.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))] : [],
            };
            Team = new CareTeamInput { Role = "oncologist" };
            Emergency = new CareTeamInput { Role = "caregiver", IsEmergencyContact = true };
        }
        InvitationLink = TempData[SharingModel.LinkKey] as string;
        return Page();
    }

    /// <summary>Saves the shown step's answers (when valid) and goes to the next step.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } early) return early;
        var ct = HttpContext.RequestAborted;
        switch (Step)
        {
            case OnboardingSteps.Who:
            {
                Who = Request.Form["Who"].ToString();
                if (OnboardingSteps.Roles.All(r => r.Key != Who))
                {
                    ModelState.AddModelError("Who", "Choose the answer that fits you best, or skip this step.");
                    return Page();
                }
                Progress.Who = Who;
                if (Who == "patient" && Record is null)
                {
                    var user = await users.GetUserAsync(User);
                    if (user is null) return Challenge();
                    Record = await access.GetOrCreateOwnAsync(user, ct);
                }
                break;
            }
            case OnboardingSteps.Diagnosis when Record is not null:
            {
                Diagnosis = DiagnosisInput.From(Record);
                await TryUpdateModelAsync(Diagnosis, nameof(Diagnosis));
                Diagnosis.Validate(ModelState, nameof(Diagnosis), Record, (await Symptoms.PatientTime.TodayAsync(db, Record.Id, clock, HttpContext.RequestAborted)).Today);
                if (!ModelState.IsValid) return Page();
                Diagnosis.ApplyTo(Record);
                db.ChangeTracker.DetectChanges();
                if (db.Entry(Record).Properties.Any(p => p.IsModified))
                    access.Audit(await ContextAsync(), "update", "diagnosis", Record.Id, "Set during the first-use set-up");
                break;
            }
            case OnboardingSteps.Treatment when Record is not null:
            {
                if (CurrentLine is not null) break; // already recorded: the step only showed it
                await TryUpdateModelAsync(Treatment, nameof(Treatment));
                Treatment.Validate(ModelState, nameof(Treatment), (await Symptoms.PatientTime.TodayAsync(db, Record.Id, clock, HttpContext.RequestAborted)).Today);
                if (ModelState.IsValid)
                    Treatment.CheckOngoingAlk(ModelState, nameof(Treatment),
                        RecordSummary.NumberedLines(await db.Treatments.Where(t => t.RecordId == Record.Id).ToListAsync(ct)), out _);
                if (!ModelState.IsValid) return Page();
                var line = new TreatmentLine { RecordId = Record.Id, UpdatedBy = User.Identity?.Name };
                Treatment.ApplyTo(line);
                db.Treatments.Add(line);
                access.Audit(await ContextAsync(), "create", "treatment line", line.Id, TreatmentInput.Describe(line));
                break;
            }
            case OnboardingSteps.Time when Record is not null:
            {
                await TryUpdateModelAsync(Time, nameof(Time));
                var zone = Time.TimeZone?.Trim() ?? "";
                if (zone.Length == 0 || !Zones.Contains(zone) || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                    ModelState.AddModelError("Time.TimeZone", "Choose your time zone from the list, for example Europe/London, or skip this step.");
                var times = SettingsModel.ParseDoseTimes(ModelState, "Time.DoseTimes", Time.DoseTimes, DoseCount);
                if (!ModelState.IsValid) return Page();
                var row = await db.SymptomSettings.FirstOrDefaultAsync(s => s.RecordId == Record.Id, ct);
                if (row is null) db.SymptomSettings.Add(row = new SymptomSettings { RecordId = Record.Id });
                row.TimeZone = zone;
                row.DoseTimes = times;
                row.UpdatedBy = User.Identity?.Name;
                access.Audit(await ContextAsync(), "update", "symptom settings", Record.Id, $"time zone {zone}; dose times {times ?? "default"}");
                break;
            }
            case OnboardingSteps.People when Record is not null:
            {
                var added = new List<CareTeamMember>();
                foreach (var (input, prefix) in new[] { (Team, nameof(Team)), (Emergency, nameof(Emergency)) })
                {
                    await TryUpdateModelAsync(input, prefix);
                    // A person is added only when a name or a phone number was given; the role alone is a default.
                    if (string.IsNullOrWhiteSpace(input.Name) && string.IsNullOrWhiteSpace(input.Phone))
                    {
                        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
                        continue;
                    }
                    input.Validate(ModelState, prefix);
                    if (prefix == nameof(Emergency)) input.IsEmergencyContact = true;
                    var m = new CareTeamMember { RecordId = Record.Id, UpdatedBy = User.Identity?.Name };
                    input.ApplyTo(m);
                    added.Add(m);
                }
                if (!ModelState.IsValid) return Page();
                if (added.Count > 0)
                {
                    var ctx = await ContextAsync();
                    foreach (var m in added)
                    {
                        db.CareTeam.Add(m);
                        access.Audit(ctx, "create", "care team member", m.Id, $"{Vocabulary.CareTeamRoleLabel(m.Role)}: {m.Name}{(m.IsEmergencyContact ? "; emergency contact" : "")}");
                    }
                }
                break;
            }
            case OnboardingSteps.Invite:
                break; // the invitation itself is sent by the sharing page's form; "Continue" just moves on
            case OnboardingSteps.Done:
                return await FinishAsync();
            default:
                return Redirect($"/welcome/{Progress.Step}");
        }
        return await AdvanceAsync();
    }

    /// <summary>Leaves the shown step as it is and goes to the next one.</summary>
    public async Task<IActionResult> OnPostSkipAsync()
    {
        if (await LoadAsync() is { } early) return early;
        if (Step == OnboardingSteps.Done) return await FinishAsync();
        return await AdvanceAsync();
    }

    /// <summary>Ends the set-up now ("finish later" is not a thing: every step stays reachable from the record).</summary>
    public async Task<IActionResult> OnPostLeaveAsync()
    {
        if (await LoadAsync() is { } early) return early;
        return await FinishAsync();
    }

    private async Task<IActionResult> AdvanceAsync()
    {
        var next = OnboardingSteps.Next(Progress.Who, Step ?? OnboardingSteps.Who);
        // A patient's record steps need the record: skipping "who" without an answer counts as a patient (the default path).
        if (Record is null && OnboardingSteps.For(Progress.Who).Count > 2 && next != OnboardingSteps.Done)
        {
            var user = await users.GetUserAsync(User);
            if (user is null) return Challenge();
            Record = await access.GetOrCreateOwnAsync(user, HttpContext.RequestAborted);
        }
        Progress.Step = next;
        Progress.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Redirect($"/welcome/{next}");
    }

    private async Task<IActionResult> FinishAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Progress.Step = OnboardingSteps.Done;
        Progress.FinishedUtc ??= now;
        Progress.UpdatedUtc = now;
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        if (Record is not null)
        {
            TempData.SetStatus("You are set up. Your first weekly check-in is ready whenever you are: it takes a few minutes and tells you what to do about any symptom.");
            return Redirect($"/record/{Record.Id}");
        }
        if (IsStaff) return Redirect("/navigator");
        return Redirect("/");
    }

    /// <summary>Loads the progress row (created on first visit for an account that has none), the own record, and what the steps need.</summary>
    private async Task<IActionResult?> LoadAsync()
    {
        if (Step is not null && !OnboardingSteps.All.Contains(Step)) return NotFound();
        var uid = users.GetUserId(User);
        if (uid is null) return Challenge();
        var ct = HttpContext.RequestAborted;
        IsStaff = User.IsInRole(Roles.Navigator) || User.IsInRole(Roles.Admin);
        var progress = await db.OnboardingProgress.FirstOrDefaultAsync(p => p.UserId == uid, ct);
        if (progress is null)
        {
            // Someone who opens /welcome without having registered here (an older account) may still use it; the row is
            // written only when they answer a step (GETs never write).
            var now = clock.GetUtcNow().UtcDateTime;
            progress = new OnboardingProgress { UserId = uid, StartedUtc = now, UpdatedUtc = now };
            if (HttpMethods.IsPost(Request.Method)) db.OnboardingProgress.Add(progress);
        }
        Progress = progress;
        Record = await db.Records.FirstOrDefaultAsync(r => r.OwnerId == uid, ct);
        if (Record is not null)
        {
            var lines = await db.Treatments.AsNoTracking().Where(t => t.RecordId == Record.Id).ToListAsync(ct);
            CurrentLine = AlkDrugs.CurrentLine(lines);
            if (CurrentLine is not null && Dosing.For(AlkDrugs.LabelledIn(CurrentLine.Agent)) is { } dosing)
                DoseCount = Dosing.TimesPerDay(dosing, CurrentLine.Schedule);
        }
        Zones = SettingsModel.ZoneIds();
        return null;
    }

    /// <summary>The step an account left the set-up at, or null when it has finished it (or never started it here).</summary>
    public static async Task<string?> PendingStepAsync(AppDbContext db, string userId, CancellationToken ct) =>
        await db.OnboardingProgress.AsNoTracking().Where(p => p.UserId == userId && p.FinishedUtc == null).Select(p => p.Step).FirstOrDefaultAsync(ct);

    private async Task<RecordContext> ContextAsync() =>
        await access.OpenAsync(Record!.Id, User, HttpContext.RequestAborted) ?? throw new InvalidOperationException("The account's own record could not be opened.");
}
