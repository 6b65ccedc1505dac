using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.SecondOpinion;

/// <summary>
/// /record/{rid}/second-opinion: ask for a second opinion, and follow it. Everyone who can see the record sees the requests
/// and their history (not the navigators' internal notes); the patient and caregivers who may contribute make, edit (while
/// new) and withdraw a request. What goes to the navigators is the request and what the form's "share" boxes pick, copied
/// when it is sent: navigators never open the record.
/// </summary>
public sealed class SecondOpinionRequestModel(RecordAccess access, AppDbContext db, EmailSender email) : RecordPageModel(access, db)
{
    /// <summary>What the patient may choose to share with the navigators, in the form's order.</summary>
    public static readonly (string Key, string Label)[] ShareChoices =
    [
        ("name", "My name as it is on the record"),
        ("email", "My email address, so a navigator can write to me"),
        ("diagnosis", "Diagnosis (stage, ALK test, fusion)"),
        ("treatments", "Treatments with dates and why they stopped"),
        ("biomarkers", "Test results (for example resistance mutations)"),
        ("location", "Where I live (city and country)"),
    ];

    public sealed class RequestInput
    {
        [Required(ErrorMessage = "Write what you would like the second opinion to answer.")]
        [StringLength(4000, ErrorMessage = "Keep this under {1} characters.")]
        [Display(Name = "What would you like answered?")]
        public string? Question { get; set; }

        [Required(ErrorMessage = "Choose in person, telehealth or either.")]
        [Display(Name = "How would you like to be seen?")]
        public string? Setting { get; set; } = "either";

        [StringLength(200, ErrorMessage = "Keep the place under {1} characters.")]
        [Display(Name = "City or region you could travel to")]
        public string? PreferredPlace { get; set; }

        [Display(Name = "Country")]
        public string? PreferredCountry { get; set; }

        [Required(ErrorMessage = "Name at least one language you would like the appointment in.")]
        [StringLength(200, ErrorMessage = "Keep the languages under {1} characters.")]
        [Display(Name = "Languages")]
        public string? Languages { get; set; }

        [Required(ErrorMessage = "Choose how soon you need it.")]
        [Display(Name = "How soon?")]
        public string? Urgency { get; set; } = "routine";

        public List<string> Share { get; set; } = [];

        public Guid Version { get; set; }
    }

    /// <summary>The checks beyond each field's own (run by the handlers, so every problem is listed at once, with the typed values kept).</summary>
    private void CheckChoices()
    {
        void Error(string field, string message) => ModelState.AddModelError($"Input.{field}", message);
        if (Input.Setting is not null && !SecondOpinionStates.Settings.Contains(Input.Setting)) Error(nameof(Input.Setting), "Choose in person, telehealth or either.");
        if (Input.Urgency is not null && !SecondOpinionStates.Urgencies.Contains(Input.Urgency)) Error(nameof(Input.Urgency), "Choose how soon you need it.");
        if (!CountryCodes.IsValid(Input.PreferredCountry)) Error(nameof(Input.PreferredCountry), "Choose the country from the list.");
        if (Input.Setting == "in-person" && string.IsNullOrWhiteSpace(Input.PreferredPlace) && string.IsNullOrWhiteSpace(Input.PreferredCountry))
            Error(nameof(Input.PreferredPlace), "Say where you could travel to (a city or a country), or choose telehealth or either.");
        if (Input.Languages is not null && Languages.Split(Input.Languages).Count == 0)
            Error(nameof(Input.Languages), "Name at least one language you would like the appointment in.");
        if (Input.Share.Any(x => ShareChoices.All(c => c.Key != x))) Error(nameof(Input.Share), "Choose what to share from the list only.");
    }

    [BindProperty]
    public RequestInput Input { get; set; } = new();

