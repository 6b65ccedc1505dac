using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The form fields of one kind of record item, shared by its list page's add form and its edit page.</summary>
public interface IRecordItemInput<TItem, TSelf> where TSelf : IRecordItemInput<TItem, TSelf>
{
    /// <summary>The item's version when the form was filled (optimistic concurrency).</summary>
    Guid Version { get; set; }

    static abstract TSelf From(TItem item);

    /// <summary>One line for the audit trail.</summary>
    static abstract string Describe(TItem item);

    /// <summary>Checks beyond the data annotations (dates not in the future, cross-field rules), as model errors.</summary>
    void Validate(ModelStateDictionary modelState, string prefix, DateOnly today);

    void ApplyTo(TItem item);
}

/// <summary>
/// The edit page of one record item (a treatment line, biomarker, ECOG entry …): change it with optimistic concurrency
/// or delete it. A page declares its handlers with their [Needs] (the access filter reads them from the page) and
/// says where its items live and what to tell the person; the load, validation, audit, conflict and "deleted by
/// someone else" handling live here once.
/// </summary>
public abstract class RecordItemEditModel<TItem, TInput>(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
    where TItem : RecordItem
    where TInput : class, IRecordItemInput<TItem, TInput>, new()
{
    [FromRoute(Name = "id")]
    public Guid Id { get; set; }

    [BindProperty]
    public TInput Input { get; set; } = new();

    public TItem Item { get; private set; } = null!;

    /// <summary>True when someone else deleted the item while this page was open.</summary>
    public bool Gone { get; private set; }

    /// <summary>The record's table of these items.</summary>
    protected abstract DbSet<TItem> Items { get; }

    /// <summary>The audit trail's name of the item (e.g. "treatment line").</summary>
    protected abstract string What { get; }

    /// <summary>The list page under /record/{rid}/ to return to (e.g. "treatments").</summary>
    protected abstract string ListPage { get; }

    protected abstract string SavedMessage(TItem item);

    protected abstract string DeletedMessage(TItem item);

    /// <summary>Loads what the page shows beside the item (e.g. a treatment line's number).</summary>
    protected virtual Task LoadExtrasAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Checks against the rest of the record (model errors), after the input's own checks; may change other tracked
    /// items that are then saved with this one (e.g. ending another treatment line).</summary>
    protected virtual Task CheckRecordAsync(CancellationToken ct) => Task.CompletedTask;

    protected async Task<IActionResult> ShowAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Input = TInput.From(Item);
        return Page();
    }

    /// <summary>Saves the changes (form fields Input.*, with Input.Version).</summary>
    protected async Task<IActionResult> SaveAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Input.Validate(ModelState, nameof(Input), await TodayAsync());
        if (ModelState.IsValid) await CheckRecordAsync(HttpContext.RequestAborted);
        if (!ModelState.IsValid) return Page();

        Input.ApplyTo(Item);
        Expect(Item, Input.Version);
        Access.Audit(Ctx, "update", What, Item.Id, TInput.Describe(Item));
        if (!await TrySaveAsync())
        {
            if (!await LoadAsync())
            {
                Gone = true;
                return Page();
            }
            ClinicalForms.RefreshVersion(ModelState);
            Input.Version = Item.Version;
            return Page();
        }
        TempData.SetStatus(SavedMessage(Item));
        return Redirect($"/record/{RecordId}/{ListPage}");
    }

    /// <summary>Deletes the item (form field Input.Version).</summary>
    protected async Task<IActionResult> DeleteAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var version = Input.Version;
        ModelState.Clear();
        Expect(Item, version);
        Items.Remove(Item);
        Access.Audit(Ctx, "delete", What, Item.Id, TInput.Describe(Item));
        if (!await TrySaveAsync())
        {
            if (!await LoadAsync())
            {
                Gone = true;
                return Page();
            }
            Input = TInput.From(Item);
            return Page();
        }
        TempData.SetStatus(DeletedMessage(Item));
        return Redirect($"/record/{RecordId}/{ListPage}");
    }

    /// <summary>Loads the item by id and record, so an id never reaches another record.</summary>
    private async Task<bool> LoadAsync()
    {
        var item = await Items.FirstOrDefaultAsync(x => x.Id == Id && x.RecordId == RecordId, HttpContext.RequestAborted);
        if (item is null) return false;
        Item = item;
        await LoadExtrasAsync(HttpContext.RequestAborted);
        return true;
    }
}
