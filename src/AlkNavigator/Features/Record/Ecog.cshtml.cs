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
public sealed class EcogModel(RecordAccess access, AppDbContext db) : RecordItemListModel<EcogEntry, EcogInput>(access, db)
{
    protected override DbSet<EcogEntry> Set => Db.EcogEntries;
    protected override string What => "performance status";
    protected override string ListPage => "ecog";
    protected override string AddedMessage(EcogEntry item) => $"Added performance status {item.Score} ({RecordSummary.FormatDate(item.Date)}).";
    protected override IEnumerable<EcogEntry> Order(IEnumerable<EcogEntry> items) => items.OrderByDescending(e => e.Date).ThenByDescending(e => e.CreatedUtc);

    [Needs(Record.Access.View, Audit = "performance status")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>Adds one (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => AddAsync();
}
