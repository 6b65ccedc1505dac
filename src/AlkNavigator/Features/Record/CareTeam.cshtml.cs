using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The fields of one care team member, shared by the add form and the edit page.</summary>
public sealed class CareTeamInput
{
    [Required(ErrorMessage = "Choose a role.")]
    [Display(Name = "Role")]
    public string Role { get; set; } = "";

    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(200, ErrorMessage = "Keep the name under {1} characters.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [StringLength(200, ErrorMessage = "Keep the organisation under {1} characters.")]
    [Display(Name = "Organisation")]
    public string? Organisation { get; set; }

    [StringLength(60, ErrorMessage = "Keep the phone number under {1} characters.")]
    [RegularExpression(@"^[0-9+()\-./ xXextEXT#*]*$", ErrorMessage = "Enter a phone number using digits, spaces and + ( ) - only.")]
    [Display(Name = "Phone")]
    public string? Phone { get; set; }

    [StringLength(256)]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the notes under {1} characters.")]
    [Display(Name = "Notes")]
    public string? Notes { get; set; }

    [Display(Name = "Emergency contact")]
    public bool IsEmergencyContact { get; set; }

    [Display(Name = "Primary caregiver")]
    public bool IsPrimaryCaregiver { get; set; }

    [Display(Name = "ALK specialist for second opinions")]
    public bool IsAlkSpecialist { get; set; }

    public Guid Version { get; set; }

    public static CareTeamInput From(CareTeamMember m) => new()
    {
        Role = m.Role, Name = m.Name, Organisation = m.Organisation, Phone = m.Phone, Email = m.Email, Notes = m.Notes,
        IsEmergencyContact = m.IsEmergencyContact, IsPrimaryCaregiver = m.IsPrimaryCaregiver, IsAlkSpecialist = m.IsAlkSpecialist,
        Version = m.Version,
    };

    /// <summary>Checks what attributes cannot (the role is one of the vocabulary); errors go under <paramref name="prefix"/>.</summary>
    public void Validate(ModelStateDictionary modelState, string prefix)
    {
        if (!string.IsNullOrEmpty(Role) && Vocabulary.CareTeamRoles.All(r => r.Key != Role))
            modelState.AddModelError($"{prefix}.Role", "Choose a role from the list.");
    }

    public void ApplyTo(CareTeamMember m)
    {
        m.Role = Role;
        m.Name = Name.Trim();
        m.Organisation = Clean(Organisation);
        m.Phone = Clean(Phone);
        m.Email = Clean(Email);
        m.Notes = Clean(Notes);
        m.IsEmergencyContact = IsEmergencyContact;
        m.IsPrimaryCaregiver = IsPrimaryCaregiver;
        m.IsAlkSpecialist = IsAlkSpecialist;
    }

    public string Describe() =>
        $"{Vocabulary.CareTeamRoleLabel(Role)}: {Name.Trim()}" +
        (IsEmergencyContact ? "; emergency contact" : "") +
        (IsPrimaryCaregiver ? "; primary caregiver" : "") +
        (IsAlkSpecialist ? "; ALK specialist" : "");

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public static class CareTeamRules
{
    /// <summary>Only one primary caregiver: clears the flag on every other member of the record (same unit of work).</summary>
    public static async Task ClearOtherPrimaryCaregiversAsync(AppDbContext db, RecordAccess access, RecordContext ctx, Guid keepId, CancellationToken ct)
    {
        var others = await db.CareTeam.Where(m => m.RecordId == ctx.Record.Id && m.IsPrimaryCaregiver && m.Id != keepId).ToListAsync(ct);
        foreach (var other in others)
        {
            other.IsPrimaryCaregiver = false;
            other.Version = Guid.NewGuid();
            other.UpdatedUtc = db.Clock.GetUtcNow().UtcDateTime;
            other.UpdatedBy = ctx.UserEmail;
            access.Audit(ctx, "update", "care team member", other.Id, $"{other.Name} is no longer the primary caregiver");
        }
    }

    /// <summary>Groups for display: who to call first, the medical team, then support.</summary>
    public static readonly string[] MedicalRoles =
        ["oncologist", "nurse", "thoracic-surgeon", "radiation-oncologist", "pulmonologist", "radiologist", "pathologist"];

    public static int RoleOrder(string role)
    {
        var i = Array.FindIndex(Vocabulary.CareTeamRoles, r => r.Key == role);
        return i < 0 ? int.MaxValue : i;
    }
}

public sealed class CareTeamModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [BindProperty]
    public CareTeamInput Input { get; set; } = new();

    public List<CareTeamMember> Members { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "care team")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Adds a member (form fields Input.*).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostAsync()
    {
        Input.Validate(ModelState, nameof(Input));
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var member = new CareTeamMember { RecordId = Ctx.Record.Id, UpdatedBy = Ctx.UserEmail };
        Input.ApplyTo(member);
        Db.CareTeam.Add(member);
        if (member.IsPrimaryCaregiver)
            await CareTeamRules.ClearOtherPrimaryCaregiversAsync(Db, Access, Ctx, member.Id, HttpContext.RequestAborted);
        Access.Audit(Ctx, "create", "care team member", member.Id, Input.Describe());
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus($"Added {member.Name} to the care team.");
        return RedirectToPage(new { rid = RecordId });
    }

    private async Task LoadAsync() =>
        Members = (await Db.CareTeam.AsNoTracking().Where(m => m.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted))
            .OrderBy(m => CareTeamRules.RoleOrder(m.Role)).ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
}