    public List<SecondOpinionRequest> Requests { get; private set; } = [];
    public SecondOpinionRequest? Open => Requests.FirstOrDefault(r => r.IsOpen);
    /// <summary>The snapshot the navigators would get with the current choices (the patient sees it before sending).</summary>
    public Dictionary<string, string> Preview { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "second opinion")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        if (Open is { } o && SecondOpinionStates.PatientMayEdit(o.State)) Input = From(o);
        else Input = new RequestInput { PreferredCountry = CountryCodes.Normalize(Ctx.Record.Country), Share = ["diagnosis", "treatments", "biomarkers"] };
        return Page();
    }

    /// <summary>Sends a new request (one open request at a time).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        CheckChoices();
        if (Open is not null) ModelState.AddModelError(string.Empty, "There is already an open request: change it below, or withdraw it first.");
        if (!ModelState.IsValid) return Page();

        var now = Clock.GetUtcNow().UtcDateTime;
        var r = new SecondOpinionRequest
        {
            RecordId = RecordId, RequestedById = Ctx.UserId, RequestedByEmail = Ctx.UserEmail, State = SecondOpinionStates.New,
            StateSinceUtc = now, CreatedUtc = now, UpdatedUtc = now, UpdatedBy = Ctx.UserEmail,
        };
        await ApplyAsync(r);
        r.Events.Add(new SecondOpinionEvent { AtUtc = now, ActorId = Ctx.UserId, ActorEmail = Ctx.UserEmail, Kind = "created", ToState = SecondOpinionStates.New });
        Db.Add(r);
        Access.Audit(Ctx, "create", "second-opinion request", r.Id, $"shared: {(r.Shared.Length == 0 ? "nothing" : r.Shared)}");
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
        await SecondOpinionEmails.SendAsync(Db, email, r, null, $"{Request.Scheme}://{Request.Host}", HttpContext.RequestAborted);
        TempData.SetStatus("Your request was sent. A navigator will look at it; you get an email at each step.");
        return Redirect($"/record/{RecordId}/second-opinion");
    }

    /// <summary>Changes the open request while no navigator has acted on it yet (state new).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostEditAsync(Guid id)
    {
        await LoadAsync();
        var r = Requests.FirstOrDefault(x => x.Id == id);
        if (r is null) return NotFound();
        CheckChoices();
        if (!SecondOpinionStates.PatientMayEdit(r.State))
            ModelState.AddModelError(string.Empty, $"This request is already “{SecondOpinionStates.Label(r.State)}”, so it can no longer be changed here. Write to your navigator, or withdraw it and send a new one.");
        if (!ModelState.IsValid) return Page();

        var tracked = await Db.Set<SecondOpinionRequest>().FirstAsync(x => x.Id == id, HttpContext.RequestAborted);
        Expect(tracked, Input.Version);
        tracked.UpdatedUtc = Clock.GetUtcNow().UtcDateTime;
        await ApplyAsync(tracked);
        Db.Add(new SecondOpinionEvent { RequestId = id, AtUtc = tracked.UpdatedUtc, ActorId = Ctx.UserId, ActorEmail = Ctx.UserEmail, Kind = "edited" });
        Access.Audit(Ctx, "update", "second-opinion request", id, $"shared: {(tracked.Shared.Length == 0 ? "nothing" : tracked.Shared)}");
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus("Your request was changed.");
        return Redirect($"/record/{RecordId}/second-opinion");
    }

    /// <summary>Withdraws an open request (the navigators see it closed; the patient is emailed).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid version)
    {
        var r = await Db.Set<SecondOpinionRequest>().FirstOrDefaultAsync(x => x.Id == id && x.RecordId == RecordId, HttpContext.RequestAborted);
        if (r is null) return NotFound();
        if (!SecondOpinionStates.PatientMayWithdraw(r.State))
        {
            TempData.SetStatus($"This request is already “{SecondOpinionStates.Label(r.State)}”: nothing to withdraw.", "warn");
            return Redirect($"/record/{RecordId}/second-opinion");
        }
        var from = r.State;
        Expect(r, version);
        var now = Clock.GetUtcNow().UtcDateTime;
        r.UpdatedUtc = now;
        r.State = SecondOpinionStates.Withdrawn;
        r.StateSinceUtc = now;
        Db.Add(new SecondOpinionEvent { RequestId = id, AtUtc = now, ActorId = Ctx.UserId, ActorEmail = Ctx.UserEmail, Kind = "state", FromState = from, ToState = r.State });
        Access.Audit(Ctx, "update", "second-opinion request", id, "withdrawn");
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        await SecondOpinionEmails.SendAsync(Db, email, r, null, $"{Request.Scheme}://{Request.Host}", HttpContext.RequestAborted);
        TempData.SetStatus("Your request was withdrawn.");
        return Redirect($"/record/{RecordId}/second-opinion");
    }

    private static RequestInput From(SecondOpinionRequest r) => new()
    {
        Question = r.Question, Setting = r.Setting, PreferredPlace = r.PreferredPlace, PreferredCountry = r.PreferredCountry,
        Languages = r.Languages, Urgency = r.Urgency, Share = r.Shared.Split('|', StringSplitOptions.RemoveEmptyEntries).ToList(), Version = r.Version,
    };

    /// <summary>The form onto the request, with a fresh snapshot of what the patient chose to share.</summary>
    private async Task ApplyAsync(SecondOpinionRequest r)
    {
        r.Question = Input.Question!.Trim();
        r.Setting = Input.Setting!;
        r.PreferredPlace = string.IsNullOrWhiteSpace(Input.PreferredPlace) ? null : Input.PreferredPlace.Trim();
        r.PreferredCountry = CountryCodes.Normalize(Input.PreferredCountry);
        r.Languages = SecondOpinion.Languages.Normalize(Input.Languages);
        r.Urgency = Input.Urgency!;
        var share = ShareChoices.Select(c => c.Key).Where(Input.Share.Contains).ToList();
        r.Shared = string.Join('|', share);
        r.SharedSnapshot = string.Join('\n', (await SnapshotAsync(share)).Values);
    }

    /// <summary>One line (or block) per chosen fact, as the navigators will read it.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync(IReadOnlyCollection<string> share)
    {
        var rec = Ctx.Record;
        var ct = HttpContext.RequestAborted;
        var result = new Dictionary<string, string>();
        foreach (var key in share)
        {
            switch (key)
            {
                case "name":
                    result[key] = $"Name: {rec.DisplayName}";
                    break;
                case "email":
                    result[key] = $"Contact email: {Ctx.UserEmail}";
                    break;
                case "diagnosis":
                    result[key] = $"Diagnosis: {RecordSummary.DiagnosisText(rec) ?? "not recorded"}";
                    break;
                case "treatments":
                {
                    var lines = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
                    result[key] = lines.Count == 0 ? "Treatments: none recorded"
                        : "Treatments:\n" + string.Join('\n', RecordSummary.NumberedLines(lines).Select(x =>
                            $"  {x.Number}. {x.Line.Agent}{(x.Line.Dose is { Length: > 0 } d ? $" {d}" : "")}, {RecordSummary.FormatDate(x.Line.Start)} to " +
                            $"{(x.Line.End is { } e ? RecordSummary.FormatDate(e) : "now")}{(x.Line.StopReason is { Length: > 0 } s ? $" (stopped: {RecordSummary.StopReasonLabel(s)})" : "")}"));
                    break;
                }
                case "biomarkers":
                {
                    var results = await Db.Biomarkers.AsNoTracking().Where(b => b.RecordId == RecordId).ToListAsync(ct);
                    result[key] = results.Count == 0 ? "Test results: none recorded"
                        : "Test results:\n" + string.Join('\n', results.OrderBy(b => b.Date).Select(b =>
                            $"  {b.Gene} {b.Alteration}{(b.Source is { Length: > 0 } s ? $" ({RecordSummary.BiomarkerSourceLabel(s)})" : "")}{(b.Date is { } d ? $", {RecordSummary.FormatDate(d)}" : "")}"));
                    break;
                }
                case "location":
                {
                    var country = CountryCodes.Name(CountryCodes.Normalize(rec.Country)) ?? rec.Country;
                    var place = string.Join(", ", new[] { rec.City, country }.Where(s => !string.IsNullOrWhiteSpace(s)));
                    result[key] = $"Lives in: {(place.Length > 0 ? place : "not recorded")}";
                    break;
                }
            }
        }
        return result;
    }

    private async Task LoadAsync()
    {
        Requests = await Db.Set<SecondOpinionRequest>().AsNoTracking().Where(r => r.RecordId == RecordId)
            .Include(r => r.Events.Where(e => e.Kind == "created" || e.Kind == "edited" || e.Kind == "state"))
            .OrderByDescending(r => r.CreatedUtc).ToListAsync(HttpContext.RequestAborted);
        Preview = await SnapshotAsync(ShareChoices.Select(c => c.Key).ToList());
    }
}
