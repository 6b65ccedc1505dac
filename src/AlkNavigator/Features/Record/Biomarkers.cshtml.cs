using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The fields of one biomarker result, shared by the add form and the edit page.</summary>
public sealed class BiomarkerInput : IRecordItemInput<BiomarkerResult, BiomarkerInput>
{
    public const string Other = "other";

    /// <summary>The genes (and PD-L1) offered in the select; "other" lets the gene be typed.</summary>
    public static readonly string[] Genes = ["ALK", "MET", "EGFR", "KRAS", "ROS1", "PD-L1"];

    [Display(Name = "Date of the result")]
    public DateOnly? Date { get; set; }

    [Required(ErrorMessage = "Choose the gene.")]
    [Display(Name = "Gene or marker")]
    public string Gene { get; set; } = "";

    [StringLength(40, ErrorMessage = "Keep the gene under {1} characters.")]
    [Display(Name = "If another gene, its name")]
    public string? GeneOther { get; set; }

    [Required(ErrorMessage = "Enter the result, for example G1202R or amplification.")]
    [StringLength(200, ErrorMessage = "Keep the result under {1} characters.")]
    [Display(Name = "Result (mutation or change)")]
    public string Alteration { get; set; } = "";

    [Display(Name = "Tested on")]
    public string? Source { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    /// <summary>The gene to store (a method, so validation does not visit it).</summary>
    public string ResolveGene()
    {
        var gene = (Gene ?? "").Trim();
        if (gene == Other) return ClinicalForms.Pick(GeneOther, Genes) ?? (GeneOther ?? "").Trim();
        return ClinicalForms.Pick(gene, Genes) ?? gene;
    }

    public static BiomarkerInput From(BiomarkerResult b)
    {
        var known = ClinicalForms.Pick(b.Gene, Genes);
        return new()
        {
            Date = b.Date, Gene = known ?? Other, GeneOther = known is null ? b.Gene : null, Alteration = b.Alteration,
            Source = b.Source, Note = b.Note, Version = b.Version,
        };
    }

    public void Validate(ModelStateDictionary ms, string prefix, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string> { [$"{prefix}.Date"] = ClinicalForms.DateFormatMessage });
        ClinicalForms.CheckDate(ms, $"{prefix}.Date", Date, today, "date");
        var gene = (Gene ?? "").Trim();
        if (gene == Other)
        {
            if (string.IsNullOrWhiteSpace(GeneOther))
                ms.AddModelError($"{prefix}.GeneOther", "Type the name of the gene, or choose one from the list.");
        }
        else if (gene.Length > 0 && ClinicalForms.Pick(gene, Genes) is null)
            ms.AddModelError($"{prefix}.Gene", "Choose a gene from the list. For another gene, choose “Another gene” and type it.");
        Source = ClinicalForms.CheckChoice(ms, $"{prefix}.Source", Source, Vocabulary.BiomarkerSources, "Choose tissue or liquid biopsy, or leave it blank.");
    }

    public void ApplyTo(BiomarkerResult b)
    {
        b.Date = Date;
        b.Gene = ResolveGene();
        b.Alteration = Alteration.Trim();
        b.Source = Source;
        b.Note = ClinicalForms.Clean(Note);
    }

    public static string Describe(BiomarkerResult b) =>
        $"{b.Gene} {b.Alteration}" + (b.Source is null ? "" : $" ({b.Source})") + (b.Date is { } d ? $", {RecordSummary.IsoDate(d)}" : "");
}

/// <summary>Biomarker results over time (ALK fusion, resistance mutations, MET, PD-L1...), and the form to add one.</summary>
public sealed class BiomarkersModel(RecordAccess access, AppDbContext db) : RecordItemListModel<BiomarkerResult, BiomarkerInput>(access, db)
{
    protected override DbSet<BiomarkerResult> Set => Db.Biomarkers;
    protected override string What => "biomarker result";
    protected override string ListPage => "biomarkers";
    protected override string AddedMessage(BiomarkerResult item) => $"Added {item.Gene} {item.Alteration}.";
    protected override IEnumerable<BiomarkerResult> Order(IEnumerable<BiomarkerResult> items) => items.OrderByDescending(b => b.Date ?? DateOnly.MinValue).ThenByDescending(b => b.CreatedUtc);

    [Needs(Record.Access.View, Audit = "biomarkers")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>Adds one (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => AddAsync();
}
