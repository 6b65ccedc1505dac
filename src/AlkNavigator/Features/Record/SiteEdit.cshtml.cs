using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One observation of a disease site: change it (with optimistic concurrency) or delete it.</summary>
public sealed class SiteEditModel(RecordAccess access, AppDbContext db) : RecordItemEditModel<SiteObservation, SiteInput>(access, db)
{
    protected override DbSet<SiteObservation> Items => Db.Sites;
    protected override string What => "site";
    protected override string ListPage => "sites";
    protected override string SavedMessage(SiteObservation e) => $"Saved the changes to {e.Site} ({RecordSummary.FormatDate(e.Date)}).";
    protected override string DeletedMessage(SiteObservation e) => $"Deleted {e.Site} ({RecordSummary.FormatDate(e.Date)}).";

    [Needs(Record.Access.View, Audit = "site")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();
}
