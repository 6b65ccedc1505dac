using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One other medicine: change it (with optimistic concurrency) or delete it.</summary>
public sealed class MedicineEditModel(RecordAccess access, AppDbContext db) : RecordItemEditModel<OtherMedicine, MedicineInput>(access, db)
{
    protected override DbSet<OtherMedicine> Items => Db.Medicines;
    protected override string What => "other medicine";
    protected override string ListPage => "medicines";
    protected override string SavedMessage(OtherMedicine e) => $"Saved the changes to {e.Name}.";
    protected override string DeletedMessage(OtherMedicine e) => $"Deleted {e.Name}.";

    [Needs(Record.Access.View, Audit = "other medicine")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => SaveAsync();

    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDeleteAsync() => DeleteAsync();
}
