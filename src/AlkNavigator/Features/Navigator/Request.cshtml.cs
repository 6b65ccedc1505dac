using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.SecondOpinion;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Navigator;

/// <summary>
/// /navigator/requests/{id}: one second-opinion request as the navigators see it (the request, what the patient shared, the
/// whole history with internal notes) and its steps: assign, add a note, match with a directory entry, record the booked
/// appointment, mark done, decline. Only the steps <see cref="SecondOpinionStates.NavigatorNext"/> allows are taken; every
/// step is an event (who, when), and every change of state emails the patient.
/// </summary>
public sealed class NavigatorRequestModel(AppDbContext db, UserManager<AppUser> users, EmailSender email, TimeProvider clock) : PageModel
{
    public sealed class StepInput
    {
        public string? To { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "Specialist or centre")]
        public Guid? CentreId { get; set; }

        [Display(Name = "Appointment day")]
        public DateOnly? AppointmentDate { get; set; }

        [StringLength(1000, ErrorMessage = "Keep the appointment details under {1} characters.")]
        [Display(Name = "Appointment details (time, place or video link, what to bring)")]
        public string? AppointmentDetails { get; set; }

        [StringLength(2000, ErrorMessage = "Keep the message under {1} characters.")]
        [Display(Name = "Message to the patient (emailed, and shown on their page)")]
        public string? Message { get; set; }

        [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
        [Display(Name = "Note for navigators only")]
        public string? Note { get; set; }
    }

    [FromRoute(Name = "id")] public Guid Id { get; set; }
    [BindProperty] public StepInput Step { get; set; } = new();

    public SecondOpinionRequest Item { get; private set; } = null!;
    public List<SpecialistCentre> Centres { get; private set; } = [];
    public List<(string Id, string Email)> Navigators { get; private set; } = [];
    public string? MeId { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Step = new StepInput { Version = Item.Version, CentreId = Item.MatchedCentreId, AppointmentDate = Item.AppointmentDate, AppointmentDetails = Item.AppointmentDetails };
        return Page();
    }

    /// <summary>Moves the request to Step.To, when the queue allows that step from its current state.</summary>
    public async Task<IActionResult> OnPostMoveAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var from = Item.State;
        var to = Step.To ?? "";
        if (!SecondOpinionStates.NavigatorMay(from, to))
            ModelState.AddModelError(string.Empty, $"A request that is “{SecondOpinionStates.Label(from)}” cannot be moved to “{SecondOpinionStates.Label(to)}”. Nothing was changed.");
        SpecialistCentre? centre = null;
        if (to == SecondOpinionStates.Matched)
        {
            centre = Step.CentreId is { } cid ? Centres.FirstOrDefault(c => c.Id == cid) : null;
            if (centre is null) ModelState.AddModelError("Step.CentreId", "Choose the specialist or centre from the directory.");
        }
        if (to == SecondOpinionStates.Booked && Step.AppointmentDate is null)
            ModelState.AddModelError("Step.AppointmentDate", "Give the day of the appointment.");
        if (to == SecondOpinionStates.Declined && string.IsNullOrWhiteSpace(Step.Message))
            ModelState.AddModelError("Step.Message", "Tell the patient why, and what they could do instead.");
        if (!ModelState.IsValid) return Page();

