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
public sealed class ProceduresModel(RecordAccess access, AppDbContext db) : RecordItemListModel<ProcedureEntry, ProcedureInput>(access, db)
{
    protected override DbSet<ProcedureEntry> Set => Db.Procedures;
    protected override string What => "procedure";
    protected override string ListPage => "procedures";
    protected override string AddedMessage(ProcedureEntry item) => $"Added {item.Name}.";
    protected override IEnumerable<ProcedureEntry> Order(IEnumerable<ProcedureEntry> items) => items.OrderByDescending(p => p.Date ?? DateOnly.MinValue).ThenByDescending(p => p.CreatedUtc);

    [Needs(Record.Access.View, Audit = "procedures")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>Adds one (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => AddAsync();
}
