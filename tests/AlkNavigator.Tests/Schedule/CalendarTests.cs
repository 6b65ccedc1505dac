using System.Text;
using AlkNavigator.Features.Schedule;
using Ical.Net;
using Ical.Net.DataTypes;

namespace AlkNavigator.Tests.Schedule;

/// <summary>ScheduleCalendar.Write: RFC 5545 text parsed back with Ical.Net and checked field by field.</summary>
public class CalendarTests
{
    private static readonly DateTime Stamp = new(2026, 3, 1, 8, 30, 0, DateTimeKind.Utc);

    private static readonly string LongReason =
        "The alectinib label asks for liver tests every 2 weeks for the first 3 months, then monthly, because it can harm the liver; " +
        "ask your care team which lab you should use, and whether the result reaches them (é, ü and ✓ are kept).";

    private static readonly CalendarEntry[] Entries =
    [
        new("lab:liver/alectinib/2025-01-06/0@alknavigator", "lab:liver", "Liver blood tests (ALT, AST, bilirubin)", new DateOnly(2026, 3, 29), LongReason, "alecensa-safety", "planned"),
        new("visit/alectinib/2025-01-06/1@alknavigator", "visit", "Oncology visit", new DateOnly(2026, 12, 31), "A visit.", "alkpositive-guide", null),
        new("user-1@alknavigator", "pet", "PET scan", new DateOnly(2026, 4, 2), "Ordered by my oncologist.", null, "done"),
        new("ct/none/2026-01-01/1@alknavigator", "ct", "CT chest and abdomen", new DateOnly(2026, 4, 5), "Skipped scan.", "alkpositive-guide", "skipped"),
    ];

    private static Calendar Parse(string text) => Calendar.Load(text) ?? throw new InvalidOperationException("did not parse");

    [Fact]
    public void The_calendar_has_the_product_id_name_and_one_event_per_entry()
    {
        var text = ScheduleCalendar.Write(Entries, "AlkNavigator monitoring", 1, Stamp);
        var cal = Parse(text);
        Assert.Equal("-//AlkNavigator//Schedule//EN", cal.ProductId);
        Assert.Equal("2.0", cal.Version);
        Assert.Equal("AlkNavigator monitoring", cal.Properties["X-WR-CALNAME"]?.Value?.ToString());
        Assert.Equal(Entries.Select(e => e.Uid), cal.Events.Select(e => e.Uid));
    }

    [Fact]
    public void Each_event_is_all_day_with_summary_description_category_status_and_stamp()
    {
        var cal = Parse(ScheduleCalendar.Write(Entries, "AlkNavigator monitoring", 1, Stamp));
        var ev = cal.Events.Single(e => e.Uid == Entries[0].Uid);
        Assert.False(ev.DtStart!.HasTime);
        Assert.Equal(new DateOnly(2026, 3, 29), ev.DtStart.Date);
        Assert.False(ev.DtEnd!.HasTime);
        Assert.Equal(new DateOnly(2026, 3, 30), ev.DtEnd.Date);
        Assert.Equal("Liver blood tests (ALT, AST, bilirubin)", ev.Summary);
        Assert.Equal(LongReason + "\nSource: alecensa-safety", ev.Description);
        Assert.Equal(["lab:liver"], ev.Categories);
        Assert.Equal("CONFIRMED", ev.Status);
        Assert.Equal(new DateTime(2026, 3, 1, 8, 30, 0), ev.DtStamp!.Value);
        Assert.True(ev.DtStamp.IsUtc);

        var yearEnd = cal.Events.Single(e => e.Uid == Entries[1].Uid);
        Assert.Equal(new DateOnly(2027, 1, 1), yearEnd.DtEnd!.Date);
        Assert.Equal("A visit.\nSource: alkpositive-guide", yearEnd.Description);
    }

    [Fact]
    public void Upcoming_items_have_a_display_alarm_at_nine_the_days_before()
    {
        foreach (var (days, trigger) in new[] { (1, "-PT15H"), (3, "-P2DT15H"), (0, "PT9H") })
        {
            var text = ScheduleCalendar.Write(Entries, "AlkNavigator monitoring", days, Stamp);
            var ev = Parse(text).Events.Single(e => e.Uid == Entries[0].Uid);
            var alarm = Assert.Single(ev.Alarms);
            Assert.Equal("DISPLAY", alarm.Action);
            Assert.Equal("Liver blood tests (ALT, AST, bilirubin)", alarm.Description);
            Assert.Equal(ScheduleCalendar.AlarmOffset(days), alarm.Trigger!.Duration);
            Assert.Contains($"TRIGGER:{trigger}\r\n", text);
            // 00:00 on the due day plus the offset is 09:00, `days` days before.
            var at = new DateTime(2026, 3, 29, 0, 0, 0).Add(alarm.Trigger.Duration!.Value.ToTimeSpanUnspecified());
            Assert.Equal(new DateTime(2026, 3, 29, 9, 0, 0).AddDays(-days), at);
        }
    }

    [Fact]
    public void Done_items_are_marked_and_skipped_ones_cancelled_neither_with_an_alarm()
    {
        var cal = Parse(ScheduleCalendar.Write(Entries, "AlkNavigator monitoring", 1, Stamp));
        var done = cal.Events.Single(e => e.Uid == "user-1@alknavigator");
        Assert.Equal("PET scan (✓ done)", done.Summary);
        Assert.Equal("CONFIRMED", done.Status);
        Assert.Equal("Ordered by my oncologist.", done.Description);
        Assert.Empty(done.Alarms);
        var skipped = cal.Events.Single(e => e.Uid == Entries[3].Uid);
        Assert.Equal("CANCELLED", skipped.Status);
        Assert.Empty(skipped.Alarms);
    }

    [Fact]
    public void Output_uses_crlf_and_folds_lines_at_75_octets()
    {
        var text = ScheduleCalendar.Write(Entries, "AlkNavigator monitoring", 1, Stamp);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text);
        Assert.EndsWith("END:VCALENDAR\r\n", text);
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') Assert.True(i > 0 && text[i - 1] == '\r', $"bare LF at {i}");
        var lines = text.Split("\r\n");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
        Assert.Contains(lines, l => l.StartsWith(' '));
        Assert.Contains("DTSTART;VALUE=DATE:20260329\r\n", text);
        Assert.Contains("DTEND;VALUE=DATE:20260330\r\n", text);
        Assert.Contains("DTSTAMP:20260301T083000Z\r\n", text);
        Assert.Contains("CATEGORIES:lab:liver\r\n", text);
    }

    [Fact]
    public void An_empty_plan_is_a_valid_empty_calendar()
    {
        var text = ScheduleCalendar.Write([], "AlkNavigator monitoring", 1, Stamp);
        var cal = Parse(text);
        Assert.Empty(cal.Events);
        Assert.Equal("-//AlkNavigator//Schedule//EN", cal.ProductId);
    }
}
