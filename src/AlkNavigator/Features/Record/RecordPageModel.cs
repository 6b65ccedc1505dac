using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AlkNavigator.Features.Record;

/// <summary>
/// Base for every page under /record/{rid}. Each handler declares what it needs with <see cref="NeedsAttribute"/>;
/// <see cref="RecordAccessPageFilter"/> opens the record through <see cref="RecordAccess"/> before the handler runs and
/// answers 404 when the account may not see it (so record ids reveal nothing) and 403 when it may see but not do.
/// </summary>
[Authorize]
public abstract class RecordPageModel(RecordAccess access, AppDbContext db) : PageModel
{
    protected RecordAccess Access => access;
    protected AppDbContext Db => db;
    /// <summary>The app's clock (TimeProvider.System in production; tests may fix it).</summary>
    protected TimeProvider Clock => HttpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>The patient's today: their local date by <see cref="Clock"/> (<see cref="Symptoms.PatientTime.TodayAsync"/>).</summary>
    protected async Task<DateOnly> TodayAsync() =>
        (await Symptoms.PatientTime.TodayAsync(db, RecordId, Clock, HttpContext.RequestAborted)).Today;

    [FromRoute(Name = "rid")]
    public Guid RecordId { get; set; }

    public RecordContext Ctx { get; private set; } = null!;

    /// <summary>
    /// Called by <see cref="RecordAccessPageFilter"/> before the handler, with the handler's <see cref="NeedsAttribute"/>:
    /// null when allowed (Ctx is set, the read audited); otherwise the result to answer with.
    /// </summary>
    internal async Task<IActionResult?> OpenRecordAsync(NeedsAttribute needs)
    {
        var ctx = await access.OpenAsync(RecordId, User, HttpContext.RequestAborted);
        if (ctx is null) return NotFound();
        if (ctx.Access < needs.Level) return Forbid();
        Ctx = ctx;
        ViewData["RecordContext"] = ctx;
        if (needs.Audit is not null) await access.AuditReadAsync(ctx, needs.Audit, HttpContext.RequestAborted);
        return null;
    }

    /// <summary>Marks <paramref name="item"/> as expected at <paramref name="expectedVersion"/> and gives it a new version.</summary>
    protected void Expect(IVersioned item, Guid expectedVersion)
    {
        db.Entry(item).Property(nameof(IVersioned.Version)).OriginalValue = expectedVersion;
        item.Version = Guid.NewGuid();
        item.UpdatedUtc = Clock.GetUtcNow().UtcDateTime;
        item.UpdatedBy = Ctx.UserEmail;
    }

    /// <summary>
    /// Saves; when someone else saved the same item first, nothing is written and the model state gets a
    /// message naming who changed it, when, and each field's current value. Returns false on conflict.
    /// </summary>
    protected async Task<bool> TrySaveAsync()
    {
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            return true;
        }
        catch (DbUpdateConcurrencyException e)
        {
            ModelState.AddModelError(string.Empty, Concurrency.Describe(e));
            foreach (var entry in db.ChangeTracker.Entries().ToList()) entry.State = EntityState.Detached;
            return false;
        }
    }
}

public static class Concurrency
{
    public const string ConflictLead = "Someone else changed this while you were editing, so your change was not saved.";

    /// <summary>"Someone else changed this ... Now: Dose "80 mg" (you entered "100 mg"); ..."</summary>
    public static string Describe(DbUpdateConcurrencyException e)
    {
        var parts = new List<string>();
        foreach (var entry in e.Entries)
        {
            var current = entry.GetDatabaseValues();
            if (current is null)
            {
                parts.Add("It has been deleted.");
                continue;
            }
            var who = current.Properties.FirstOrDefault(p => p.Name == "UpdatedBy") is { } by ? current[by] as string : null;
            var when = current.Properties.FirstOrDefault(p => p.Name == "UpdatedUtc") is { } at ? current[at] as DateTime? : null;
            if (who is not null) parts.Add($"Changed by {who}{(when is null ? "" : $" at {when:yyyy-MM-dd HH:mm} UTC")}.");
            foreach (var p in entry.Properties)
            {
                if (p.Metadata.Name is "Version" or "UpdatedUtc" or "UpdatedBy" or "CreatedUtc" or "Id" or "RecordId") continue;
                var theirs = current[p.Metadata.Name];
                if (Equals(theirs, p.CurrentValue)) continue;
                parts.Add($"{Humanize(p.Metadata.Name)} is now “{theirs ?? "empty"}” (you entered “{p.CurrentValue ?? "empty"}”).");
            }
        }
        return ConflictLead + " " + string.Join(' ', parts) + " Review the current values, then save again if your change is still right.";
    }

    private static string Humanize(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
