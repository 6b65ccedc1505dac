using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The printable one-page emergency card.</summary>
public sealed class CardModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public TreatmentLine? Current { get; private set; }
    public List<(CareTeamMember Member, string Why)> Contacts { get; private set; } = [];
    public CareTeamMember? PrimaryCaregiver { get; private set; }
    public List<OtherMedicine> Medicines { get; private set; } = [];
    public SiteObservation? Brain { get; private set; }
    public Interactions.InteractionsView Interactions { get; private set; } = null!;
    /// <summary>The patient's today (the "Card printed" date).</summary>
    public DateOnly Printed { get; private set; }

    [Needs(Record.Access.View, Audit = "emergency card")]
    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Printed = await TodayAsync();

        Current = await Db.Treatments.AsNoTracking()
            .Where(t => t.RecordId == RecordId && t.End == null)
            .OrderByDescending(t => t.Start).FirstOrDefaultAsync(ct);

        var team = await Db.CareTeam.AsNoTracking().Where(m => m.RecordId == RecordId).ToListAsync(ct);
        PrimaryCaregiver = team.FirstOrDefault(m => m.IsPrimaryCaregiver);
        // Emergency contacts first, then the oncologist(s), then nurses; each person once.
        var seen = new HashSet<Guid>();
        void Add(IEnumerable<CareTeamMember> members, Func<CareTeamMember, string> why)
        {
            foreach (var m in members.OrderBy(m => CareTeamRules.RoleOrder(m.Role)).ThenBy(m => m.Name))
                if (seen.Add(m.Id)) Contacts.Add((m, why(m)));
        }
        Add(team.Where(m => m.IsEmergencyContact), m => "Emergency contact · " + Vocabulary.CareTeamRoleLabel(m.Role));
        Add(team.Where(m => m.Role == "oncologist" && !string.IsNullOrEmpty(m.Phone)), m => m.IsAlkSpecialist ? "Oncologist (ALK specialist)" : "Oncologist");
        Add(team.Where(m => m.Role == "nurse" && !string.IsNullOrEmpty(m.Phone)), _ => "Nurse");
        if (PrimaryCaregiver is not null) Add([PrimaryCaregiver], _ => "Primary caregiver");

        Medicines = await Db.Medicines.AsNoTracking().Where(m => m.RecordId == RecordId).OrderBy(m => m.Name).ToListAsync(ct);

        var brain = await Db.Sites.AsNoTracking()
            .Where(s => s.RecordId == RecordId && (s.Site == "brain" || s.Site == "leptomeninges"))
            .ToListAsync(ct);
        Brain = brain.OrderByDescending(s => s.Date).ThenByDescending(s => s.CreatedUtc).FirstOrDefault();
        Interactions = await Features.Interactions.InteractionsView.LoadAsync(Db, RecordId, compact: true, ct);
        return Page();
    }

    public static string BrainLabel(SiteObservation s) => (s.Site, s.Status) switch
    {
        ("leptomeninges", _) or (_, "leptomeningeal") => "Leptomeningeal disease",
        (_, "none") => "No brain metastases",
        (_, "active") => "Brain metastases (active)",
        (_, "treated-stable") => "Brain metastases (treated, stable)",
        _ => "Brain metastases",
    };

    public static string Phone(string phone) => new(phone.Where(c => char.IsDigit(c) || c == '+').ToArray());
}
