using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

public sealed class CareTeamEditModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [FromRoute(Name = "id")]
    public Guid MemberId { get; set; }

    [BindProperty]
    public CareTeamInput Input { get; set; } = new();

    /// <summary>The member as currently saved (null once deleted by someone else).</summary>
    public CareTeamMember? Saved { get; private set; }

    [Needs(Record.Access.Manage, Audit = "care team member")]
    public async Task<IActionResult> OnGetAsync()
    {
        Saved = await FindAsync(tracked: false);
        if (Saved is null) return NotFound();
        Input = CareTeamInput.From(Saved);
        return Page();
    }

    /// <summary>Saves the edit (form fields Input.*, with the hidden Input.Version).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostAsync()
    {
        var member = await FindAsync(tracked: true);
        if (member is null) return NotFound();
        Input.Validate(ModelState, nameof(Input));
        if (!ModelState.IsValid)
        {
            Saved = member;
            return Page();
        }

        Expect(member, Input.Version);
        Input.ApplyTo(member);
        if (member.IsPrimaryCaregiver)
            await CareTeamRules.ClearOtherPrimaryCaregiversAsync(Db, Access, Ctx, member.Id, HttpContext.RequestAborted);
        Access.Audit(Ctx, "update", "care team member", member.Id, Input.Describe());
        if (!await TrySaveAsync()) return await ConflictPageAsync();
        TempData.SetStatus($"Saved the changes to {member.Name}.");
        return Redirect($"/record/{RecordId}/careteam");
    }

    /// <summary>Deletes the member (form field Version).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostDeleteAsync(Guid version)
    {
        var member = await FindAsync(tracked: true);
        if (member is null) return NotFound();
        ModelState.Clear();
        Expect(member, version);
        Db.CareTeam.Remove(member);
        Access.Audit(Ctx, "delete", "care team member", member.Id, $"{Vocabulary.CareTeamRoleLabel(member.Role)}: {member.Name}");
        if (!await TrySaveAsync())
        {
            var page = await ConflictPageAsync();
            if (Saved is not null) Input = CareTeamInput.From(Saved);
            return page;
        }
        TempData.SetStatus($"Removed {member.Name} from the care team.");
        return Redirect($"/record/{RecordId}/careteam");
    }

    /// <summary>After a conflict: keeps what was typed, but takes the saved version so a second save can go through.</summary>
    private async Task<IActionResult> ConflictPageAsync()
    {
        Saved = await FindAsync(tracked: false);
        if (Saved is null)
        {
            ModelState.Clear();
            TempData.SetStatus("Someone else removed this person from the care team, so your change was not saved.", "warn");
            return Redirect($"/record/{RecordId}/careteam");
        }
        Input.Version = Saved.Version;
        ModelState.Remove($"{nameof(Input)}.{nameof(Input.Version)}");
        return Page();
    }

    private Task<CareTeamMember?> FindAsync(bool tracked)
    {
        var q = Db.CareTeam.Where(m => m.Id == MemberId && m.RecordId == RecordId);
        if (!tracked) q = q.AsNoTracking();
        return q.FirstOrDefaultAsync(HttpContext.RequestAborted);
    }
}
