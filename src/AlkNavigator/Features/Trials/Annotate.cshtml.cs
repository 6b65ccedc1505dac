using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials;

public sealed class AnnotationInput
{
    [StringLength(4000, ErrorMessage = "Keep the summary under {1} characters.")]
    [Display(Name = "Summary in plain words")]
    public string? PlainSummary { get; set; }

    [Display(Name = "ALK categories")]
    public List<string> Tags { get; set; } = [];

    [Display(Name = "Feature this trial")]
    public bool Featured { get; set; }

    /// <summary>The annotation's version when the form was opened; empty when there was none yet.</summary>
    public Guid Version { get; set; }
}

/// <summary>
/// /trials/{nct}/annotate: a navigator's plain-language summary, category tags and "featured" flag. Kept in TrialAnnotation,
/// apart from Trial, so a re-sync never touches it. Optimistic concurrency on Version: a second save over someone else's is
/// refused with what changed, as on the record pages.
/// </summary>
[Authorize(Roles = Roles.Navigator + "," + Roles.Admin)]
public sealed class TrialAnnotateModel(AppDbContext db, TimeProvider clock, ILogger<TrialAnnotateModel> log) : PageModel
{
    [FromRoute(Name = "nct")]
    public string NctRoute { get; set; } = "";

    [BindProperty]
    public AnnotationInput Input { get; set; } = new();

    public Trial Trial { get; private set; } = null!;
    public TrialAnnotation? Current { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Input = From(Current, Trial);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var unknown = Input.Tags.Where(t => TrialCategories.All.All(c => c.Id != t)).ToList();
        if (unknown.Count > 0) ModelState.AddModelError("Input.Tags", "Choose categories from the list only.");
        if (!ModelState.IsValid) return Page();

        var who = User.Identity?.Name ?? "navigator";
        var summary = string.IsNullOrWhiteSpace(Input.PlainSummary) ? null : Input.PlainSummary.Trim();
        var tags = string.Join('|', TrialCategories.All.Select(c => c.Id).Where(Input.Tags.Contains));

        if (Current is null && Input.Version != Guid.Empty || Current is not null && Current.Version != Input.Version && Input.Version == Guid.Empty)
            return Conflict(summary, tags);

        if (Current is null)
        {
            db.TrialAnnotations.Add(new TrialAnnotation
            {
                NctId = Trial.NctId, PlainSummary = summary, Tags = tags, Featured = Input.Featured,
                Version = Guid.NewGuid(), UpdatedUtc = clock.GetUtcNow().UtcDateTime, UpdatedBy = who,
            });
        }
        else
        {
            db.Entry(Current).Property(x => x.Version).OriginalValue = Input.Version;
            Current.PlainSummary = summary;
            Current.Tags = tags;
            Current.Featured = Input.Featured;
            Current.Version = Guid.NewGuid();
            Current.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
            Current.UpdatedBy = who;
        }
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException e)
        {
            ModelState.AddModelError(string.Empty, Concurrency.Describe(e));
            return await ReloadAfterConflictAsync();
        }
        catch (DbUpdateException)
        {
            // Two navigators annotated a trial that had no annotation at the same moment: the other one was first.
            db.ChangeTracker.Clear();
            await LoadAsync();
            return Conflict(summary, tags);
        }
        // The annotation row keeps only the latest editor; the log keeps every change (who, what, when) for review.
        log.LogInformation("Annotation of {NctId} saved by {User}: featured {Featured}, tags [{Tags}], summary {SummaryLength} characters",
            Trial.NctId, who, Input.Featured, tags, summary?.Length ?? 0);
        TempData.SetStatus($"Saved the annotation of {Trial.NctId}.");
        return Redirect($"/trials/{Trial.NctId}");
    }

    /// <summary>Nothing is saved; the message names who changed what, and the form shows their version to review.</summary>
    private IActionResult Conflict(string? summary, string tags)
    {
        var parts = new List<string>();
        if (Current is not null)
        {
            parts.Add($"Changed by {Current.UpdatedBy ?? "someone"} at {Current.UpdatedUtc:yyyy-MM-dd HH:mm} UTC.");
            if (Current.PlainSummary != summary) parts.Add($"Plain summary is now “{Current.PlainSummary ?? "empty"}” (you entered “{summary ?? "empty"}”).");
            if (Current.Tags != tags) parts.Add($"Tags are now “{(Current.Tags.Length == 0 ? "none" : Current.Tags)}” (you entered “{(tags.Length == 0 ? "none" : tags)}”).");
            if (Current.Featured != Input.Featured) parts.Add($"Featured is now “{(Current.Featured ? "yes" : "no")}” (you entered “{(Input.Featured ? "yes" : "no")}”).");
        }
        ModelState.AddModelError(string.Empty, Concurrency.ConflictLead + " " + string.Join(' ', parts) + " Review the current values, then save again if your change is still right.");
        ModelState.Remove("Input.Version");
        Input.Version = Current?.Version ?? Guid.Empty;
        return Page();
    }

    private async Task<IActionResult> ReloadAfterConflictAsync()
    {
        db.ChangeTracker.Clear();
        await LoadAsync();
        ModelState.Remove("Input.Version");
        Input.Version = Current?.Version ?? Guid.Empty;
        return Page();
    }

    private static AnnotationInput From(TrialAnnotation? a, Trial t) => new()
    {
        PlainSummary = a?.PlainSummary,
        // Before any annotation, the derived categories are the starting point: the navigator adds or removes from there.
        Tags = TrialText.Split(a is null ? t.Categories : a.Tags).ToList(),
        Featured = a?.Featured ?? false,
        Version = a?.Version ?? Guid.Empty,
    };

    private async Task<bool> LoadAsync()
    {
        var nct = TrialText.Nct(NctRoute);
        if (nct is null) return false;
        var trial = await db.Trials.AsNoTracking().FirstOrDefaultAsync(t => t.NctId == nct, HttpContext.RequestAborted);
        if (trial is null) return false;
        Trial = trial;
        Current = await db.TrialAnnotations.FirstOrDefaultAsync(a => a.NctId == nct, HttpContext.RequestAborted);
        return true;
    }
}
