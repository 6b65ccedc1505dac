using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AlkNavigator.Features.Record;

/// <summary>The about-the-patient and diagnosis fields of <see cref="PatientRecord"/>.</summary>
public sealed class DiagnosisInput
{
    [Required(ErrorMessage = "Enter a name for this record.")]
    [StringLength(200, ErrorMessage = "Keep the name under {1} characters.")]
    [Display(Name = "Name")]
    public string DisplayName { get; set; } = "";

    [Range(1900, 9999, ErrorMessage = "Enter the year of birth as four digits, for example 1968.")]
    [Display(Name = "Year of birth")]
    public int? BirthYear { get; set; }

    [Display(Name = "Sex")]
    public string? Sex { get; set; }

    [StringLength(100, ErrorMessage = "Choose the country from the list.")]
    [Display(Name = "Country")]
    public string? Country { get; set; }

    [StringLength(100, ErrorMessage = "Keep the city under {1} characters.")]
    [Display(Name = "City or town")]
    public string? City { get; set; }

    [StringLength(40, ErrorMessage = "Keep the postal code under {1} characters.")]
    [Display(Name = "Postal code")]
    public string? PostalCode { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the allergies under {1} characters.")]
    [Display(Name = "Allergies")]
    public string? Allergies { get; set; }

    [StringLength(300, ErrorMessage = "Keep the hospital under {1} characters.")]
    [Display(Name = "Preferred hospital")]
    public string? PreferredHospital { get; set; }

    [StringLength(4000, ErrorMessage = "Keep the notes under {1} characters.")]
    [Display(Name = "Notes")]
    public string? Notes { get; set; }

    [Display(Name = "Date of diagnosis")]
    public DateOnly? DiagnosisDate { get; set; }

    [StringLength(100, ErrorMessage = "Keep the type under {1} characters.")]
    [Display(Name = "Type of lung cancer (histology)")]
    public string? Histology { get; set; }

    [Display(Name = "Stage")]
    public string? Stage { get; set; }

    [StringLength(40, ErrorMessage = "Keep T under {1} characters.")]
    [Display(Name = "T (tumour)")]
    public string? StageT { get; set; }

    [StringLength(40, ErrorMessage = "Keep N under {1} characters.")]
    [Display(Name = "N (lymph nodes)")]
    public string? StageN { get; set; }

    [StringLength(40, ErrorMessage = "Keep M under {1} characters.")]
    [Display(Name = "M (spread)")]
    public string? StageM { get; set; }

    [Display(Name = "ALK result")]
    public string? AlkStatus { get; set; }

    [Display(Name = "How ALK was tested")]
    public string? AlkMethod { get; set; }

    [StringLength(40, ErrorMessage = "Keep the fusion partner under {1} characters.")]
    [Display(Name = "Fusion partner")]
    public string? FusionPartner { get; set; }

    [StringLength(40, ErrorMessage = "Keep the variant under {1} characters.")]
    [Display(Name = "Fusion variant")]
    public string? FusionVariant { get; set; }

    [StringLength(40, ErrorMessage = "Keep PD-L1 under {1} characters.")]
    [Display(Name = "PD-L1")]
    public string? PdL1 { get; set; }

    public Guid Version { get; set; }

    public static DiagnosisInput From(PatientRecord r) => new()
    {
        DisplayName = r.DisplayName, BirthYear = r.BirthYear, Sex = r.Sex,
        Country = CountryCodes.Normalize(r.Country) ?? r.Country, // an older free-text value ("United Kingdom", "UK") shows as its code
        PostalCode = r.PostalCode, City = r.City,
        Allergies = r.Allergies, PreferredHospital = r.PreferredHospital, Notes = r.Notes, DiagnosisDate = r.DiagnosisDate,
        Histology = r.Histology, Stage = r.Stage, StageT = r.StageT, StageN = r.StageN, StageM = r.StageM, AlkStatus = r.AlkStatus,
        AlkMethod = r.AlkMethod, FusionPartner = r.FusionPartner, FusionVariant = r.FusionVariant, PdL1 = r.PdL1, Version = r.Version,
    };

    /// <summary>Checks what attributes cannot. A stored value outside the lists (e.g. imported) may be kept unchanged.</summary>
    public void Validate(ModelStateDictionary ms, string prefix, PatientRecord current, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string>
        {
            [$"{prefix}.DiagnosisDate"] = ClinicalForms.DateFormatMessage,
            [$"{prefix}.BirthYear"] = "Enter the year of birth as four digits, for example 1968.",
        });
        if (BirthYear is { } y && !ClinicalForms.HasError(ms, $"{prefix}.BirthYear") && y > today.Year)
            ms.AddModelError($"{prefix}.BirthYear", "The year of birth can't be in the future.");
        ClinicalForms.CheckDate(ms, $"{prefix}.DiagnosisDate", DiagnosisDate, today, "date of diagnosis");
        if (DiagnosisDate is { } dx && BirthYear is { } by && dx.Year < by && !ClinicalForms.HasError(ms, $"{prefix}.DiagnosisDate"))
            ms.AddModelError($"{prefix}.DiagnosisDate", $"The date of diagnosis is before the year of birth ({by}). Check both.");

        Sex = Choice(ms, $"{prefix}.Sex", Sex, Vocabulary.Sexes, current.Sex, "Choose female, male or other, or leave it blank.");
        if (!ClinicalForms.HasError(ms, $"{prefix}.Country"))
        {
            if (CountryCodes.IsValid(Country)) Country = CountryCodes.Normalize(Country);
            else ms.AddModelError($"{prefix}.Country", $"“{Country?.Trim()}” is not a country we know. Choose the country from the list.");
        }
        Histology = Choice(ms, $"{prefix}.Histology", Histology, Vocabulary.Histologies, current.Histology, "Choose a type from the list.");
        Stage = Choice(ms, $"{prefix}.Stage", Stage, Vocabulary.Stages, current.Stage, $"“{Stage?.Trim()}” is not a stage. Choose one from the list (IA1 to IVB, or I to IV).");
        AlkStatus = Choice(ms, $"{prefix}.AlkStatus", AlkStatus, Vocabulary.AlkStatuses, current.AlkStatus, "Choose positive, negative or unknown.");
        AlkMethod = Choice(ms, $"{prefix}.AlkMethod", AlkMethod, Vocabulary.AlkMethods, current.AlkMethod, "Choose a test method from the list.");
    }

