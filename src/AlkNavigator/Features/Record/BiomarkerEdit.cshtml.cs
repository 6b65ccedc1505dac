using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One biomarker result: change it (with optimistic concurrency) or delete it.</summary>
public sealed class BiomarkerEditModel(RecordAccess access, AppDbContext db) : RecordItemEditModel<BiomarkerResult, BiomarkerInput>(access, db)
{
    protected override DbSet<BiomarkerResult> Items => Db.Biomarkers;
    protected override string What => "biomarker result";
    protected override string ListPage => "biomarkers";
    protected override string SavedMessage(BiomarkerResult e) => $"Saved the changes to {e.Gene} {e.Alteration}.";
    protected override string DeletedMessage(BiomarkerResult e) => $"Deleted {e.Gene} {e.Alteration}.";

    [Needs(Record.Access.View, Audit = "biomarker result")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();
}
