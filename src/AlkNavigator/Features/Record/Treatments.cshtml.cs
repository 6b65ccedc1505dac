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

    /// <summary>Set by the "end the earlier line and save" button shown when another ALK inhibitor is still ongoing
    /// (<see cref="CheckOngoingAlk"/>): that line gets this line's start as its end date, in the same save.</summary>
    public bool EndPrevious { get; set; }

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

    /// <summary>
    /// Two ALK inhibitors ongoing at once are almost always a forgotten end date (issue 14). When this line names an ALK
    /// inhibitor and has no end date, the other ongoing lines naming one (<paramref name="others"/>: the record's lines
    /// except this one, tracked, numbered as the list shows them) block the save with a message under End, unless
    /// <see cref="EndPrevious"/> is set and each of them started on or before this line: then they get this line's start as
    /// their end date (nothing else changes) and are returned, to be saved with it. Returns the lines still blocking in
    /// <paramref name="blocking"/>, for the page's "end it" button.
    /// </summary>
    public List<TreatmentLine> CheckOngoingAlk(ModelStateDictionary ms, string prefix, IReadOnlyList<(TreatmentLine Line, int Number)> others,
        out IReadOnlyList<(TreatmentLine Line, int Number)> blocking)
    {
        blocking = [];
        if (Start is not { } start || string.IsNullOrWhiteSpace(Agent)) return [];
        var ongoing = OtherOngoingAlk(ResolveAgent(), End, others);
        if (ongoing.Count == 0) return [];
        var later = ongoing.Where(x => x.Line.Start > start).ToList();
        if (EndPrevious && later.Count == 0)
        {
            foreach (var (line, _) in ongoing) line.End = start;
            return [.. ongoing.Select(x => x.Line)];
        }
        blocking = ongoing;
        string Name((TreatmentLine Line, int Number) x) => $"{x.Line.Agent} (line {x.Number}, started {RecordSummary.FormatDate(x.Line.Start)})";
        ms.AddModelError($"{prefix}.End", later.Count > 0
            ? $"{string.Join(" and ", later.Select(Name))} started after this one and is still ongoing. Two ALK inhibitors are rarely taken at the same time: add the date this one ended, or correct the other line."
            : $"{string.Join(" and ", ongoing.Select(Name))} is still ongoing in the record. Two ALK inhibitors are rarely taken at the same time: if it ended when this one started, use the button below to end it on {RecordSummary.FormatDate(start)}; otherwise add the end date here or on that line.");
        return [];
    }

    /// <summary>
    /// The one rule behind the forms and the API (issue 14): a line naming an ALK inhibitor with no end date conflicts with
    /// every other ongoing line naming one (<paramref name="others"/>: the record's lines except this one). Returns those.
    /// </summary>
    public static List<(TreatmentLine Line, int Number)> OtherOngoingAlk(string agent, DateOnly? end, IReadOnlyList<(TreatmentLine Line, int Number)> others)
    {
        if (end is not null || AlkDrugs.AllIn(agent).Count == 0) return [];
        return others.Where(x => x.Line.End is null && AlkDrugs.AllIn(x.Line.Agent).Count > 0).ToList();
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

/// <summary>The "end the earlier line and save" button of the treatment forms (<c>_EndPreviousLine.cshtml</c>): the other
/// ongoing ALK inhibitor lines and the start date they would end on; null when there is nothing to offer (none, or one of
/// them started after this line).</summary>
public sealed record EndPreviousOffer(IReadOnlyList<(TreatmentLine Line, int Number)> Lines, DateOnly Start)
{
    public static EndPreviousOffer? For(IReadOnlyList<(TreatmentLine Line, int Number)> lines, DateOnly? start) =>
        lines.Count > 0 && start is { } s && lines.All(x => x.Line.Start <= s) ? new(lines, s) : null;
}

/// <summary>The treatment lines, numbered by start date, and the form to add one.</summary>
public sealed class TreatmentsModel(RecordAccess access, AppDbContext db) : RecordItemListModel<TreatmentLine, TreatmentInput>(access, db)
{
    /// <summary>The lines with their numbers (first line = 1), in the page's order.</summary>
    public IReadOnlyList<(TreatmentLine Line, int Number)> Lines { get; private set; } = [];

    /// <summary>Other ALK inhibitor lines still ongoing that stopped this save (the form offers to end them).</summary>
    public IReadOnlyList<(TreatmentLine Line, int Number)> StillOngoing { get; private set; } = [];

    /// <summary>Ongoing ALK lines this save ends on the new line's start (the person ticked "end the previous line").</summary>
    private List<TreatmentLine> ended = [];

    protected override DbSet<TreatmentLine> Set => Db.Treatments;
    protected override string What => "treatment line";
    protected override string ListPage => "treatments";
    protected override IEnumerable<TreatmentLine> Order(IEnumerable<TreatmentLine> items) => items;

    protected override Task LoadExtrasAsync(CancellationToken ct)
    {
        Lines = RecordSummary.NumberedLines(Items);
        return Task.CompletedTask;
    }

    protected override string AddedMessage(TreatmentLine line) => ended.Count == 0
        ? $"Added {line.Agent}."
        : $"Added {line.Agent} and ended {string.Join(" and ", ended.Select(e => e.Agent))} on {RecordSummary.FormatDate(line.Start)}.";

    /// <summary>A second ongoing ALK inhibitor is refused unless the person ends the previous line in the same save.</summary>
    protected override async Task CheckRecordAsync(TreatmentLine line, CancellationToken ct)
    {
        ended = Input.CheckOngoingAlk(ModelState, nameof(Input),
            RecordSummary.NumberedLines(await Db.Treatments.Where(t => t.RecordId == RecordId).ToListAsync(ct)), out var blocking);
        StillOngoing = blocking;
        if (!ModelState.IsValid) return;
        foreach (var previous in ended)
        {
            Expect(previous, previous.Version);
            Access.Audit(Ctx, "update", "treatment line", previous.Id, TreatmentInput.Describe(previous));
        }
    }

    [Needs(Record.Access.View, Audit = "treatments")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>Adds a line (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => AddAsync();
}
