using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The fields of one progression event, shared by the add form and the edit page.</summary>
public sealed class ProgressionInput : IRecordItemInput<ProgressionEvent, ProgressionInput>
{
    [Required(ErrorMessage = "Enter the date the progression was found.")]
    [Display(Name = "Date")]
    public DateOnly? Date { get; set; }

    [Required(ErrorMessage = "Enter where the cancer grew, for example brain or liver.")]
    [StringLength(200, ErrorMessage = "Keep this under {1} characters.")]
    [Display(Name = "Where")]
    public string Where { get; set; } = "";

    [Required(ErrorMessage = "Choose how it was found.")]
    [Display(Name = "How it was found")]
    public string FoundBy { get; set; } = "";

    [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    public static ProgressionInput From(ProgressionEvent p) => new() { Date = p.Date, Where = p.Where, FoundBy = p.FoundBy, Note = p.Note, Version = p.Version };

    public void Validate(ModelStateDictionary ms, string prefix, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string> { [$"{prefix}.Date"] = ClinicalForms.DateFormatMessage });
        ClinicalForms.CheckDate(ms, $"{prefix}.Date", Date, today, "date");
        FoundBy = ClinicalForms.CheckChoice(ms, $"{prefix}.FoundBy", FoundBy, Vocabulary.FoundBy, "Choose a scan, symptoms or a liquid biopsy.") ?? FoundBy;
    }

    public void ApplyTo(ProgressionEvent p)
    {
        p.Date = Date!.Value;
        p.Where = Where.Trim();
        p.FoundBy = ClinicalForms.Pick(FoundBy, Vocabulary.FoundBy)!;
        p.Note = ClinicalForms.Clean(Note);
    }

    public static string Describe(ProgressionEvent p) => $"{RecordSummary.IsoDate(p.Date)}: {p.Where}, found by {p.FoundBy}";
}

/// <summary>Progression events, and the form to add one (then pointing to the progression plan and the resistance guide).</summary>
public sealed class ProgressionsModel(RecordAccess access, AppDbContext db) : RecordItemListModel<ProgressionEvent, ProgressionInput>(access, db)
{
    /// <summary>TempData key set after a progression is added, so the next page offers the plan and the guide.</summary>
    public const string AddedKey = "ProgressionAdded";

    public bool JustAdded { get; private set; }

    protected override DbSet<ProgressionEvent> Set => Db.Progressions;
    protected override string What => "progression";
    protected override string ListPage => "progressions";
    protected override string AddedMessage(ProgressionEvent item) => $"Added the progression of {RecordSummary.FormatDate(item.Date)} ({item.Where}).";
    protected override IEnumerable<ProgressionEvent> Order(IEnumerable<ProgressionEvent> items) => items.OrderByDescending(p => p.Date).ThenByDescending(p => p.CreatedUtc);

    protected override void OnAdded(ProgressionEvent item) => TempData[AddedKey] = "1";

    [Needs(Record.Access.View, Audit = "progressions")]
    public Task<IActionResult> OnGetAsync()
    {
        JustAdded = TempData[AddedKey] is not null;
        return ShowAsync();
    }

    /// <summary>Adds one (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => AddAsync();
}
