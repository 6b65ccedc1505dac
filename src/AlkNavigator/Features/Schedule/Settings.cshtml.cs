using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Features.Schedule;

/// <summary>
/// Schedule settings: visit spacing, reminder lead time, email reminders (one row per record, created on first save),
/// and the private calendar link (create, replace, turn off). Anyone who may view the record sees them; only the
/// patient or a managing caregiver changes them.
/// </summary>
public sealed class SettingsModel(RecordAccess access, AppDbContext db, IOptions<SmtpOptions> smtp) : RecordPageModel(access, db)
{
    public const int EarlyMin = 1, EarlyMax = 12, LaterMin = 1, LaterMax = 12, StableMin = 6, StableMax = 60, LeadMin = 0, LeadMax = 14;

    public sealed class SettingsInput
    {
        public int VisitMonthsEarly { get; set; } = 3;
        public int VisitMonthsLater { get; set; } = 6;
        public int StableMonthsBeforeLater { get; set; } = 24;
        public int ReminderLeadDays { get; set; } = 2;
        public bool EmailReminders { get; set; }
        /// <summary>The row's version when the form was shown; empty when there was no row yet.</summary>
        public Guid Version { get; set; }
    }

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public ScheduleSettings? Current { get; private set; }
    /// <summary>Whether the server can send email (Smtp:Host is set).</summary>
    public bool CanEmail => !string.IsNullOrWhiteSpace(smtp.Value.Host);
    /// <summary>The full feed URL, set only in the response that created it (the token is not stored).</summary>
    public string? NewFeedUrl { get; private set; }
    public string? NewWebcalUrl { get; private set; }

    [Needs(Record.Access.View, Audit = "schedule settings")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        FillInput();
        return Page();
    }

    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        Check(nameof(Input.VisitMonthsEarly), Input.VisitMonthsEarly, EarlyMin, EarlyMax, "Visits in the first period must be every 1 to 12 months.");
        Check(nameof(Input.VisitMonthsLater), Input.VisitMonthsLater, LaterMin, LaterMax, "Visits later on must be every 1 to 12 months.");
        Check(nameof(Input.StableMonthsBeforeLater), Input.StableMonthsBeforeLater, StableMin, StableMax, "The stable period before visits spread out must be 6 to 60 months.");
        Check(nameof(Input.ReminderLeadDays), Input.ReminderLeadDays, LeadMin, LeadMax, "Remind 0 to 14 days before.");
        if (!ModelState.IsValid) return Page();

