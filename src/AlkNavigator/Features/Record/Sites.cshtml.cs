using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The fields of one site observation, shared by the add form and the edit page.</summary>
public sealed class SiteInput : IRecordItemInput<SiteObservation, SiteInput>
{
    public const string Other = "other";
    public const string Brain = "brain";

    [Required(ErrorMessage = "Enter the date of the scan or report.")]
    [Display(Name = "Date")]
    public DateOnly? Date { get; set; }

    [Required(ErrorMessage = "Choose where in the body.")]
    [Display(Name = "Where in the body")]
    public string Site { get; set; } = "";

    [StringLength(100, ErrorMessage = "Keep the place under {1} characters.")]
    [Display(Name = "If somewhere else, where")]
    public string? SiteOther { get; set; }

    [Display(Name = "Brain status")]
    public string? Status { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    /// <summary>The site to store: the list entry, or the typed place for "other" (a method, so validation does not visit it).</summary>
    public string ResolveSite()
    {
        var site = ClinicalForms.Pick(Site, Vocabulary.Sites) ?? (Site ?? "").Trim();
        if (site != Other || string.IsNullOrWhiteSpace(SiteOther)) return site;
        return ClinicalForms.Pick(SiteOther, Vocabulary.Sites) ?? SiteOther.Trim();
    }

    public static SiteInput From(SiteObservation s)
    {
        var known = ClinicalForms.Pick(s.Site, Vocabulary.Sites);
        return new()
        {
            Date = s.Date, Site = known ?? Other, SiteOther = known is null ? s.Site : null, Status = s.Status, Note = s.Note, Version = s.Version,
        };
    }

    public void Validate(ModelStateDictionary ms, string prefix, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string> { [$"{prefix}.Date"] = ClinicalForms.DateFormatMessage });
        ClinicalForms.CheckDate(ms, $"{prefix}.Date", Date, today, "date");
        if (string.IsNullOrWhiteSpace(Site)) return;
        if (ClinicalForms.Pick(Site, Vocabulary.Sites) is null)
        {
            ms.AddModelError($"{prefix}.Site", "Choose a place from the list. For anywhere else, choose “Somewhere else” and type it.");
            return;
        }
        var status = ClinicalForms.Clean(Status);
        if (ResolveSite() == Brain)
        {
            if (status is null)
                ms.AddModelError($"{prefix}.Status", "For the brain, choose what the scans show: none, active, treated and stable, or leptomeningeal.");
            else
                Status = ClinicalForms.CheckChoice(ms, $"{prefix}.Status", status, Vocabulary.BrainStatuses, "Choose a brain status from the list.");
        }
        else if (status is not null)
            ms.AddModelError($"{prefix}.Status", "The brain status is only for the brain. Leave it blank for other places.");
    }

    public void ApplyTo(SiteObservation s)
    {
        s.Date = Date!.Value;
        s.Site = ResolveSite();
        s.Status = s.Site == Brain ? ClinicalForms.Pick(Status, Vocabulary.BrainStatuses) : null;
        s.Note = ClinicalForms.Clean(Note);
    }

    public static string Describe(SiteObservation s) =>
        $"{RecordSummary.IsoDate(s.Date)}: {s.Site}" + (s.Status is null ? "" : $" ({s.Status})");
}

/// <summary>Where the cancer is, observed over time (the brain with its status), and the form to add an observation.</summary>
public sealed class SitesModel(RecordAccess access, AppDbContext db) : RecordItemListModel<SiteObservation, SiteInput>(access, db)
{
    protected override DbSet<SiteObservation> Set => Db.Sites;
    protected override string What => "site";
    protected override string ListPage => "sites";
    protected override string AddedMessage(SiteObservation item) => $"Added {item.Site} ({RecordSummary.FormatDate(item.Date)}).";
    protected override IEnumerable<SiteObservation> Order(IEnumerable<SiteObservation> items) => items.OrderByDescending(s => s.Date).ThenBy(s => s.Site == SiteInput.Brain ? 0 : 1).ThenBy(s => s.Site, StringComparer.OrdinalIgnoreCase);

    [Needs(Record.Access.View, Audit = "sites")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>Adds one (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => AddAsync();
}
