using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Features.Record;

/// <summary>Who can see the record: caregivers, pending invitations, revoked access; invite, change level, revoke.</summary>
public sealed class SharingModel(
    RecordAccess access, AppDbContext db, UserManager<AppUser> users,
    IOptions<SmtpOptions> smtp, ILogger<InvitationEmail> mailLog) : RecordPageModel(access, db)
{
    public const string LinkKey = "InvitationLink";

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Enter the email address of the person to invite.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(256)]
        [Display(Name = "Their email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose what they may do.")]
        [Display(Name = "What they may do")]
        public string Level { get; set; } = AccessLevels.View;
    }

    public List<CaregiverAccess> Active { get; private set; } = [];
    public List<CaregiverAccess> Pending { get; private set; } = [];
    public List<CaregiverAccess> Past { get; private set; } = [];

    /// <summary>The signed-in caregiver's own grant (null for the patient).</summary>
    public CaregiverAccess? Mine { get; private set; }

    /// <summary>The link of the invitation just sent (shown once, from TempData).</summary>
    public string? NewLink { get; private set; }

    public DateTime Now => _now ??= Clock.GetUtcNow().UtcDateTime;
    private DateTime? _now;

    [Needs(Record.Access.View, Audit = "sharing")]
    public async Task<IActionResult> OnGetAsync()
    {
        NewLink = TempData[LinkKey] as string;
        await LoadAsync();
        return Page();
    }

    /// <summary>Sends an invitation (form fields Input.Email, Input.Level).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostInviteAsync()
    {
        var ct = HttpContext.RequestAborted;
        var email = Input.Email?.Trim() ?? "";
        if (!string.IsNullOrEmpty(Input.Level) && !AccessLevels.All.Contains(Input.Level))
            ModelState.AddModelError("Input.Level", "Choose view only, contributor or manager.");
        if (ModelState.IsValid)
        {
            var owner = await users.FindByIdAsync(Ctx.Record.OwnerId);
            if (SameEmail(email, Ctx.UserEmail))
                ModelState.AddModelError("Input.Email", "You cannot invite yourself. Enter the email address of the person you want to share the record with.");
            else if (SameEmail(email, owner?.Email))
                ModelState.AddModelError("Input.Email", "That is the patient's own account; it already has full access.");
            else
            {
                var open = await Db.CaregiverAccess.Include(a => a.Caregiver)
                    .Where(a => a.RecordId == RecordId && a.RevokedUtc == null).ToListAsync(ct);
                var active = open.FirstOrDefault(a => a.IsActive && (SameEmail(a.InvitedEmail, email) || SameEmail(a.Caregiver?.Email, email)));
                var pending = open.FirstOrDefault(a => a.IsPending(Now) && SameEmail(a.InvitedEmail, email));
                if (active is not null)
                    ModelState.AddModelError("Input.Email", $"{email} already has access to this record ({AccessLevels.Label(active.Level).ToLowerInvariant()}). Change their access below instead.");
                else if (pending is not null)
                    ModelState.AddModelError("Input.Email", $"An invitation to {email} is already waiting to be accepted (it expires {pending.ExpiresUtc:d MMMM yyyy}). Withdraw it below first if you want to send a new one.");
            }
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var token = InvitationTokens.New();
        var grant = new CaregiverAccess
        {
            RecordId = RecordId, InvitedEmail = email, Level = Input.Level, TokenHash = InvitationTokens.Hash(token),
            ExpiresUtc = Now + InvitationTokens.Lifetime, InvitedById = Ctx.UserId,
        };
        Db.CaregiverAccess.Add(grant);
        Access.Audit(Ctx, "invite", "caregiver access", grant.Id, $"Invited {email}: {AccessLevels.Label(grant.Level)}");
        await Db.SaveChangesAsync(ct);

        var link = Url.Page("/Record/AcceptInvitation", null, new { token }, Request.Scheme)!;
        var register = Url.Page("/Account/Register", null, new { returnUrl = Url.Page("/Record/AcceptInvitation", new { token }) }, Request.Scheme)!;
        string status;
        var kind = "success";
        try
        {
            var sent = await new InvitationEmail(smtp, mailLog).SendAsync(email, Ctx.Record.DisplayName, Ctx.UserEmail,
                AccessLevels.Label(grant.Level), link, register, grant.ExpiresUtc, ct);
            status = sent
                ? $"Invitation sent to {email}. It works for 7 days."
                : $"Invitation created for {email}, but this site cannot send email yet: send them the link below yourself. It works for 7 days.";
            if (!sent) kind = "info";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            mailLog.LogError(e, "Could not send the invitation email to {To}", email);
            status = $"Invitation created for {email}, but the email could not be sent: send them the link below yourself. It works for 7 days.";
            kind = "warn";
        }
        TempData.SetStatus(status, kind);
        TempData[LinkKey] = link;
        // Sent from the first-use set-up's last-but-one step: back to the set-up (which shows the status and the link).
        if (Request.Query["from"] == "welcome" && Ctx.IsOwner) return Redirect("/welcome/done");
        return Redirect($"/record/{RecordId}/sharing");
    }

    /// <summary>Changes an active caregiver's level (route/query id; form fields Level, Version).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostLevelAsync(Guid id, Guid version, string? level)
    {
        var grant = await Db.CaregiverAccess.Include(a => a.Caregiver).FirstOrDefaultAsync(a => a.Id == id && a.RecordId == RecordId, HttpContext.RequestAborted);
        if (grant is null) return NotFound();
        if (grant.Level == AccessLevels.Manage && !Ctx.IsOwner && grant.CaregiverId != Ctx.UserId)
            return Forbid(); // only the patient changes or removes another manager
        ModelState.Clear();
        if (grant.RevokedUtc is not null)
        {
            TempData.SetStatus("That access has already been revoked.", "warn");
            return Redirect($"/record/{RecordId}/sharing");
        }
        if (level is null || !AccessLevels.All.Contains(level))
        {
            ModelState.AddModelError(string.Empty, "Choose view only, contributor or manager.");
            await LoadAsync();
            return Page();
        }
        var who = grant.Caregiver?.Email ?? grant.InvitedEmail;
        if (level == grant.Level)
        {
            TempData.SetStatus($"{who} already has this access.", "info");
            return Redirect($"/record/{RecordId}/sharing");
        }
        Db.Entry(grant).Property(a => a.Version).OriginalValue = version;
        var before = grant.Level;
        grant.Level = level;
        grant.Version = Guid.NewGuid();
        if (before == AccessLevels.Manage && level != AccessLevels.Manage) await WithdrawInvitationsByAsync(grant.CaregiverId);
        Access.Audit(Ctx, "update", "caregiver access", grant.Id, $"{who}: {AccessLevels.Label(before)} → {AccessLevels.Label(level)}");
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus($"{who} now has this access: {AccessLevels.Label(level).ToLowerInvariant()}.");
        return Redirect($"/record/{RecordId}/sharing");
    }

    /// <summary>Revokes a caregiver's access, or withdraws a pending invitation (route/query id).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var grant = await Db.CaregiverAccess.Include(a => a.Caregiver).FirstOrDefaultAsync(a => a.Id == id && a.RecordId == RecordId, HttpContext.RequestAborted);
        if (grant is null) return NotFound();
        if (grant.Level == AccessLevels.Manage && !Ctx.IsOwner && grant.CaregiverId != Ctx.UserId)
            return Forbid(); // only the patient changes or removes another manager
        ModelState.Clear();
        var who = grant.Caregiver?.Email ?? grant.InvitedEmail;
        if (grant.RevokedUtc is not null)
        {
            TempData.SetStatus($"Access for {who} was already revoked.", "info");
            return Redirect($"/record/{RecordId}/sharing");
        }
        var wasActive = grant.IsActive;
        grant.RevokedUtc = Clock.GetUtcNow().UtcDateTime;
        grant.Version = Guid.NewGuid();
        if (wasActive) await WithdrawInvitationsByAsync(grant.CaregiverId);
        Access.Audit(Ctx, "revoke", "caregiver access", grant.Id,
            wasActive ? $"Revoked access of {who} ({AccessLevels.Label(grant.Level)})" : $"Withdrew the invitation to {who}");
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        if (grant.CaregiverId == Ctx.UserId)
        {
            TempData.SetStatus("You no longer have access to that record.");
            return Redirect("/record");
        }
        TempData.SetStatus(wasActive ? $"{who} can no longer see this record." : $"The invitation to {who} was withdrawn; its link no longer works.");
        return Redirect($"/record/{RecordId}/sharing");
    }

    /// <summary>Withdraws the pending invitations a caregiver sent to this record (their links die with their access).</summary>
    private async Task WithdrawInvitationsByAsync(string? caregiverId)
    {
        if (caregiverId is null) return;
        var now = Clock.GetUtcNow().UtcDateTime;
        var pending = await Db.CaregiverAccess
            .Where(a => a.RecordId == RecordId && a.InvitedById == caregiverId && a.AcceptedUtc == null && a.RevokedUtc == null)
            .ToListAsync(HttpContext.RequestAborted);
        foreach (var p in pending)
        {
            p.RevokedUtc = now;
            p.Version = Guid.NewGuid();
            Access.Audit(Ctx, "revoke", "caregiver access", p.Id, $"Withdrew the invitation to {p.InvitedEmail} (its sender no longer manages this record)");
        }
    }

    private async Task LoadAsync()
    {
        var all = await Db.CaregiverAccess.AsNoTracking().Include(a => a.Caregiver)
            .Where(a => a.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted);
        Mine = all.FirstOrDefault(a => a.CaregiverId == Ctx.UserId && a.IsActive);
        Active = all.Where(a => a.IsActive).OrderBy(a => a.AcceptedUtc).ToList();
        Pending = all.Where(a => a.IsPending(Now)).OrderBy(a => a.CreatedUtc).ToList();
        Past = all.Where(a => !a.IsActive && !a.IsPending(Now))
            .OrderByDescending(a => a.RevokedUtc ?? a.ExpiresUtc).ToList();
    }

    public static bool SameEmail(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