        var row = Current;
        var isNew = row is null;
        if (row is null)
        {
            if (Input.Version != Guid.Empty)
            {
                ModelState.AddModelError(string.Empty, Concurrency.ConflictLead + " The settings have been removed. Review the values, then save again.");
                ModelState.Remove("Input.Version");
                Input.Version = Guid.Empty;
                return Page();
            }
            row = new ScheduleSettings { RecordId = RecordId, UpdatedBy = Ctx.UserEmail };
            Db.ScheduleSettings.Add(row);
        }
        else
        {
            Expect(row, Input.Version);
        }
        row.VisitMonthsEarly = Input.VisitMonthsEarly;
        row.VisitMonthsLater = Input.VisitMonthsLater;
        row.StableMonthsBeforeLater = Input.StableMonthsBeforeLater;
        row.ReminderLeadDays = Input.ReminderLeadDays;
        row.EmailReminders = Input.EmailReminders;
        Access.Audit(Ctx, isNew ? "create" : "update", "schedule settings", RecordId,
            $"visits every {row.VisitMonthsEarly} months, then every {row.VisitMonthsLater} months after {row.StableMonthsBeforeLater} stable months; " +
            $"remind {row.ReminderLeadDays} days before; email reminders {(row.EmailReminders ? "on" : "off")}");
        bool saved;
        try
        {
            saved = await TrySaveAsync();
        }
        catch (DbUpdateException)
        {
            // Someone else created the settings at the same moment (same key).
            foreach (var e in Db.ChangeTracker.Entries().ToList()) e.State = EntityState.Detached;
            ModelState.AddModelError(string.Empty, Concurrency.ConflictLead + " Review the current values, then save again if your change is still right.");
            saved = false;
        }
        if (!saved)
        {
            await LoadAsync();
            ModelState.Remove("Input.Version");
            Input.Version = Current?.Version ?? Guid.Empty;
            return Page();
        }
        TempData.SetStatus("Saved the schedule settings.");
        return Redirect($"/record/{RecordId}/schedule/settings");
    }

    /// <summary>Creates the private calendar link, or replaces it (the old link stops working at once).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostCreateLinkAsync() => await NewLinkAsync();

    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostReplaceLinkAsync() => await NewLinkAsync();

    /// <summary>What the subscription feed contains: private (neutral titles, the default) or detailed (chosen by the patient).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostFeedContentAsync(string? content)
    {
        if (content is not ("private" or "detailed"))
        {
            TempData.SetStatus("Choose what the calendar link shows: private or detailed.", "info");
            return Redirect($"/record/{RecordId}/schedule/settings");
        }
        var detailed = content == "detailed";
        var ct = HttpContext.RequestAborted;
        var row = await Db.ScheduleSettings.FirstOrDefaultAsync(s => s.RecordId == RecordId, ct);
        if (row is null)
        {
            row = new ScheduleSettings { RecordId = RecordId, UpdatedBy = Ctx.UserEmail };
            Db.ScheduleSettings.Add(row);
        }
        if (row.FeedDetailed != detailed || Db.Entry(row).State == EntityState.Added)
        {
            row.FeedDetailed = detailed;
            row.UpdatedUtc = Clock.GetUtcNow().UtcDateTime;
            row.UpdatedBy = Ctx.UserEmail;
            Access.Audit(Ctx, "update", "calendar link", RecordId, detailed
                ? "calendar link set to detailed: titles and reasons, which can name the diagnosis and the drug"
                : "calendar link set to private: neutral titles, no reasons");
            try
            {
                await Db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                foreach (var e in Db.ChangeTracker.Entries().ToList()) e.State = EntityState.Detached;
                TempData.SetStatus("Someone else changed these settings at the same moment. Try again.", "info");
                return Redirect($"/record/{RecordId}/schedule/settings");
            }
        }
        TempData.SetStatus(detailed
            ? "The calendar link now shows each item's title and reason, which can name the diagnosis and the drug."
            : "The calendar link is private: only neutral titles such as “Scan” and “Blood test”.");
        return Redirect($"/record/{RecordId}/schedule/settings");
    }

    /// <summary>Turns the link off: the feed answers 404 from now on.</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostTurnOffLinkAsync()
    {
        var row = await Db.ScheduleSettings.FirstOrDefaultAsync(s => s.RecordId == RecordId, HttpContext.RequestAborted);
        if (row?.FeedTokenHash is not null)
        {
            row.FeedTokenHash = null;
            row.FeedCreatedUtc = null;
            Access.Audit(Ctx, "delete", "calendar link", RecordId, "turned off the private calendar link");
            await Db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        TempData.SetStatus("The private calendar link is turned off. Calendars subscribed to it stop getting updates.");
        return Redirect($"/record/{RecordId}/schedule/settings");
    }

    private async Task<IActionResult> NewLinkAsync()
    {
        var ct = HttpContext.RequestAborted;
        var row = await Db.ScheduleSettings.FirstOrDefaultAsync(s => s.RecordId == RecordId, ct);
        var replaced = row?.FeedTokenHash is not null;
        if (row is null)
        {
            row = new ScheduleSettings { RecordId = RecordId, UpdatedBy = Ctx.UserEmail };
            Db.ScheduleSettings.Add(row);
        }
        var (token, hash) = ScheduleFeed.NewToken();
        row.FeedTokenHash = hash;
        row.FeedCreatedUtc = Clock.GetUtcNow().UtcDateTime;
        Access.Audit(Ctx, replaced ? "update" : "create", "calendar link", RecordId,
            replaced ? "replaced the private calendar link (the old link stopped working)" : "created a private calendar link");
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The settings row was created by someone else at the same moment.
            foreach (var e in Db.ChangeTracker.Entries().ToList()) e.State = EntityState.Detached;
            TempData.SetStatus("Someone else changed these settings at the same moment. Try again.", "info");
            return Redirect($"/record/{RecordId}/schedule/settings");
        }
        var baseUrl = $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
        NewFeedUrl = ScheduleFeed.FeedUrl(baseUrl, token);
        NewWebcalUrl = ScheduleFeed.WebcalUrl(NewFeedUrl);
        await LoadAsync();
        FillInput();
        // Never cache the page that shows the secret.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>Out of range, or not a whole number at all (then the binder's own message is replaced by the plain one).</summary>
    private void Check(string field, int value, int min, int max, string message)
    {
        var key = $"Input.{field}";
        if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
        {
            entry.Errors.Clear();
            ModelState.AddModelError(key, message);
        }
        else if (value < min || value > max) ModelState.AddModelError(key, message);
    }

    private void FillInput()
    {
        var s = Current ?? new ScheduleSettings();
        Input = new SettingsInput
        {
            VisitMonthsEarly = s.VisitMonthsEarly,
            VisitMonthsLater = s.VisitMonthsLater,
            StableMonthsBeforeLater = s.StableMonthsBeforeLater,
            ReminderLeadDays = s.ReminderLeadDays,
            EmailReminders = s.EmailReminders,
            Version = Current?.Version ?? Guid.Empty,
        };
    }

    private async Task LoadAsync()
    {
        foreach (var e in Db.ChangeTracker.Entries<ScheduleSettings>().ToList()) e.State = EntityState.Detached;
        Current = await Db.ScheduleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == RecordId, HttpContext.RequestAborted);
        if (Current is not null) Db.Attach(Current);
    }
}