        var r = await db.Set<SecondOpinionRequest>().FirstAsync(x => x.Id == Id, HttpContext.RequestAborted);
        var (meId, meEmail) = Me();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Entry(r).Property(x => x.Version).OriginalValue = Step.Version;
        r.Version = Guid.NewGuid();
        r.UpdatedUtc = now;
        r.UpdatedBy = meEmail;
        r.State = to;
        r.StateSinceUtc = now;
        if (centre is not null)
        {
            r.MatchedCentreId = centre.Id;
            r.MatchedText = centre.Describe();
        }
        if (to == SecondOpinionStates.Booked)
        {
            r.AppointmentDate = Step.AppointmentDate;
            r.AppointmentDetails = Clean(Step.AppointmentDetails);
        }
        if (r.AssignedToId is null)
        {
            // Whoever takes the first step takes the request.
            (r.AssignedToId, r.AssignedToEmail) = (meId, meEmail);
            db.Add(new SecondOpinionEvent { RequestId = r.Id, AtUtc = now, ActorId = meId, ActorEmail = meEmail, Kind = "assigned", InternalNote = $"Assigned to {meEmail}" });
        }
        var message = Clean(Step.Message);
        db.Add(new SecondOpinionEvent
        {
            RequestId = r.Id, AtUtc = now, ActorId = meId, ActorEmail = meEmail, Kind = "state", FromState = from, ToState = to,
            MessageToPatient = message, InternalNote = Clean(Step.Note),
        });
        if (!await TrySaveAsync()) return await ReloadAsync();
        await SecondOpinionEmails.SendAsync(db, email, r, message, $"{Request.Scheme}://{Request.Host}", HttpContext.RequestAborted);
        TempData.SetStatus($"Moved to “{SecondOpinionStates.Label(to)}”; the patient was emailed.");
        return Redirect($"/navigator/requests/{Id}");
    }

    /// <summary>Assigns the request to a navigator or admin (or to nobody).</summary>
    public async Task<IActionResult> OnPostAssignAsync(string? assignee)
    {
        if (!await LoadAsync()) return NotFound();
        var target = string.IsNullOrEmpty(assignee) ? default : Navigators.FirstOrDefault(n => n.Id == assignee);
        if (!string.IsNullOrEmpty(assignee) && target.Id is null)
            ModelState.AddModelError(string.Empty, "Choose a navigator from the list.");
        if (!ModelState.IsValid) return Page();

        var r = await db.Set<SecondOpinionRequest>().FirstAsync(x => x.Id == Id, HttpContext.RequestAborted);
        var (meId, meEmail) = Me();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Entry(r).Property(x => x.Version).OriginalValue = Step.Version;
        r.Version = Guid.NewGuid();
        r.UpdatedUtc = now;
        r.UpdatedBy = meEmail;
        (r.AssignedToId, r.AssignedToEmail) = (target.Id, target.Email);
        db.Add(new SecondOpinionEvent { RequestId = r.Id, AtUtc = now, ActorId = meId, ActorEmail = meEmail, Kind = "assigned", InternalNote = target.Id is null ? "Unassigned" : $"Assigned to {target.Email}" });
        if (!await TrySaveAsync()) return await ReloadAsync();
        TempData.SetStatus(target.Id is null ? "Nobody is assigned now." : $"Assigned to {target.Email}.");
        return Redirect($"/navigator/requests/{Id}");
    }

    /// <summary>Adds a note for navigators (the patient does not see it).</summary>
    public async Task<IActionResult> OnPostNoteAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (string.IsNullOrWhiteSpace(Step.Note)) ModelState.AddModelError("Step.Note", "Write the note.");
        if (!ModelState.IsValid) return Page();
        var (meId, meEmail) = Me();
        db.Add(new SecondOpinionEvent { RequestId = Id, AtUtc = clock.GetUtcNow().UtcDateTime, ActorId = meId, ActorEmail = meEmail, Kind = "note", InternalNote = Clean(Step.Note) });
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData.SetStatus("Note added.");
        return Redirect($"/navigator/requests/{Id}#history");
    }

    private (string Id, string Email) Me() => (users.GetUserId(User)!, User.Identity?.Name ?? "navigator");

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task<bool> TrySaveAsync()
    {
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            return true;
        }
        catch (DbUpdateConcurrencyException e)
        {
            ModelState.AddModelError(string.Empty, Concurrency.Describe(e));
            return false;
        }
    }

    private async Task<IActionResult> ReloadAsync()
    {
        db.ChangeTracker.Clear();
        await LoadAsync();
        ModelState.Remove("Step.Version");
        Step.Version = Item.Version;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var item = await db.Set<SecondOpinionRequest>().AsNoTracking().Include(r => r.Events).FirstOrDefaultAsync(r => r.Id == Id, ct);
        if (item is null) return false;
        Item = item;
        Centres = await db.Set<SpecialistCentre>().AsNoTracking().OrderBy(c => c.Country).ThenBy(c => c.City).ThenBy(c => c.Institution).ToListAsync(ct);
        var staff = (await users.GetUsersInRoleAsync(Roles.Navigator)).Concat(await users.GetUsersInRoleAsync(Roles.Admin));
        Navigators = staff.DistinctBy(u => u.Id).Select(u => (u.Id, u.Email ?? u.UserName ?? u.Id)).OrderBy(u => u.Item2, StringComparer.OrdinalIgnoreCase).ToList();
        MeId = users.GetUserId(User);
        return true;
    }
}