    private static string? Choice(ModelStateDictionary ms, string key, string? value, string[] options, string? stored, string message)
    {
        var v = ClinicalForms.Clean(value);
        if (v is null) return null;
        if (ClinicalForms.Pick(v, options) is { } picked) return picked;
        if (v == stored) return v; // unchanged value from elsewhere (e.g. an import)
        ms.AddModelError(key, message);
        return v;
    }

    public void ApplyTo(PatientRecord r)
    {
        r.DisplayName = DisplayName.Trim();
        r.BirthYear = BirthYear;
        r.Sex = Sex;
        r.Country = CountryCodes.Normalize(Country); // an ISO 3166-1 alpha-2 code or nothing, never a name cut to two letters
        r.PostalCode = ClinicalForms.Clean(PostalCode);
        r.City = ClinicalForms.Clean(City);
        r.Allergies = ClinicalForms.Clean(Allergies);
        r.PreferredHospital = ClinicalForms.Clean(PreferredHospital);
        r.Notes = ClinicalForms.Clean(Notes);
        r.DiagnosisDate = DiagnosisDate;
        r.Histology = Histology;
        r.Stage = Stage;
        r.StageT = ClinicalForms.Clean(StageT);
        r.StageN = ClinicalForms.Clean(StageN);
        r.StageM = ClinicalForms.Clean(StageM);
        r.AlkStatus = AlkStatus;
        r.AlkMethod = AlkMethod;
        r.FusionPartner = ClinicalForms.Clean(FusionPartner);
        r.FusionVariant = ClinicalForms.Clean(FusionVariant);
        r.PdL1 = ClinicalForms.Clean(PdL1);
    }
}

public sealed class DiagnosisModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [BindProperty]
    public DiagnosisInput Input { get; set; } = new();

    [Needs(Record.Access.View, Audit = "diagnosis")]
    public async Task<IActionResult> OnGetAsync()
    {
        Input = DiagnosisInput.From(Ctx.Record);
        return Page();
    }

    /// <summary>Saves the diagnosis and personal details (form fields Input.*, with Input.Version).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        var record = Ctx.Record;
        Input.Validate(ModelState, nameof(Input), record, await TodayAsync());
        if (!ModelState.IsValid) return Page();

        Input.ApplyTo(record);
        var entry = Db.Entry(record);
        Db.ChangeTracker.DetectChanges();
        var changed = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToList();
        if (changed.Count == 0)
        {
            TempData.SetStatus("Nothing had changed, so there was nothing to save.", "info");
            return Redirect($"/record/{RecordId}/diagnosis");
        }

        Expect(record, Input.Version);
        Access.Audit(Ctx, "update", "diagnosis", record.Id, "Changed " + string.Join(", ", changed.Select(Humanize)));
        if (!await TrySaveAsync())
        {
            ClinicalForms.RefreshVersion(ModelState);
            var fresh = await Db.Records.FindAsync([RecordId], HttpContext.RequestAborted);
            if (fresh is null) return NotFound();
            Input.Version = fresh.Version;
            return Page();
        }
        TempData.SetStatus("Saved.");
        return Redirect($"/record/{RecordId}/diagnosis");
    }

    private static string Humanize(string property) => property switch
    {
        nameof(PatientRecord.DisplayName) => "name",
        nameof(PatientRecord.BirthYear) => "year of birth",
        nameof(PatientRecord.PostalCode) => "postal code",
        nameof(PatientRecord.PreferredHospital) => "preferred hospital",
        nameof(PatientRecord.DiagnosisDate) => "date of diagnosis",
        nameof(PatientRecord.StageT) => "T",
        nameof(PatientRecord.StageN) => "N",
        nameof(PatientRecord.StageM) => "M",
        nameof(PatientRecord.AlkStatus) => "ALK result",
        nameof(PatientRecord.AlkMethod) => "ALK test method",
        nameof(PatientRecord.FusionPartner) => "fusion partner",
        nameof(PatientRecord.FusionVariant) => "fusion variant",
        nameof(PatientRecord.PdL1) => "PD-L1",
        _ => property.ToLowerInvariant(),
    };
}
