using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace AlkNavigator.Features.Schedule;

/// <summary>An event to write: all-day on Due, with the item's kind, title and reason, and an alarm.</summary>
public sealed record CalendarEntry(string Uid, string Kind, string Title, DateOnly Due, string Reason, string? Source, string? Status);

/// <summary>
/// iCalendar (RFC 5545) written with Ical.Net: CRLF line endings and long lines folded by the serializer.
/// <list type="bullet">
/// <item>VCALENDAR: PRODID "-//AlkNavigator//Schedule//EN", METHOD PUBLISH, X-WR-CALNAME.</item>
/// <item>One all-day VEVENT per entry: UID as given, DTSTAMP (now, UTC), DTSTART;VALUE=DATE = Due, DTEND;VALUE=DATE = the next day,
/// SUMMARY = title (" (✓ done)" added for done items), DESCRIPTION = reason + "Source: key", CATEGORIES = kind,
/// STATUS CONFIRMED (CANCELLED for skipped items).</item>
/// <item>A VALARM (ACTION DISPLAY) on upcoming items only (not done or skipped): a TRIGGER relative to the start, which for an
/// all-day event is 00:00 local on the due day, so "d days before at 09:00" is <c>-P{d-1}DT15H</c> (d = 0: <c>PT9H</c>, 09:00 on the day).</item>
/// </list>
/// Nothing names the patient: the caller passes a neutral calendar name and entries carry only the item.
/// </summary>
public static class ScheduleCalendar
{
    public const string ProductId = "-//AlkNavigator//Schedule//EN";

    /// <summary>
    /// A VCALENDAR with one all-day VEVENT per entry (DTSTART;VALUE=DATE), SUMMARY = title, DESCRIPTION = reason (+ source),
    /// CATEGORIES = kind, a display VALARM <paramref name="alarmDaysBefore"/> days before at 09:00 local, and nothing
    /// that names the patient. <paramref name="calendarName"/> is e.g. "AlkNavigator monitoring"; <paramref name="stampUtc"/>
    /// is the DTSTAMP (the caller's clock).
    /// </summary>
    public static string Write(IEnumerable<CalendarEntry> entries, string calendarName, int alarmDaysBefore, DateTime stampUtc, string productId = ProductId)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(alarmDaysBefore);
        var calendar = new Calendar { ProductId = productId, Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        var stamp = new CalDateTime(DateTime.SpecifyKind(stampUtc, DateTimeKind.Utc).ToUniversalTime());
        foreach (var e in entries)
        {
            var done = string.Equals(e.Status, "done", StringComparison.OrdinalIgnoreCase);
            var skipped = string.Equals(e.Status, "skipped", StringComparison.OrdinalIgnoreCase);
            var ev = new CalendarEvent
            {
                Uid = e.Uid,
                DtStamp = stamp,
                DtStart = new CalDateTime(e.Due),
                DtEnd = new CalDateTime(e.Due.AddDays(1)),
                Summary = done ? $"{e.Title} (✓ done)" : e.Title,
                Description = string.IsNullOrWhiteSpace(e.Source) ? (string.IsNullOrEmpty(e.Reason) ? null : e.Reason) : $"{e.Reason}\nSource: {e.Source}",
                Categories = [e.Kind],
                Status = skipped ? EventStatus.Cancelled : EventStatus.Confirmed,
                Transparency = TransparencyType.Transparent,
            };
            if (!done && !skipped)
            {
                ev.Alarms.Add(new Alarm
                {
                    Action = AlarmAction.Display,
                    Description = e.Title,
                    Trigger = new Trigger(AlarmOffset(alarmDaysBefore)),
                });
            }
            calendar.Events.Add(ev);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>The alarm's offset from an all-day event's start (00:00 local): 09:00 local, <paramref name="daysBefore"/> days before.</summary>
    public static Duration AlarmOffset(int daysBefore) =>
        daysBefore == 0 ? new Duration(hours: 9) : new Duration(days: -(daysBefore - 1), hours: -15);
}
