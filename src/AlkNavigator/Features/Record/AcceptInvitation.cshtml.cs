using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>
/// Where an invitation link lands (/invitations/accept?token=...). Signed-out visitors are sent to log in and
/// come back. Accepting makes the signed-in account a caregiver of the record.
/// </summary>
[Authorize]
public sealed class AcceptInvitationModel(
    AppDbContext db, RecordAccess access, UserManager<AppUser> users, RoleManager<IdentityRole> roles,
    SignInManager<AppUser> signIn, TimeProvider clock, ILogger<AcceptInvitationModel> log) : PageModel
{
    public enum State { Ok, Invalid, Expired, Revoked, Used, AlreadyYours, OwnRecord, OtherAddress, Unconfirmed }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public State Status { get; private set; }
    public CaregiverAccess? Invitation { get; private set; }
    public string InviterEmail { get; private set; } = "";
    public string UserEmail { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    /// <summary>Accepts (form field Token).</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        if (Status != State.Ok) return Page();
        var grant = Invitation!;
        var ct = HttpContext.RequestAborted;

        grant.CaregiverId = user.Id;
        grant.AcceptedUtc = clock.GetUtcNow().UtcDateTime;
        grant.Version = Guid.NewGuid();
        var email = user.Email ?? user.UserName ?? user.Id;
        var ctx = new RecordContext(grant.Record!, RecordAccess.FromLevel(grant.Level), user.Id, email);
        // Someone following the record under an earlier invitation: the newest invitation replaces it.
        var older = await db.CaregiverAccess
            .Where(a => a.RecordId == grant.RecordId && a.CaregiverId == user.Id && a.Id != grant.Id && a.AcceptedUtc != null && a.RevokedUtc == null)
            .ToListAsync(ct);
        foreach (var o in older)
        {
            o.RevokedUtc = clock.GetUtcNow().UtcDateTime;
            o.Version = Guid.NewGuid();
            access.Audit(ctx, "revoke", "caregiver access", o.Id, $"Replaced by a new invitation ({AccessLevels.Label(o.Level)} → {AccessLevels.Label(grant.Level)})");
        }
        access.Audit(ctx, "accept", "caregiver access", grant.Id,
            $"{email} accepted the invitation sent to {grant.InvitedEmail}: {AccessLevels.Label(grant.Level)}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Accepted or withdrawn at the same moment by someone else.
            foreach (var entry in db.ChangeTracker.Entries().ToList()) entry.State = EntityState.Detached;
            await LoadAsync(user);
            return Page();
        }

        if (!await users.IsInRoleAsync(user, Roles.Caregiver))
        {
            await roles.EnsureRolesAsync([Roles.Caregiver]);
            await users.AddToRoleAsync(user, Roles.Caregiver);
            await signIn.RefreshSignInAsync(user);
        }
        log.LogInformation("User {UserId} accepted invitation {InvitationId} to record {RecordId}", user.Id, grant.Id, grant.RecordId);
        TempData.SetStatus($"You now follow the record of {grant.Record!.DisplayName}: {AccessLevels.Label(grant.Level).ToLowerInvariant()}.");
        return Redirect($"/record/{grant.RecordId}");
    }

    private async Task LoadAsync(AppUser user)
    {
        UserEmail = user.Email ?? user.UserName ?? "";
        Invitation = null;
        if (string.IsNullOrWhiteSpace(Token) || Token.Length > 200)
        {
            Fail(State.Invalid);
            return;
        }
        var hash = InvitationTokens.Hash(Token);
        Invitation = await db.CaregiverAccess.Include(a => a.Record)
            .FirstOrDefaultAsync(a => a.TokenHash == hash, HttpContext.RequestAborted);
        if (Invitation is null)
        {
            Fail(State.Invalid);
            return;
        }
        InviterEmail = await db.Users.Where(u => u.Id == Invitation.InvitedById).Select(u => u.Email).FirstOrDefaultAsync(HttpContext.RequestAborted) ?? "";
        if (Invitation.RevokedUtc is not null) Fail(State.Revoked);
        else if (Invitation.AcceptedUtc is not null) Fail(Invitation.CaregiverId == user.Id ? State.AlreadyYours : State.Used);
        else if (Invitation.ExpiresUtc <= clock.GetUtcNow().UtcDateTime) Fail(State.Expired);
        else if (Invitation.Record!.OwnerId == user.Id) Fail(State.OwnRecord);
        // An invitation is bound to the address it was sent to: a link that reaches someone else (forwarded, leaked,
        // shoulder-surfed) grants nothing. The inviter sends a new invitation to the other address if that is meant.
        else if (!SharingModel.SameEmail(user.Email, Invitation.InvitedEmail)) Fail(State.OtherAddress);
        // ...and to an account that has proved it owns that address (accounts made before registration confirmed
        // addresses may not have): confirming takes one emailed link from the account page.
        else if (!user.EmailConfirmed) Fail(State.Unconfirmed);
        // An invitation is only as good as its inviter's access now: a revoked or demoted manager's links die with it.
        else if (await access.GetAccessAsync(Invitation.RecordId, Invitation.InvitedById, HttpContext.RequestAborted) < Record.Access.Manage) Fail(State.Revoked);
        else Status = State.Ok;
    }

    private void Fail(State state)
    {
        Status = state;
        Response.StatusCode = state switch
        {
            State.Invalid => StatusCodes.Status404NotFound,
            State.OwnRecord => StatusCodes.Status400BadRequest,
            State.AlreadyYours => StatusCodes.Status200OK,
            State.OtherAddress or State.Unconfirmed => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status410Gone,
        };
    }
}
