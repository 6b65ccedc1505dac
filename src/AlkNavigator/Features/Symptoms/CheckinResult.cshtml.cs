using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>One submitted check-in: its answers, measurements, who answered, and what its alerts mean now.</summary>
public sealed class CheckinResultModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [FromRoute(Name = "id")]
    public Guid Id { get; set; }

    public CheckIn Item { get; private set; } = null!;
    public List<SymptomAlert> Raised { get; private set; } = [];
    public List<SymptomAlert> Ongoing { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public List<CareTeamMember> Contacts { get; private set; } = [];

    /// <summary>A safety question this check-in did not ask (it was added later, or the check-in came from elsewhere) or has no answer to.</summary>
    public sealed record MissingQuestion(ProItem Item, string Why, bool Asked);

    /// <summary>
    /// The safety questions (the product's own, and those the questionnaire asks as safety questions for this drug and day) that were
    /// not asked or not answered: nothing can be concluded about them, so the page never says nothing needs action.
    /// </summary>
    public List<MissingQuestion> MissingSafety { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "check-in")]
    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var item = await Db.CheckIns.AsNoTracking().Include(c => c.Answers).FirstOrDefaultAsync(c => c.Id == Id && c.RecordId == RecordId, ct);
        if (item is null) return NotFound();
        if (item.Status != CheckInStatus.Submitted)
            return Ctx.CanContribute ? Redirect($"/record/{RecordId}/symptoms/checkin") : NotFound();
        Item = item;
        Zone = PatientTime.Zone((await CheckInFlow.SettingsAsync(Db, RecordId, ct))?.TimeZone);
        var alerts = (await Db.SymptomAlerts.AsNoTracking().Where(a => a.CheckInId == Id && a.RecordId == RecordId).ToListAsync(ct))
            .OrderByDescending(a => AlertLevels.Rank(a.Level)).ThenBy(a => a.Term).ToList();
        Raised = alerts.Where(CheckInFlow.IsRaised).ToList();
        Ongoing = alerts.Where(a => !CheckInFlow.IsRaised(a)).ToList();
        MissingSafety = Missing(item, PatientTime.LocalDate(item.SubmittedUtc!.Value, Zone));
        if (Raised.Count > 0 || MissingSafety.Count > 0 || Ongoing.Any(a => a.Level is AlertLevels.Urgent or AlertLevels.Contact))
            Contacts = (await Db.CareTeam.AsNoTracking().Where(m => m.RecordId == RecordId && (m.Role == "oncologist" || m.Role == "nurse") && m.Phone != null).ToListAsync(ct))
                .OrderBy(m => m.Role == "oncologist" ? 0 : 1).ToList();
        return Page();
    }

    /// <summary>The safety questions of the check-in's drug and day that it did not ask, or asked and has no answer to.</summary>
    public static List<MissingQuestion> Missing(CheckIn c, DateOnly submittedLocal)
    {
        var asked = CheckInFlow.Terms(c).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var expected = Questionnaire.For(new SymptomContext(c.Drug, c.DrugStart, submittedLocal))
            .Where(q => q.Group == Questionnaire.Safety || !q.Item.IsProCtcae).ToList();
        // Safety questions the check-in asked that the questionnaire no longer lists still need their answers.
        foreach (var item in CheckInFlow.Items(c).Where(i => !i.IsProCtcae && expected.All(q => q.Item.Term != i.Term)))
            expected.Add(new QuestionItem(item, Questionnaire.Safety, ""));
        var missing = new List<MissingQuestion>();
        foreach (var q in expected)
        {
            if (!asked.Contains(q.Item.Term)) missing.Add(new MissingQuestion(q.Item, q.Why, Asked: false));
            else if (!c.Answers.Any(a => string.Equals(a.Term, q.Item.Term, StringComparison.OrdinalIgnoreCase) && a.Attribute == q.Item.Attributes[0]))
                missing.Add(new MissingQuestion(q.Item, q.Why, Asked: true));
        }
        return missing;
    }
}
