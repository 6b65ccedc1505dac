using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The fields of one procedure (surgery or radiation), shared by the add form and the edit page.</summary>
public sealed class ProcedureInput : IRecordItemInput<ProcedureEntry, ProcedureInput>
{
    [Required(ErrorMessage = "Choose surgery or radiation.")]
    [Display(Name = "Kind")]
    public string Kind { get; set; } = "";

    [Required(ErrorMessage = "Enter what was done, for example lobectomy or SRS.")]
    [StringLength(200, ErrorMessage = "Keep the name under {1} characters.")]
    [Display(Name = "What was done")]
    public string Name { get; set; } = "";

    [Display(Name = "Date")]
    public DateOnly? Date { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    /// <summary>Suggestions offered while typing the name (any other text is fine).</summary>
    public static readonly string[] Suggestions =
    [
        "lobectomy", "segmentectomy", "wedge resection", "pneumonectomy", "craniotomy (brain surgery)",
        "SRS (stereotactic radiosurgery)", "WBRT (whole-brain radiation)", "SBRT (stereotactic body radiation)",
        "thoracic radiation", "radiation to bone",
    ];

    public static ProcedureInput From(ProcedureEntry p) => new() { Kind = p.Kind, Name = p.Name, Date = p.Date, Note = p.Note, Version = p.Version };

    public void Validate(ModelStateDictionary ms, string prefix, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string> { [$"{prefix}.Date"] = ClinicalForms.DateFormatMessage });
        Kind = ClinicalForms.CheckChoice(ms, $"{prefix}.Kind", Kind, Vocabulary.ProcedureKinds, "Choose surgery or radiation.") ?? Kind;
        ClinicalForms.CheckDate(ms, $"{prefix}.Date", Date, today, "date");
    }

    public void ApplyTo(ProcedureEntry p)
    {
        p.Kind = ClinicalForms.Pick(Kind, Vocabulary.ProcedureKinds)!;
        p.Name = Name.Trim();
        p.Date = Date;
        p.Note = ClinicalForms.Clean(Note);
    }

    public static string Describe(ProcedureEntry p) =>
        $"{p.Kind}: {p.Name}" + (p.Date is { } d ? $", {RecordSummary.IsoDate(d)}" : "");
}

/// <summary>Surgery and radiation, and the form to add one.</summary>
public sealed class ProceduresModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [BindProperty]
    public ProcedureInput Input { get; set; } = new();

    public List<ProcedureEntry> Items { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "procedures")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Adds a procedure (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        Input.Validate(ModelState, nameof(Input), await TodayAsync());
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var item = new ProcedureEntry { RecordId = Ctx.Record.Id, UpdatedBy = Ctx.UserEmail };
        Input.ApplyTo(item);
        Db.Procedures.Add(item);
        Access.Audit(Ctx, "create", "procedure", item.Id, ProcedureInput.Describe(item));
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus($"Added {item.Name}.");
        return Redirect($"/record/{RecordId}/procedures");
    }

    private async Task LoadAsync() =>
        Items = (await Db.Procedures.AsNoTracking().Where(p => p.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted))
            .OrderByDescending(p => p.Date ?? DateOnly.MinValue).ThenByDescending(p => p.CreatedUtc).ToList();
}
