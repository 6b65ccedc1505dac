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

    protected override async Task LoadExtrasAsync(CancellationToken ct)
    {
        var all = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
        Number = RecordSummary.NumberedLines(all).FirstOrDefault(x => x.Line.Id == Id).Number;
    }

    [Needs(Record.Access.View, Audit = "treatment line")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();
}
