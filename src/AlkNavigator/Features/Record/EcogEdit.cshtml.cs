using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One performance status (ECOG) entry: change it (with optimistic concurrency) or delete it.</summary>
public sealed class EcogEditModel(RecordAccess access, AppDbContext db) : RecordItemEditModel<EcogEntry, EcogInput>(access, db)
{
    protected override DbSet<EcogEntry> Items => Db.EcogEntries;
    protected override string What => "performance status";
    protected override string ListPage => "ecog";
    protected override string SavedMessage(EcogEntry e) => $"Saved the changes to the entry of {RecordSummary.FormatDate(e.Date)}.";
    protected override string DeletedMessage(EcogEntry e) => $"Deleted the entry of {RecordSummary.FormatDate(e.Date)}.";

    [Needs(Record.Access.View, Audit = "performance status")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();
}
