using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// One visit: change it (optimistic concurrency) or delete it, and write down the answers to the patient's own questions
/// given at it (each answered question is linked to this visit).
/// </summary>
public sealed class VisitEditModel(RecordAccess access, AppDbContext db) : RecordItemEditModel<VisitEntry, VisitInput>(access, db)
{
    protected override DbSet<VisitEntry> Items => Db.Visits;
    protected override string What => "visit";
    protected override string ListPage => "visits";
    protected override string SavedMessage(VisitEntry v) => $"Saved the changes to the visit of {RecordSummary.FormatDate(v.Date)}.";
    protected override string DeletedMessage(VisitEntry v) => $"Deleted the visit of {RecordSummary.FormatDate(v.Date)}.";

    public List<CareTeamMember> Team { get; private set; } = [];
    /// <summary>The own questions answered at this visit, then those not yet asked.</summary>
    public List<OwnQuestion> Questions { get; private set; } = [];

    public sealed class AnswerInput
    {
        public Guid Id { get; set; }
        public Guid Version { get; set; }
        public string? Answer { get; set; }
        public bool Done { get; set; }
    }

    [BindProperty]
    public List<AnswerInput> Answers { get; set; } = [];

    [Needs(Record.Access.View, Audit = "visit")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();

    /// <summary>Saves the answers written after this visit (form fields Answers[i].*): answered or ticked questions are linked to it.</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAnswersAsync()
    {
        ModelState.Clear(); // the visit's own fields (Input.*) are not part of this form
        var ct = HttpContext.RequestAborted;
        var visit = await Db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == Id && v.RecordId == RecordId, ct);
        if (visit is null) return NotFound();
        if (Answers.Any(a => a.Answer is { Length: > 4000 }))
        {
            ModelState.AddModelError(string.Empty, "Keep each answer under 4000 characters.");
            return await ShowAsync();
        }
        var ids = Answers.Select(a => a.Id).ToList();
        var questions = await Db.OwnQuestions.Where(q => q.RecordId == RecordId && ids.Contains(q.Id)).ToListAsync(ct);
        var changed = 0;
        foreach (var a in Answers)
        {
            var q = questions.FirstOrDefault(x => x.Id == a.Id);
            if (q is null) continue;
            var answer = string.IsNullOrWhiteSpace(a.Answer) ? null : a.Answer.Trim();
            var done = a.Done || answer is not null;
            Guid? visitId = done ? visit.Id : (q.VisitId == visit.Id ? null : q.VisitId);
            if (q.Answer == answer && q.Done == done && q.VisitId == visitId) continue;
            Expect(q, a.Version);
            (q.Answer, q.Done, q.VisitId) = (answer, done, visitId);
            Access.Audit(Ctx, "update", "visit question", q.Id, done ? $"answered at the visit of {RecordSummary.IsoDate(visit.Date)}" : "not yet asked");
            changed++;
        }
        if (changed > 0 && !await TrySaveAsync()) return await ShowAsync();
        TempData.SetStatus(changed == 0 ? "Nothing to save." : changed == 1 ? "Saved 1 answer." : $"Saved {changed} answers.");
        return Redirect($"/record/{RecordId}/visits/{Id}#answers");
    }

    protected override Task CheckRecordAsync(CancellationToken ct) => Input.CheckMemberAsync(Db, RecordId, ModelState, nameof(Input), ct);

    protected override async Task LoadExtrasAsync(CancellationToken ct)
    {
        Team = await VisitTeam.LoadAsync(Db, RecordId, ct);
        Questions = (await Db.OwnQuestions.AsNoTracking().Where(q => q.RecordId == RecordId && (q.VisitId == Id || !q.Done)).ToListAsync(ct))
            .OrderBy(q => q.VisitId == Id ? 0 : 1).ThenBy(q => q.Position).ThenBy(q => q.CreatedUtc).ToList();
    }
}
