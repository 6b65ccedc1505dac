using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One treatment line: change it (with optimistic concurrency) or delete it.</summary>
public sealed class TreatmentEditModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [FromRoute(Name = "id")]
    public Guid Id { get; set; }

    [BindProperty]
    public TreatmentInput Input { get; set; } = new();

    public TreatmentLine Item { get; private set; } = null!;
    public int Number { get; private set; }

    /// <summary>True when someone else deleted the line while this page was open.</summary>
    public bool Gone { get; private set; }

    [Needs(Record.Access.View, Audit = "treatment line")]
    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Input = TreatmentInput.From(Item);
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
        Access.Audit(Ctx, "update", "treatment line", Item.Id, TreatmentInput.Describe(Item));
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
        TempData.SetStatus($"Saved the changes to {Item.Agent}.");
        return Redirect($"/record/{RecordId}/treatments");
    }

    /// <summary>Deletes the line (form field Input.Version).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var version = Input.Version;
        ModelState.Clear();
        Expect(Item, version);
        Db.Treatments.Remove(Item);
        Access.Audit(Ctx, "delete", "treatment line", Item.Id, TreatmentInput.Describe(Item));
        if (!await TrySaveAsync())
        {
            if (!await LoadAsync())
            {
                Gone = true;
                return Page();
            }
            Input = TreatmentInput.From(Item);
            return Page();
        }
        TempData.SetStatus($"Deleted {Item.Agent} (line {Number}).");
        return Redirect($"/record/{RecordId}/treatments");
    }

    /// <summary>Loads the line by id and record (so an id never reaches another record) and its line number.</summary>
    private async Task<bool> LoadAsync()
    {
        var item = await Db.Treatments.FirstOrDefaultAsync(t => t.Id == Id && t.RecordId == RecordId, HttpContext.RequestAborted);
        if (item is null) return false;
        Item = item;
        var all = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted);
        Number = RecordSummary.NumberedLines(all).FirstOrDefault(x => x.Line.Id == Id).Number;
        return true;
    }
}
