namespace AlkNavigator.Features.Schedule;

// CONTRACT (filled in by the planner work): iCalendar (RFC 5545) written with Ical.Net.

/// <summary>An event to write: all-day on Due, with the item's kind, title and reason, and an alarm.</summary>
public sealed record CalendarEntry(string Uid, string Kind, string Title, DateOnly Due, string Reason, string? Source, string? Status);

public static class ScheduleCalendar
{
    /// <summary>
    /// A VCALENDAR with one all-day VEVENT per entry (DTSTART;VALUE=DATE), SUMMARY = title, DESCRIPTION = reason (+ source),
    /// CATEGORIES = kind, a display VALARM <paramref name="alarmDaysBefore"/> days before at 09:00 local, and nothing
    /// that names the patient. <paramref name="calendarName"/> is e.g. "AlkNavigator monitoring".
    /// </summary>
    public static string Write(IEnumerable<CalendarEntry> entries, string calendarName, int alarmDaysBefore = 1) => "";
}
