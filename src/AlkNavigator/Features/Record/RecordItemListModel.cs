using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>
/// The list page of one kind of record item (treatment lines, biomarkers, ECOG entries …) with its add form: the
/// counterpart of <see cref="RecordItemEditModel{TItem, TInput}"/>. A page declares its handlers with their [Needs]
/// (the access filter reads them from the page) and says where its items live, how they are ordered and what to tell
/// the person; loading, validation, audit, the save with its conflict handling and the redirect live here once.
/// </summary>
public abstract class RecordItemListModel<TItem, TInput>(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
    where TItem : RecordItem, new()
    where TInput : class, IRecordItemInput<TItem, TInput>, new()
{
    [BindProperty]
    public TInput Input { get; set; } = new();

    /// <summary>The record's items, in the page's order.</summary>
    public List<TItem> Items { get; private set; } = [];

    /// <summary>The record's table of these items.</summary>
    protected abstract DbSet<TItem> Set { get; }

    /// <summary>The audit trail's name of the item (e.g. "treatment line").</summary>
    protected abstract string What { get; }

    /// <summary>The list page under /record/{rid}/ (e.g. "treatments").</summary>
    protected abstract string ListPage { get; }

    /// <summary>The status line after an item was added.</summary>
    protected abstract string AddedMessage(TItem item);

    /// <summary>The order the page shows the items in.</summary>
    protected abstract IEnumerable<TItem> Order(IEnumerable<TItem> items);

    /// <summary>Loads what the page shows beside the items (e.g. the interaction check).</summary>
    protected virtual Task LoadExtrasAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Checks the new item against the rest of the record (model errors), after the input's own checks; may change
    /// other tracked items, which are then saved with it (e.g. ending the previous treatment line).</summary>
    protected virtual Task CheckRecordAsync(TItem item, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs after the item was saved, before the redirect (e.g. a flag for the next page).</summary>
    protected virtual void OnAdded(TItem item) { }

    protected async Task<IActionResult> ShowAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Adds an item (form fields Input.*). Nothing is saved unless every check passes.</summary>
    protected async Task<IActionResult> AddAsync()
    {
        var ct = HttpContext.RequestAborted;
        Input.Validate(ModelState, nameof(Input), await TodayAsync());
        var item = new TItem { RecordId = Ctx.Record.Id, UpdatedBy = Ctx.UserEmail };
        if (ModelState.IsValid)
        {
            Input.ApplyTo(item);
            await CheckRecordAsync(item, ct);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        Set.Add(item);
        Access.Audit(Ctx, "create", What, item.Id, TInput.Describe(item));
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus(AddedMessage(item));
        OnAdded(item);
        return Redirect($"/record/{RecordId}/{ListPage}");
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Items = Order(await Set.AsNoTracking().Where(x => x.RecordId == RecordId).ToListAsync(ct)).ToList();
        await LoadExtrasAsync(ct);
    }
}
