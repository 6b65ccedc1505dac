using AlkNavigator.Features.Symptoms;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>The label schedules, dose slots across time zones and clock changes, adherence arithmetic and late-dose advice.</summary>
public class DosingTests
{
    private static TimeZoneInfo Z(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);
    private static readonly TimeOnly[] Bid = [new(8, 0), new(20, 0)];
    private static readonly TimeOnly[] Qd = [new(8, 0)];

    private static DoseEntry Mark(DateOnly date, int slot, string status, int minute = 0) =>
        new() { Drug = "alectinib", LocalDate = date, Slot = slot, Status = status, MarkedUtc = Utc(2026, 1, 1, 0, minute) };

    // ---- the label schedules ----

    [Theory]
    [InlineData("crizotinib", 2, false, 6.0, "xalkori-label")]
    [InlineData("ceritinib", 1, true, 12.0, "zykadia-label")]
    [InlineData("alectinib", 2, true, null, "alecensa-dosing")]
    [InlineData("brigatinib", 1, false, null, "alunbrig-dosing")]
    [InlineData("lorlatinib", 1, false, 4.0, "lorbrena-label")]
    [InlineData("ensartinib", 1, false, 12.0, "ensacove-dosing")]
    public void Each_drug_has_its_label_schedule_food_rule_and_missed_dose_rule(string drug, int perDay, bool withFood, double? hours, string source)
    {
        var d = Dosing.For(drug)!;
        Assert.Equal(drug, d.Drug);
        Assert.Equal(perDay, d.TimesPerDay);
        Assert.Equal(withFood, d.WithFood);
        Assert.Equal(withFood ? "Take with food." : "With or without food.", d.FoodText);
        Assert.Equal(hours, d.TakeMissedUnlessWithinHours);
        Assert.Equal(source, d.Source);
        if (hours is { } h) Assert.Contains($"within {h} hours", d.MissedDoseText);
        else Assert.Contains("next dose at the usual time", d.MissedDoseText);
        Assert.NotNull(Dosing.LabelDose(drug));
    }

