using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One site observation: change it (with optimistic concurrency) or delete it.</summary>
public sealed class SiteEditModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [FromRoute(Name = "id")]
    public Guid Id { get; set; }

    [BindProperty]
    public SiteInput Input { get; set; } = new();

    public SiteObservation Item { get; private set; } = null!;

    /// <summary>True when someone else deleted the entry while this page was open.</summary>
    public bool Gone { get; private set; }

    [Needs(Record.Access.View, Audit = "site")]
    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Input = SiteInput.From(Item);
        return Page();
    }

    /// <summary>Saves the changes (form fields Input.*, with Input.Version).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Input.Validate(ModelState, nameof(Input), ClinicalForms.Today);
        if (!ModelState.IsValid) return Page();

        Input.ApplyTo(Item);
        Expect(Item, Input.Version);
        Access.Audit(Ctx, "update", "site", Item.Id, SiteInput.Describe(Item));
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
        TempData.SetStatus($"Saved the changes to {Item.Site} ({RecordSummary.FormatDate(Item.Date)}).");
        return Redirect($"/record/{RecordId}/sites");
    }

    /// <summary>Deletes the entry (form field Input.Version).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var version = Input.Version;
        ModelState.Clear();
        Expect(Item, version);
        Db.Sites.Remove(Item);
        Access.Audit(Ctx, "delete", "site", Item.Id, SiteInput.Describe(Item));
        if (!await TrySaveAsync())
        {
            if (!await LoadAsync())
            {
                Gone = true;
                return Page();
            }
            Input = SiteInput.From(Item);
            return Page();
        }
        TempData.SetStatus($"Deleted {Item.Site} ({RecordSummary.FormatDate(Item.Date)}).");
        return Redirect($"/record/{RecordId}/sites");
    }

    /// <summary>Loads the entry by id and record, so an id never reaches another record.</summary>
    private async Task<bool> LoadAsync()
    {
        var item = await Db.Sites.FirstOrDefaultAsync(x => x.Id == Id && x.RecordId == RecordId, HttpContext.RequestAborted);
        if (item is null) return false;
        Item = item;
        return true;
    }
}
