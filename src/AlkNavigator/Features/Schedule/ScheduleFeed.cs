using System.Security.Claims;
using AlkNavigator.Data;
using AlkNavigator.Hosting;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Schedule;

/// <summary>
/// The private iCalendar feed: GET /calendar/{token}.ics (anonymous; the secret token is the key; revocable), and the
/// one-off download GET /record/{rid}/schedule/calendar.ics (anyone who may view the record).
/// Only the SHA-256 of a token is stored. The feed never carries the patient's name, email or record id; by default it is
/// private (neutral titles, no reasons: no diagnosis or drug), detailed (titles and reasons) only when the patient chose it.
/// </summary>
public static class ScheduleFeed
{
    public const string CalendarName = "AlkNavigator monitoring";
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string DownloadName = "alknavigator-schedule.ics";

    /// <summary>The feed covers items due from this many days ago ...</summary>
    public const int PastDays = 90;
    /// <summary>... to this many months ahead.</summary>
    public const int AheadMonths = 18;

    public static void MapScheduleFeed(this WebApplication app)
    {
        // HEAD too: some calendar apps check a subscription URL with HEAD before they fetch it.
        app.MapMethods("/calendar/{token}.ics", [HttpMethods.Get, HttpMethods.Head], FeedAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/record/{rid:guid}/schedule/calendar.ics", DownloadAsync).RequireAuthorization().ExcludeFromDescription()
            .AddEndpointFilter<RecordAccessEndpointFilter>().Needs(Record.Access.View, audit: "schedule calendar");
    }

    /// <summary>A new secret token (32 random bytes, base64url) and the hash that is stored.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = SecretTokens.New();
        return (token, Hash(token));
    }

    /// <summary>SHA-256 of the token, lower-case hex (64 characters).</summary>
    public static string Hash(string token) => SecretTokens.Hash(token);

    /// <summary>The https (or http) URL of a feed token under <paramref name="baseUrl"/>.</summary>
    public static string FeedUrl(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/calendar/{token}.ics";

    /// <summary>The same URL with webcal:// (calendar apps open it as a subscription).</summary>
    public static string WebcalUrl(string feedUrl) =>
        "webcal://" + feedUrl[(feedUrl.IndexOf("://", StringComparison.Ordinal) + 3)..];

    /// <summary>Tokens are 43 base64url characters; anything else is not a token (no database query).</summary>
    private static bool LooksLikeToken(string token) =>
        token.Length == 43 && token.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private static async Task<IResult> FeedAsync(string token, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        if (!LooksLikeToken(token)) return NotFound();
        var hash = Hash(token);
        var settings = await db.ScheduleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.FeedTokenHash == hash, ct);
        // The lookup is by the hash (a unique index), so timing reveals nothing about valid tokens; compare again in constant time.
        if (settings?.FeedTokenHash is null || !SecretTokens.Matches(token, settings.FeedTokenHash)) return NotFound();
        var body = await WriteAsync(db, settings, db.Clock.GetUtcNow().UtcDateTime, ct, detailed: settings.FeedDetailed);
        http.Response.Headers.CacheControl = "no-store"; // the patient's dates: no shared or disk cache keeps them
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        return Results.Text(body, ContentType);
    }

    private static async Task<IResult> DownloadAsync(Guid rid, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var settings = await db.ScheduleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == rid, ct);
        var body = await WriteAsync(db, settings ?? new ScheduleSettings { RecordId = rid }, db.Clock.GetUtcNow().UtcDateTime, ct, detailed: true);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{DownloadName}\"";
        return Results.Text(body, ContentType);
    }

    private static IResult NotFound() => Results.Text("There is no calendar at this address (the link may have been replaced or turned off).\n",
        "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The private feed's calendar name: nothing about the product, the diagnosis or the drug.</summary>
    public const string PrivateCalendarName = "Health appointments";
    public const string PrivateProductId = "-//Private schedule//EN";

    /// <summary>
    /// The neutral title of an item in the private feed: "Clinic visit", "Scan", "Blood test", "Check-up", or "Appointment"
    /// for anything typed by hand (its own title may name a drug or a diagnosis).
    /// </summary>
    public static string NeutralTitle(MonitoringItem item) =>
        item.Origin == ItemOrigin.User ? "Appointment" : item.Kind switch
        {
            "visit" => "Clinic visit",
            "ct" or "brain-mri" or "pet" => "Scan",
            "liquid-biopsy" => "Blood test",
            _ when item.Kind.StartsWith("lab:", StringComparison.Ordinal) => "Blood test",
            _ when item.Kind.StartsWith("vitals:", StringComparison.Ordinal) || item.Kind == "ecg" => "Check-up",
            _ => "Appointment",
        };

    /// <summary>
    /// The record's items (planned, done, skipped) from 90 days ago to 18 months ahead, in the patient's dates, as iCalendar text.
    /// <paramref name="detailed"/> false (the subscription feed unless the patient chose detailed): neutral titles and
    /// categories, no descriptions, a neutral calendar name and UIDs, so the feed names no diagnosis, drug or product.
    /// </summary>
    public static async Task<string> WriteAsync(AppDbContext db, ScheduleSettings settings, DateTime nowUtc, CancellationToken ct, bool detailed = true)
    {
        var rid = settings.RecordId;
        var zone = await db.SymptomSettings.AsNoTracking().Where(s => s.RecordId == rid).Select(s => s.TimeZone).FirstOrDefaultAsync(ct);
        var today = PatientTime.LocalDate(nowUtc, PatientTime.Zone(zone));
        var from = today.AddDays(-PastDays);
        var to = today.AddMonths(AheadMonths);
        var items = await db.MonitoringItems.AsNoTracking()
            .Where(i => i.RecordId == rid && i.Due >= from && i.Due <= to
                        && (i.Status == ItemStatus.Planned || i.Status == ItemStatus.Done || i.Status == ItemStatus.Skipped))
            .OrderBy(i => i.Due).ThenBy(i => i.Kind)
            .ToListAsync(ct);
        // Notes and results are never in the feed (reasons name nobody: see ScheduleNewItemModel.UserReason).
        if (!detailed)
        {
            var neutral = items.Select(i =>
            {
                var title = NeutralTitle(i);
                return new CalendarEntry(i.Id.ToString("N") + "@schedule", title.ToLowerInvariant(), title, i.Due, "", null, i.Status);
            });
            return ScheduleCalendar.Write(neutral, PrivateCalendarName, Math.Max(1, settings.ReminderLeadDays), nowUtc, PrivateProductId);
        }
        var entries = items.Select(i => new CalendarEntry(i.Id + "@alknavigator", i.Kind, i.Title, i.Due, i.Reason, i.Source, i.Status));
        return ScheduleCalendar.Write(entries, CalendarName, Math.Max(1, settings.ReminderLeadDays), nowUtc);
    }
}