    [Fact]
    public void Every_source_key_is_in_the_bibliography()
    {
        var yaml = File.ReadAllText(Path.Combine(Repo.ContentDir, "sources.yaml"));
        foreach (var d in Dosing.All) Assert.Contains($"key: {d.Source}\n", yaml.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Label_doses_match_the_labels()
    {
        Assert.Equal("250 mg twice daily", Dosing.LabelDose("crizotinib"));
        Assert.Equal("450 mg once daily", Dosing.LabelDose("ceritinib"));
        Assert.Equal("600 mg twice daily", Dosing.LabelDose("alectinib"));
        Assert.Equal("90 mg once daily for the first 7 days, then 180 mg once daily", Dosing.LabelDose("brigatinib"));
        Assert.Equal("100 mg once daily", Dosing.LabelDose("lorlatinib"));
        Assert.Equal("225 mg once daily", Dosing.LabelDose("ensartinib"));
    }

    [Theory]
    [InlineData("Alecensa (alectinib)", "alectinib")]
    [InlineData("LORLATINIB", "lorlatinib")]
    [InlineData("osimertinib", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_drug_is_found_by_a_name_containing_it_and_nothing_else_is(string? name, string? expected) =>
        Assert.Equal(expected, Dosing.For(name)?.Drug);

    [Theory]
    [InlineData("crizotinib", "once daily", 1)]
    [InlineData("crizotinib", "twice daily", 2)]
    [InlineData("crizotinib", "BID", 2)]
    [InlineData("crizotinib", null, 2)]
    [InlineData("lorlatinib", "", 1)]
    [InlineData("alectinib", "every 12 hours", 2)]
    [InlineData("crizotinib", "250 mg OD", 1)]        // a reduced dose in UK notation: once daily
    [InlineData("crizotinib", "250 mg o.d.", 1)]
    [InlineData("crizotinib", "250 mg q24h", 1)]
    [InlineData("alectinib", "600 mg BD with food", 2)]
    [InlineData("alectinib", "600 mg q12h", 2)]
    [InlineData("alectinib", "600 mg with food", 2)]  // "food" and "period" are not "od"
    [InlineData("crizotinib", "250 mg for a period", 2)]
    public void Doses_per_day_follow_the_record_when_it_says_once_or_twice_daily(string drug, string? schedule, int expected) =>
        Assert.Equal(expected, Dosing.TimesPerDay(Dosing.For(drug)!, schedule));

    [Fact]
    public void A_reduced_once_daily_crizotinib_dose_has_one_time_a_day()
    {
        Assert.Equal("07:30", Dosing.Format(Dosing.TimesFor(Dosing.For("crizotinib")!, "250 mg once daily", "07:30,19:30")));
        Assert.Equal("07:30,19:30", Dosing.Format(Dosing.TimesFor(Dosing.For("crizotinib")!, null, "07:30,19:30")));
    }

    [Theory]
    [InlineData(null, 2, "08:00,20:00")]
    [InlineData("", 1, "08:00")]
    [InlineData("07:30,19:30", 2, "07:30,19:30")]
    [InlineData("7:30, 19:30", 2, "07:30,19:30")]
    [InlineData("07:30,19:30", 1, "07:30")]
    [InlineData("07:30", 2, "08:00,20:00")]
    [InlineData("19:30,07:30", 2, "08:00,20:00")]
    [InlineData("07:30,07:30", 2, "08:00,20:00")]
    [InlineData("nonsense", 1, "08:00")]
    public void Dose_times_parse_or_fall_back_to_the_defaults(string? configured, int perDay, string expected) =>
        Assert.Equal(expected, Dosing.Format(Dosing.Times(configured, perDay)));

    // ---- slots across time zones and clock changes ----

    [Fact]
    public void New_York_spring_forward_moves_a_time_in_the_gap_to_the_first_valid_minute()
    {
        var slots = Dosing.Slots(new DateOnly(2026, 3, 8), [new(2, 30), new(8, 0)], Z("America/New_York"));
        Assert.Equal(new TimeOnly(3, 0), slots[0].LocalTime);
        Assert.Equal(Utc(2026, 3, 8, 7), slots[0].DueUtc);      // 03:00 EDT
        Assert.Equal(Utc(2026, 3, 8, 12), slots[1].DueUtc);     // 08:00 EDT
        Assert.Equal(Utc(2026, 3, 7, 13), Dosing.Slots(new DateOnly(2026, 3, 7), Qd, Z("America/New_York"))[0].DueUtc); // 08:00 EST the day before
    }

    [Fact]
    public void New_York_fall_back_takes_the_first_of_a_time_that_happens_twice()
    {
        var slots = Dosing.Slots(new DateOnly(2026, 11, 1), [new(1, 30), new(20, 0)], Z("America/New_York"));
        Assert.Equal(Utc(2026, 11, 1, 5, 30), slots[0].DueUtc);  // 01:30 EDT, not 01:30 EST
        Assert.Equal(new TimeOnly(1, 30), slots[0].LocalTime);
        Assert.Equal(Utc(2026, 11, 2, 1), slots[1].DueUtc);      // 20:00 EST
    }

    [Fact]
    public void London_clock_changes()
    {
        var london = Z("Europe/London");
        var spring = Dosing.Slots(new DateOnly(2026, 3, 29), [new(1, 30), new(20, 0)], london);
        Assert.Equal(new TimeOnly(2, 0), spring[0].LocalTime);
        Assert.Equal(Utc(2026, 3, 29, 1), spring[0].DueUtc);
        Assert.Equal(Utc(2026, 3, 29, 19), spring[1].DueUtc);
        var autumn = Dosing.Slots(new DateOnly(2026, 10, 25), [new(1, 30), new(20, 0)], london);
        Assert.Equal(Utc(2026, 10, 25, 0, 30), autumn[0].DueUtc); // 01:30 BST
        Assert.Equal(Utc(2026, 10, 25, 20), autumn[1].DueUtc);    // 20:00 GMT
    }

    [Fact]
    public void Sydney_clock_changes_in_the_southern_hemisphere()
    {
        var sydney = Z("Australia/Sydney");
        var autumn = Dosing.Slots(new DateOnly(2026, 4, 5), [new(2, 30), new(8, 0)], sydney);
        Assert.Equal(Utc(2026, 4, 4, 15, 30), autumn[0].DueUtc); // 02:30 AEDT (+11), the first one
        Assert.Equal(Utc(2026, 4, 4, 22), autumn[1].DueUtc);      // 08:00 AEST (+10)
        var spring = Dosing.Slots(new DateOnly(2026, 10, 4), [new(2, 30), new(8, 0)], sydney);
        Assert.Equal(new TimeOnly(3, 0), spring[0].LocalTime);
        Assert.Equal(Utc(2026, 10, 3, 16), spring[0].DueUtc);     // 03:00 AEDT
        Assert.Equal(Utc(2026, 10, 3, 21), spring[1].DueUtc);     // 08:00 AEDT
    }

    [Fact]
    public void Kolkata_has_a_half_hour_offset_and_no_clock_changes()
    {
        var kolkata = Z("Asia/Kolkata");
        foreach (var day in new[] { new DateOnly(2026, 1, 15), new DateOnly(2026, 7, 15) })
        {
            var slots = Dosing.Slots(day, Bid, kolkata);
            Assert.Equal(day.ToDateTime(new TimeOnly(2, 30), DateTimeKind.Utc), slots[0].DueUtc);
            Assert.Equal(day.ToDateTime(new TimeOnly(14, 30), DateTimeKind.Utc), slots[1].DueUtc);
        }
    }

    [Fact]
    public void The_same_instant_is_a_different_local_date_either_side_of_the_date_line()
    {
        var instant = Utc(2026, 6, 15, 20);
        Assert.Equal(new DateOnly(2026, 6, 16), PatientTime.LocalDate(instant, Z("Pacific/Auckland")));
        Assert.Equal(new DateOnly(2026, 6, 15), PatientTime.LocalDate(instant, Z("America/Los_Angeles")));
        // Auckland's 08:00 dose of the 16th and Los Angeles' 13:00 dose of the 15th are the same instant.
        Assert.Equal(instant, Dosing.Slots(new DateOnly(2026, 6, 16), Qd, Z("Pacific/Auckland"))[0].DueUtc);
        Assert.Equal(instant, Dosing.Slots(new DateOnly(2026, 6, 15), [new(13, 0)], Z("America/Los_Angeles"))[0].DueUtc);
    }

    [Theory]
    [InlineData("America/New_York", 2026, 3, 8, 23)]
    [InlineData("America/New_York", 2026, 11, 1, 25)]
    [InlineData("Europe/London", 2026, 3, 29, 23)]
    [InlineData("Australia/Sydney", 2026, 4, 5, 25)]
    public void A_23_or_25_hour_day_still_has_two_doses_twice_daily(string zone, int y, int m, int d, int hours)
    {
        var tz = Z(zone);
        var day = new DateOnly(y, m, d);
        var start = Dosing.Slots(day, [new(0, 0)], tz)[0].DueUtc;
        var end = Dosing.Slots(day.AddDays(1), [new(0, 0)], tz)[0].DueUtc;
        Assert.Equal(hours, (end - start).TotalHours);
        var slots = Dosing.Slots(day, Bid, tz);
        Assert.Equal(2, slots.Count);
        Assert.Equal(12, (slots[1].DueUtc - slots[0].DueUtc).TotalHours, 0); // 8 to 20 is 12 hours of wall time
        var a = Dosing.Compute(day, day, Bid, tz, [], end.AddDays(1));
        Assert.Equal(2, a.Due);
    }

    [Fact]
    public void Next_dose_is_later_that_day_or_the_first_of_the_next_day()
    {
        var utc = TimeZoneInfo.Utc;
        var day = new DateOnly(2026, 5, 1);
        var slots = Dosing.Slots(day, Bid, utc);
        Assert.Equal(slots[1], Dosing.Next(slots[0], Bid, utc));
        Assert.Equal(Dosing.Slots(day.AddDays(1), Bid, utc)[0], Dosing.Next(slots[1], Bid, utc));
    }

    // ---- adherence ----

    [Fact]
    public void Taken_missed_and_not_recorded_add_up_to_the_doses_due()
    {
        var from = new DateOnly(2026, 5, 4);   // Monday
        var to = from.AddDays(6);
        var marks = new[]
        {
            Mark(from, 0, DoseStatus.Taken), Mark(from, 1, DoseStatus.Taken), Mark(from.AddDays(1), 0, DoseStatus.Missed),
            Mark(from.AddDays(2), 0, DoseStatus.Taken),
            Mark(from.AddDays(-1), 0, DoseStatus.Taken),  // before the period: ignored
            Mark(to.AddDays(1), 0, DoseStatus.Taken),     // after the period: ignored
        };
        var a = Dosing.Compute(from, to, Bid, TimeZoneInfo.Utc, marks, Utc(2026, 6, 1, 0));
        Assert.Equal((14, 3, 1, 10), (a.Due, a.Taken, a.Missed, a.NotRecorded));
        Assert.Equal(21, a.Percent);
    }

    [Fact]
    public void The_latest_mark_of_a_dose_counts()
    {
        var day = new DateOnly(2026, 5, 4);
        var marks = new[] { Mark(day, 0, DoseStatus.Taken, 2), Mark(day, 0, DoseStatus.Missed, 1) };
        var a = Dosing.Compute(day, day, Qd, TimeZoneInfo.Utc, marks, Utc(2026, 6, 1, 0));
        Assert.Equal((1, 1, 0), (a.Due, a.Taken, a.Missed));
    }

    [Fact]
    public void Doses_not_yet_due_are_not_counted_unless_already_marked()
    {
        var day = new DateOnly(2026, 5, 4);
        var noon = Utc(2026, 5, 4, 12);
        Assert.Equal(1, Dosing.Compute(day, day.AddDays(6), Bid, TimeZoneInfo.Utc, [], noon).Due);
        Assert.Equal(0, Dosing.Compute(day, day, Bid, TimeZoneInfo.Utc, [], Utc(2026, 5, 4, 7, 59)).Due);
        Assert.Equal(0, Dosing.Compute(day, day, Bid, TimeZoneInfo.Utc, [], Utc(2026, 5, 4, 8, 0)).Due);   // due, not late yet
        Assert.Equal(1, Dosing.Compute(day, day, Bid, TimeZoneInfo.Utc, [], Utc(2026, 5, 4, 9, 0)).Due);   // late: counts
        // The evening dose taken a little early counts as taken.
        var early = Dosing.Compute(day, day, Bid, TimeZoneInfo.Utc, [Mark(day, 1, DoseStatus.Taken)], Utc(2026, 5, 4, 19, 45));
        Assert.Equal((2, 1, 1), (early.Due, early.Taken, early.NotRecorded));
    }

    [Fact]
    public void An_unmarked_dose_in_its_first_hour_does_not_lower_adherence_but_a_marked_one_counts()
    {
        var day = new DateOnly(2026, 5, 4);
        var marks = new[] { Mark(day, 0, DoseStatus.Taken) };
        // 20:30: the evening dose fell due 30 minutes ago and is not marked: not counted yet, adherence stays 100 %.
        var firstHour = Dosing.Compute(day, day, Bid, TimeZoneInfo.Utc, marks, Utc(2026, 5, 4, 20, 30));
        Assert.Equal((1, 1, 0, 100), (firstHour.Due, firstHour.Taken, firstHour.NotRecorded, firstHour.Percent));
        // 20:59 is still the first hour; from 21:00 (Dosing.LateAfter) it is late and counts as not recorded.
        Assert.Equal(1, Dosing.Compute(day, day, Bid, TimeZoneInfo.Utc, marks, Utc(2026, 5, 4, 20, 59)).Due);
        var late = Dosing.Compute(day, day, Bid, TimeZoneInfo.Utc, marks, Utc(2026, 5, 4, 21, 0));
        Assert.Equal((2, 1, 1, 50), (late.Due, late.Taken, late.NotRecorded, late.Percent));
        // Marked in its first hour (taken or missed), it counts at once.
        var missed = Dosing.Compute(day, day, Bid, TimeZoneInfo.Utc, [.. marks, Mark(day, 1, DoseStatus.Missed)], Utc(2026, 5, 4, 20, 10));
        Assert.Equal((2, 1, 1, 0), (missed.Due, missed.Taken, missed.Missed, missed.NotRecorded));
    }

    [Fact]
    public void A_drug_started_mid_week_counts_from_its_start()
    {
        var monday = new DateOnly(2026, 11, 23);
        var a = Dosing.Compute(monday, monday.AddDays(6), Bid, TimeZoneInfo.Utc, [], Utc(2026, 12, 1, 0), drugStart: new DateOnly(2026, 11, 26));
        Assert.Equal(8, a.Due);   // Thursday to Sunday, two a day
        Assert.Equal(monday, a.From);
        var before = Dosing.Compute(monday, monday.AddDays(6), Bid, TimeZoneInfo.Utc, [], Utc(2026, 12, 1, 0), drugStart: new DateOnly(2026, 12, 5));
        Assert.Equal(0, before.Due);
        Assert.Null(before.Percent);
    }

    [Fact]
    public void The_week_starts_on_local_Monday_even_when_it_is_still_Sunday_in_UTC()
    {
        var auckland = Z("Pacific/Auckland");
        var now = Utc(2026, 11, 29, 19, 30);                  // Sunday 19:30 UTC = Monday 30 Nov 08:30 NZDT
        var today = PatientTime.LocalDate(now, auckland);
        Assert.Equal(new DateOnly(2026, 11, 30), today);
        var week = Dosing.WeekStart(today);
        Assert.Equal(today, week);
        var a = Dosing.Compute(week, week.AddDays(6), Bid, auckland, [], now);
        Assert.Equal(0, a.Due);                                 // Monday's 08:00 (Sunday 19:00 UTC) is in its first hour
        Assert.Equal(1, Dosing.Compute(week, week.AddDays(6), Bid, auckland, [], now.AddMinutes(30)).Due); // late at 09:00 NZDT
        Assert.Equal(new DateOnly(2026, 11, 23), Dosing.WeekStart(PatientTime.LocalDate(now, TimeZoneInfo.Utc)));
    }

    [Fact]
    public void The_month_ends_at_local_midnight()
    {
        var la = Z("America/Los_Angeles");
        var now = Utc(2026, 12, 1, 3);                          // 30 Nov 19:00 PST
        Assert.Equal(new DateOnly(2026, 11, 1), Dosing.MonthStart(PatientTime.LocalDate(now, la)));
        var a = Dosing.Compute(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), Bid, la, [], now);
        Assert.Equal(59, a.Due);                                // the evening dose of the 30th is not due yet
        Assert.Equal(59, Dosing.Compute(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), Bid, la, [], Utc(2026, 12, 1, 4)).Due); // 20:00 PST = 04:00 UTC: first hour
        var later = Dosing.Compute(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), Bid, la, [], Utc(2026, 12, 1, 5));
        Assert.Equal(60, later.Due);                            // late from 21:00 PST
    }

    [Fact]
    public void Week_start_is_Monday()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), Dosing.WeekStart(new DateOnly(2026, 11, 29))); // Sunday
        Assert.Equal(new DateOnly(2026, 11, 23), Dosing.WeekStart(new DateOnly(2026, 11, 23))); // Monday
        Assert.Equal(new DateOnly(2026, 11, 23), Dosing.WeekStart(new DateOnly(2026, 11, 25)));
    }

    [Theory]
    [InlineData(2, 3, 67)]
    [InlineData(1, 3, 33)]
    [InlineData(1, 8, 13)]    // 12.5 rounds away from zero
    [InlineData(7, 8, 88)]    // 87.5
    [InlineData(0, 5, 0)]
    [InlineData(5, 5, 100)]
    public void Percent_rounds_half_away_from_zero(int taken, int due, int percent) =>
        Assert.Equal(percent, new Adherence(default, default, due, taken, 0, due - taken).Percent);

    [Fact]
    public void No_doses_due_gives_no_percent() =>
        Assert.Null(new Adherence(default, default, 0, 0, 0, 0).Percent);

    // ---- dose state and late-dose advice ----

    [Fact]
    public void A_dose_is_upcoming_then_due_then_late_an_hour_after_its_time_unless_marked()
    {
        var slot = Dosing.Slots(new DateOnly(2026, 5, 4), Qd, TimeZoneInfo.Utc)[0];
        Assert.Equal(DoseState.Upcoming, Dosing.State(slot, null, Utc(2026, 5, 4, 7, 59)));
        Assert.Equal(DoseState.Due, Dosing.State(slot, null, Utc(2026, 5, 4, 8, 0)));
        Assert.Equal(DoseState.Due, Dosing.State(slot, null, Utc(2026, 5, 4, 8, 59)));
        Assert.Equal(DoseState.Late, Dosing.State(slot, null, Utc(2026, 5, 4, 9, 0)));
        Assert.Equal(DoseState.Taken, Dosing.State(slot, Mark(slot.LocalDate, 0, DoseStatus.Taken), Utc(2026, 5, 4, 9, 0)));
        Assert.Equal(DoseState.Missed, Dosing.State(slot, Mark(slot.LocalDate, 0, DoseStatus.Missed), Utc(2026, 5, 4, 7, 0)));
    }

    [Fact]
    public void Crizotinib_late_dose_can_be_taken_until_six_hours_before_the_next()
    {
        var utc = TimeZoneInfo.Utc;
        var slots = Dosing.Slots(new DateOnly(2026, 5, 4), Bid, utc);
        var d = Dosing.For("crizotinib")!;
        var late = Dosing.Late(d, slots[0], slots[1], Utc(2026, 5, 4, 10), utc);
        Assert.Equal("late", late.State);
        Assert.Equal("You can still take it until 14:00 (6 hours before the next dose). After that, skip it and take the next dose at 20:00. " + Dosing.LabelNote, late.Text);
        var skip = Dosing.Late(d, slots[0], slots[1], Utc(2026, 5, 4, 15), utc);
        Assert.Equal("skip", skip.State);
        Assert.Contains("take the next dose at the usual time (20:00)", skip.Text);
        Assert.EndsWith(Dosing.LabelNote, skip.Text);
    }

    [Fact]
    public void Once_daily_late_dose_deadline_is_given_in_local_time_and_may_be_tomorrow()
    {
        var ny = Z("America/New_York");
        var today = new DateOnly(2026, 5, 4);
        var slot = Dosing.Slots(today, [new(20, 0)], ny)[0];
        var next = Dosing.Next(slot, [new(20, 0)], ny);
        var lorlatinib = Dosing.Late(Dosing.For("lorlatinib")!, slot, next, slot.DueUtc.AddHours(2), ny);
        Assert.Equal("late", lorlatinib.State);
        Assert.Contains("until 16:00 tomorrow (4 hours before the next dose)", lorlatinib.Text);
        Assert.Contains("next dose at 20:00 tomorrow", lorlatinib.Text);
        var ceritinib = Dosing.Late(Dosing.For("ceritinib")!, slot, next, slot.DueUtc.AddHours(2), ny);
        Assert.Contains("until 08:00 tomorrow (12 hours before the next dose)", ceritinib.Text);
        var ensartinib = Dosing.Late(Dosing.For("ensartinib")!, slot, next, slot.DueUtc.AddHours(13), ny);
        Assert.Equal("skip", ensartinib.State);
    }

    [Fact]
    public void Once_the_next_dose_time_has_come_a_late_dose_is_no_longer_taken_late()
    {
        var utc = TimeZoneInfo.Utc;
        var slots = Dosing.Slots(new DateOnly(2026, 5, 4), Bid, utc);
        var next = Dosing.Next(slots[1], Bid, utc);               // 08:00 on the 5th
        var advice = Dosing.Late(Dosing.For("crizotinib")!, slots[1], next, Utc(2026, 5, 5, 9), utc);
        Assert.Equal("past", advice.State);
        Assert.Equal("The next dose was due at 08:00, so by the label this one is no longer taken late; mark whether it was taken. " + Dosing.LabelNote, advice.Text);
        var yesterday = Dosing.Late(Dosing.For("crizotinib")!, slots[0], slots[1], Utc(2026, 5, 5, 9), utc);
        Assert.StartsWith("The next dose was due at 20:00 yesterday,", yesterday.Text);
    }

    [Theory]
    [InlineData("alectinib")]
    [InlineData("brigatinib")]
    public void Drugs_whose_label_says_never_make_up_a_dose_say_so(string drug)
    {
        var utc = TimeZoneInfo.Utc;
        var times = Dosing.DefaultTimes(Dosing.For(drug)!.TimesPerDay);
        var slot = Dosing.Slots(new DateOnly(2026, 5, 4), times, utc)[0];
        var next = Dosing.Next(slot, times, utc);
        var advice = Dosing.Late(Dosing.For(drug)!, slot, next, slot.DueUtc.AddHours(1), utc);
        Assert.Equal("skip", advice.State);
        var at = drug == "alectinib" ? "20:00" : "08:00 tomorrow";
        Assert.Equal($"The label says not to make up a missed dose: take the next dose at the usual time ({at}). {Dosing.LabelNote}", advice.Text);
    }

    [Fact]
    public void Unknown_zone_ids_fall_back_to_UTC()
    {
        Assert.Equal(TimeZoneInfo.Utc, PatientTime.Zone(null));
        Assert.Equal(TimeZoneInfo.Utc, PatientTime.Zone("Mars/Olympus_Mons"));
        Assert.Equal("Europe/London", PatientTime.Zone("Europe/London").Id);
    }
}
