using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Visit;

/// <summary>The fields of one visit, shared by the add form and the edit page.</summary>
public sealed class VisitInput : IRecordItemInput<VisitEntry, VisitInput>
{
    /// <summary>A visit can be planned this far ahead (the next appointment).</summary>
    public const int AheadDays = 366;

    [Required(ErrorMessage = "Enter the date of the visit.")]
    [Display(Name = "Date")]
    public DateOnly? Date { get; set; }

    [Display(Name = "With someone on your care team")]
    public Guid? CareTeamMemberId { get; set; }

    [StringLength(200, ErrorMessage = "Keep this under {1} characters.")]
    [Display(Name = "With whom")]
    public string? WithWhom { get; set; }

    [StringLength(4000, ErrorMessage = "Keep the notes under {1} characters.")]
    [Display(Name = "Notes")]
    public string? Notes { get; set; }

    public Guid Version { get; set; }

    /// <summary>The chosen care team member's name ("Oncologist: Dr Rivera"), set by the page once it checked the member is this record's.</summary>
    internal string? MemberName { get; set; }

    public static VisitInput From(VisitEntry v) => new()
    {
        Date = v.Date, CareTeamMemberId = v.CareTeamMemberId, WithWhom = v.WithWhom, Notes = v.Notes, Version = v.Version,
    };

    public void Validate(ModelStateDictionary ms, string prefix, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string> { [$"{prefix}.Date"] = ClinicalForms.DateFormatMessage });
        if (Date is { } d && !ClinicalForms.HasError(ms, $"{prefix}.Date"))
        {
            if (d > today.AddDays(AheadDays)) ms.AddModelError($"{prefix}.Date", "Choose a date within the next year.");
            else if (d < ClinicalForms.Earliest) ms.AddModelError($"{prefix}.Date", "The date looks too early. Check the year.");
        }
    }

    /// <summary>The member must be one of this record's care team (an id alone never reaches another record).</summary>
    public async Task CheckMemberAsync(AppDbContext db, Guid recordId, ModelStateDictionary ms, string prefix, CancellationToken ct)
    {
        if (CareTeamMemberId is not { } id) return;
        var m = await db.CareTeam.AsNoTracking().Where(x => x.Id == id && x.RecordId == recordId).Select(x => new { x.Name, x.Role }).FirstOrDefaultAsync(ct);
        if (m is null) ms.AddModelError($"{prefix}.CareTeamMemberId", "Choose someone from your care team, or leave it empty.");
        else MemberName = m.Name;
    }

    public void ApplyTo(VisitEntry v)
    {
        v.Date = Date!.Value;
        v.CareTeamMemberId = CareTeamMemberId;
        // The typed name wins; otherwise the member's name is kept as text, so the visit still reads after they leave the team.
        v.WithWhom = ClinicalForms.Clean(WithWhom) ?? MemberName ?? (CareTeamMemberId is null ? null : v.WithWhom);
        v.Notes = ClinicalForms.Clean(Notes);
    }

    public static string Describe(VisitEntry v) => $"{RecordSummary.IsoDate(v.Date)}{(v.WithWhom is null ? "" : $" with {v.WithWhom}")}";
}

/// <summary>
/// The visits in the record (newest first) and the form to add one: past visits (the last one starts "since my last visit")
/// and planned ones. Reading needs view access; adding needs contribute access.
/// </summary>
public sealed class VisitsModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [BindProperty]
    public VisitInput Input { get; set; } = new();

    public List<VisitEntry> Items { get; private set; } = [];
    public List<CareTeamMember> Team { get; private set; } = [];
    public Dictionary<Guid, int> AnswerCounts { get; private set; } = [];
    public DateOnly Today { get; private set; }

    [Needs(Record.Access.View, Audit = "visits")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Adds a visit (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        Input.Validate(ModelState, nameof(Input), await TodayAsync(ct));
        await Input.CheckMemberAsync(Db, RecordId, ModelState, nameof(Input), ct);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var item = new VisitEntry { RecordId = RecordId, UpdatedBy = Ctx.UserEmail };
        Input.ApplyTo(item);
        Db.Visits.Add(item);
        Access.Audit(Ctx, "create", "visit", item.Id, VisitInput.Describe(item));
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus($"Added the visit of {RecordSummary.FormatDate(item.Date)}.");
        return Redirect($"/record/{RecordId}/visits/{item.Id}");
    }

    private async Task<DateOnly> TodayAsync(CancellationToken ct)
    {
        var zone = await Db.SymptomSettings.Where(s => s.RecordId == RecordId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct);
        return Symptoms.PatientTime.LocalDate(Clock.GetUtcNow().UtcDateTime, Symptoms.PatientTime.Zone(zone));
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Today = await TodayAsync(ct);
        Items = (await Db.Visits.AsNoTracking().Where(v => v.RecordId == RecordId).ToListAsync(ct))
            .OrderByDescending(v => v.Date).ThenByDescending(v => v.CreatedUtc).ToList();
        Team = await VisitTeam.LoadAsync(Db, RecordId, ct);
        AnswerCounts = (await Db.OwnQuestions.AsNoTracking().Where(q => q.RecordId == RecordId && q.VisitId != null)
                .Select(q => q.VisitId!.Value).ToListAsync(ct))
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
    }
}

/// <summary>The care team as the visit forms offer it (medical roles first).</summary>
public static class VisitTeam
{
    public static async Task<List<CareTeamMember>> LoadAsync(AppDbContext db, Guid recordId, CancellationToken ct) =>
        (await db.CareTeam.AsNoTracking().Where(m => m.RecordId == recordId && m.Role != "caregiver").ToListAsync(ct))
        .OrderBy(m => CareTeamRules.RoleOrder(m.Role)).ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    public static string Label(CareTeamMember m) =>
        $"{m.Name} ({Vocabulary.CareTeamRoleLabel(m.Role)}{(string.IsNullOrEmpty(m.Organisation) ? "" : $", {m.Organisation}")})";
}
