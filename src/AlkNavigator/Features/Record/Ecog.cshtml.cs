using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The fields of one performance status (ECOG) entry, shared by the add form and the edit page.</summary>
public sealed class EcogInput : IRecordItemInput<EcogEntry, EcogInput>
{
    [Required(ErrorMessage = "Enter the date.")]
    [Display(Name = "Date")]
    public DateOnly? Date { get; set; }

    [Required(ErrorMessage = "Choose a score from 0 to 4.")]
    [Range(0, 4, ErrorMessage = "The score is a number from 0 to 4.")]
    [Display(Name = "Score")]
    public int? Score { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    public static readonly int[] Scores = [0, 1, 2, 3, 4];

    public static EcogInput From(EcogEntry e) => new() { Date = e.Date, Score = e.Score, Note = e.Note, Version = e.Version };

    public void Validate(ModelStateDictionary ms, string prefix, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string>
        {
            [$"{prefix}.Date"] = ClinicalForms.DateFormatMessage,
            [$"{prefix}.Score"] = "The score is a number from 0 to 4.",
        });
        ClinicalForms.CheckDate(ms, $"{prefix}.Date", Date, today, "date");
    }

    public void ApplyTo(EcogEntry e)
    {
        e.Date = Date!.Value;
        e.Score = Score!.Value;
        e.Note = ClinicalForms.Clean(Note);
    }

    public static string Describe(EcogEntry e) => $"{RecordSummary.IsoDate(e.Date)}: ECOG {e.Score}";
}

/// <summary>Performance status (ECOG) over time, with what each score means, and the form to add one.</summary>
public sealed class EcogModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [BindProperty]
    public EcogInput Input { get; set; } = new();

    public List<EcogEntry> Items { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "performance status")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Adds an entry (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        Input.Validate(ModelState, nameof(Input), await TodayAsync());
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var item = new EcogEntry { RecordId = Ctx.Record.Id, UpdatedBy = Ctx.UserEmail };
        Input.ApplyTo(item);
        Db.EcogEntries.Add(item);
        Access.Audit(Ctx, "create", "performance status", item.Id, EcogInput.Describe(item));
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus($"Added performance status {item.Score} ({RecordSummary.FormatDate(item.Date)}).");
        return Redirect($"/record/{RecordId}/ecog");
    }

    private async Task LoadAsync() =>
        Items = (await Db.EcogEntries.AsNoTracking().Where(e => e.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted))
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.CreatedUtc).ToList();
}
