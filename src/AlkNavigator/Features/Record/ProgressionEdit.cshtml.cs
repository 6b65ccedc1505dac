using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One progression event: change it (with optimistic concurrency) or delete it.</summary>
public sealed class ProgressionEditModel(RecordAccess access, AppDbContext db) : RecordItemEditModel<ProgressionEvent, ProgressionInput>(access, db)
{
    protected override DbSet<ProgressionEvent> Items => Db.Progressions;
    protected override string What => "progression";
    protected override string ListPage => "progressions";
    protected override string SavedMessage(ProgressionEvent e) => $"Saved the changes to the progression of {RecordSummary.FormatDate(e.Date)}.";
    protected override string DeletedMessage(ProgressionEvent e) => $"Deleted the progression of {RecordSummary.FormatDate(e.Date)}.";

    [Needs(Record.Access.View, Audit = "progression")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();
}
