using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One treatment line: change it (with optimistic concurrency) or delete it; the page shows its line number.</summary>
public sealed class TreatmentEditModel(RecordAccess access, AppDbContext db) : RecordItemEditModel<TreatmentLine, TreatmentInput>(access, db)
{
    public int Number { get; private set; }

    protected override DbSet<TreatmentLine> Items => Db.Treatments;
    protected override string What => "treatment line";
    protected override string ListPage => "treatments";
    protected override string SavedMessage(TreatmentLine e) => $"Saved the changes to {e.Agent}.";
    protected override string DeletedMessage(TreatmentLine e) => $"Deleted {e.Agent} (line {Number}).";

    /// <summary>Other ALK inhibitor lines still ongoing that stopped this save (the form offers to end them).</summary>
    public IReadOnlyList<(TreatmentLine Line, int Number)> StillOngoing { get; private set; } = [];

    protected override async Task LoadExtrasAsync(CancellationToken ct)
    {
        var all = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
        Number = RecordSummary.NumberedLines(all).FirstOrDefault(x => x.Line.Id == Id).Number;
    }

    protected override async Task CheckRecordAsync(CancellationToken ct)
    {
        // Tracked, so a line ended here is saved with this one; this line itself is already tracked as Item.
        var all = await Db.Treatments.Where(t => t.RecordId == RecordId).ToListAsync(ct);
        var others = RecordSummary.NumberedLines(all).Where(x => x.Line.Id != Id).ToList();
        var ended = Input.CheckOngoingAlk(ModelState, nameof(Input), others, out var blocking);
        foreach (var previous in ended)
        {
            Expect(previous, previous.Version);
            Access.Audit(Ctx, "update", What, previous.Id, TreatmentInput.Describe(previous));
        }
        StillOngoing = blocking;
    }

    [Needs(Record.Access.View, Audit = "treatment line")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();
}
