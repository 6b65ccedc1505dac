using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The fields of one treatment line, shared by the add form and the edit page.</summary>
public sealed class TreatmentInput : IRecordItemInput<TreatmentLine, TreatmentInput>
{
    /// <summary>Value of <see cref="Agent"/> meaning "type the name in <see cref="AgentOther"/>".</summary>
    public const string Other = "other";

    [Required(ErrorMessage = "Choose the treatment.")]
    [Display(Name = "Treatment")]
    public string Agent { get; set; } = "";

    [StringLength(200, ErrorMessage = "Keep the name under {1} characters.")]
    [Display(Name = "If something else, its name")]
    public string? AgentOther { get; set; }

    [StringLength(200, ErrorMessage = "Keep the dose under {1} characters.")]
    [Display(Name = "Dose")]
    public string? Dose { get; set; }

    [StringLength(200, ErrorMessage = "Keep the schedule under {1} characters.")]
    [Display(Name = "Schedule")]
    public string? Schedule { get; set; }

    [Required(ErrorMessage = "Enter the date this treatment started.")]
    [Display(Name = "Start date")]
    public DateOnly? Start { get; set; }

    [Display(Name = "End date")]
    public DateOnly? End { get; set; }

    [Display(Name = "Why it ended")]
    public string? StopReason { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    /// <summary>The six ALK inhibitors and the common chemotherapy, as offered in the select.</summary>
    public static IEnumerable<string> KnownAgents => Vocabulary.Tkis.Concat(Vocabulary.Chemotherapy);

    /// <summary>The agent to store: the list entry, or the typed name for "other" (a method, so validation does not visit it).</summary>
    public string ResolveAgent()
    {
        var agent = (Agent ?? "").Trim();
        return agent == Other ? (AgentOther ?? "").Trim() : ClinicalForms.Pick(agent, KnownAgents) ?? agent;
    }

    public static TreatmentInput From(TreatmentLine t)
    {
        var known = ClinicalForms.Pick(t.Agent, KnownAgents);
        return new()
        {
            Agent = known ?? Other, AgentOther = known is null ? t.Agent : null, Dose = t.Dose, Schedule = t.Schedule,
            Start = t.Start, End = t.End, StopReason = t.StopReason, Note = t.Note, Version = t.Version,
        };
    }

    /// <summary>Checks what attributes cannot; errors go under <paramref name="prefix"/>.</summary>
    public void Validate(ModelStateDictionary ms, string prefix, DateOnly today)
    {
        ClinicalForms.FriendlyBindingErrors(ms, new Dictionary<string, string>
        {
            [$"{prefix}.Start"] = ClinicalForms.DateFormatMessage,
            [$"{prefix}.End"] = ClinicalForms.DateFormatMessage,
        });
        if ((Agent ?? "").Trim() == Other && string.IsNullOrWhiteSpace(AgentOther))
            ms.AddModelError($"{prefix}.AgentOther", "Type the name of the treatment, or choose one from the list.");
        else if (!string.IsNullOrWhiteSpace(Agent) && ResolveAgent().Length > 200)
            ms.AddModelError($"{prefix}.Agent", "Keep the name of the treatment under 200 characters.");

        ClinicalForms.CheckDate(ms, $"{prefix}.Start", Start, today, "start date");
        ClinicalForms.CheckDate(ms, $"{prefix}.End", End, today, "end date");
        if (Start is { } s && End is { } e && e < s && !ClinicalForms.HasError(ms, $"{prefix}.End"))
            ms.AddModelError($"{prefix}.End", $"The end date is before the start date ({RecordSummary.FormatDate(s)}). Check both dates.");

        StopReason = ClinicalForms.CheckChoice(ms, $"{prefix}.StopReason", StopReason, Vocabulary.StopReasons, "Choose a reason from the list, or leave it blank.");
        if (StopReason is not null && End is null && !ClinicalForms.HasError(ms, $"{prefix}.End"))
            ms.AddModelError($"{prefix}.StopReason", "A reason for stopping needs an end date. Add the end date, or leave the reason blank if the treatment is still going on.");
    }

    public void ApplyTo(TreatmentLine t)
    {
        t.Agent = ResolveAgent();
        t.Dose = ClinicalForms.Clean(Dose);
        t.Schedule = ClinicalForms.Clean(Schedule);
        t.Start = Start!.Value;
        t.End = End;
        t.StopReason = StopReason;
        t.Note = ClinicalForms.Clean(Note);
    }

    public static string Describe(TreatmentLine t) =>
        t.Agent + (t.Dose is null ? "" : $" {t.Dose}") + (t.Schedule is null ? "" : $" {t.Schedule}") +
        $", from {RecordSummary.IsoDate(t.Start)}" + (t.End is { } e ? $" to {RecordSummary.IsoDate(e)}" : "") +
        (t.StopReason is null ? "" : $" ({t.StopReason})");
}

/// <summary>The treatment lines, numbered by start date, and the form to add one.</summary>
public sealed class TreatmentsModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [BindProperty]
    public TreatmentInput Input { get; set; } = new();

    public IReadOnlyList<(TreatmentLine Line, int Number)> Lines { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "treatments")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Adds a line (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        Input.Validate(ModelState, nameof(Input), ClinicalForms.Today);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var line = new TreatmentLine { RecordId = Ctx.Record.Id, UpdatedBy = Ctx.UserEmail };
        Input.ApplyTo(line);
        Db.Treatments.Add(line);
        Access.Audit(Ctx, "create", "treatment line", line.Id, TreatmentInput.Describe(line));
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus($"Added {line.Agent}.");
        return Redirect($"/record/{RecordId}/treatments");
    }

    private async Task LoadAsync() =>
        Lines = RecordSummary.NumberedLines(await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted));
}
