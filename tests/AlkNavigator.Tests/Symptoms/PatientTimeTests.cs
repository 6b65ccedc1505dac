using AlkNavigator.Features.Symptoms;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>The one implementation of the patient's local time (zone, local date and time, back to UTC) the symptoms pages share.</summary>
public class PatientTimeTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Mars/Olympus_Mons")]
    public void An_empty_or_unknown_zone_is_UTC(string? id) => Assert.Equal(TimeZoneInfo.Utc, PatientTime.Zone(id));

    [Fact]
    public void A_known_zone_is_found_by_its_IANA_id()
    {
        Assert.Equal("Europe/London", PatientTime.Zone("Europe/London").Id);
        Assert.Equal("Pacific/Auckland", PatientTime.Zone(" Pacific/Auckland ").Id);
    }

    [Fact]
    public void The_local_date_and_time_are_the_zones()
    {
        var instant = new DateTime(2026, 6, 15, 14, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateOnly(2026, 6, 16), PatientTime.LocalDate(instant, PatientTime.Zone("Pacific/Auckland")));
        Assert.Equal(new DateOnly(2026, 6, 15), PatientTime.LocalDate(instant, PatientTime.Zone("America/Los_Angeles")));
        Assert.Equal(new DateTime(2026, 6, 15, 7, 0, 0), PatientTime.LocalNow(instant, PatientTime.Zone("America/Los_Angeles")));
        // An Unspecified DateTime is taken as UTC (as EF Core reads it back on SQLite).
        Assert.Equal(new DateOnly(2026, 6, 16), PatientTime.LocalDate(DateTime.SpecifyKind(instant, DateTimeKind.Unspecified), PatientTime.Zone("Pacific/Auckland")));
    }

    [Fact]
    public void A_local_time_skipped_by_the_clocks_is_the_first_valid_minute_after()
    {
        // Europe/London, 29 March 2026: 01:00 GMT jumps to 02:00 BST, so 01:30 does not exist.
        var london = PatientTime.Zone("Europe/London");
        Assert.Equal(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), PatientTime.ToUtc(new DateOnly(2026, 3, 29), new TimeOnly(1, 30), london));
        Assert.Equal(new DateTime(2026, 3, 29, 0, 59, 0, DateTimeKind.Utc), PatientTime.ToUtc(new DateOnly(2026, 3, 29), new TimeOnly(0, 59), london));
    }

    [Fact]
    public void A_local_time_that_happens_twice_is_the_first_occurrence()
    {
        // America/New_York, 1 November 2026: 02:00 EDT goes back to 01:00 EST, so 01:30 happens twice; the first is EDT (UTC-4).
        var ny = PatientTime.Zone("America/New_York");
        var utc = PatientTime.ToUtc(new DateOnly(2026, 11, 1), new TimeOnly(1, 30), ny);
        Assert.Equal(new DateTime(2026, 11, 1, 5, 30, 0, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(new DateTime(2026, 11, 1, 4, 0, 0, DateTimeKind.Utc), PatientTime.ToUtc(new DateOnly(2026, 11, 1), TimeOnly.MinValue, ny));
    }

    [Fact]
    public void Dose_slots_and_the_check_in_window_use_the_same_conversion()
    {
        var ny = PatientTime.Zone("America/New_York");
        var day = new DateOnly(2026, 11, 1);
        var slot = Dosing.Slots(day, [new TimeOnly(1, 30)], ny)[0];
        Assert.Equal(PatientTime.ToUtc(day, new TimeOnly(1, 30), ny), slot.DueUtc);
        var london = PatientTime.Zone("Europe/London");
        var gap = Dosing.Slots(new DateOnly(2026, 3, 29), [new TimeOnly(1, 30)], london)[0];
        Assert.Equal(new TimeOnly(2, 0), gap.LocalTime);
        Assert.Equal(PatientTime.ToUtc(new DateOnly(2026, 3, 29), new TimeOnly(1, 30), london), gap.DueUtc);
    }
}
