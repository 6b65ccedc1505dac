using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One surgery or radiotherapy entry: change it (with optimistic concurrency) or delete it.</summary>
public sealed class ProcedureEditModel(RecordAccess access, AppDbContext db) : RecordItemEditModel<ProcedureEntry, ProcedureInput>(access, db)
{
    protected override DbSet<ProcedureEntry> Items => Db.Procedures;
    protected override string What => "procedure";
    protected override string ListPage => "procedures";
    protected override string SavedMessage(ProcedureEntry e) => $"Saved the changes to {e.Name}.";
    protected override string DeletedMessage(ProcedureEntry e) => $"Deleted {e.Name}.";

    [Needs(Record.Access.View, Audit = "procedure")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();
}
