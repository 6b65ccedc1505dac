using System.Text.RegularExpressions;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;

namespace AlkNavigator.Tests.Schedule;

/// <summary>SchedulePlanner: table-driven per drug (label checks) and per situation (visits, scans, liquid biopsy), keys and basis.</summary>
public class PlannerTests
{
    private static readonly DateOnly Start = new(2025, 1, 6);

    private static PatientRecord On(string drug, DateOnly start) => new()
    {
        Treatments = [new TreatmentLine { Agent = drug, Start = start }],
    };

    private static PatientRecord WithBrain(PatientRecord r, params (DateOnly Date, string? Status)[] obs)
    {
        foreach (var (date, status) in obs) r.Sites.Add(new SiteObservation { Site = "brain", Status = status, Date = date });
        return r;
    }

    /// <summary>"d14" = start + 14 days, "m3" = start + 3 months, "m3-3" = 3 days before start + 3 months.</summary>
    private static DateOnly At(DateOnly start, string offset)
    {
        var m = Regex.Match(offset, @"^(d|m)(\d+)(?:-(\d+))?$");
        Assert.True(m.Success, offset);
        var n = int.Parse(m.Groups[2].Value);
        var d = m.Groups[1].Value == "d" ? start.AddDays(n) : start.AddMonths(n);
        return m.Groups[3].Success ? d.AddDays(-int.Parse(m.Groups[3].Value)) : d;
    }

    private static List<DateOnly> Dates(DateOnly start, string offsets) =>
        offsets.Length == 0 ? [] : offsets.Split(' ').Select(o => At(start, o)).ToList();

    /// <summary>The nominal dates as the plan lists them: a clinic item due on a weekend on the Friday before (vitals stay).
    /// Scans (given as "mN-3") are 3 days before the visit, after the visit moved.</summary>
    private static List<DateOnly> OnWeekdays(string kind, List<DateOnly> dates) => kind switch
    {
        _ when kind.StartsWith("vitals:", StringComparison.Ordinal) => dates,
        "ct" or "brain-mri" => dates.Select(d => Friday(Friday(d.AddDays(3)).AddDays(-3))).ToList(),
        _ => dates.Select(Friday).ToList(),
    };

    private static DateOnly Friday(DateOnly d) => d.DayOfWeek switch { DayOfWeek.Saturday => d.AddDays(-1), DayOfWeek.Sunday => d.AddDays(-2), _ => d };

    private static List<DateOnly> DuesOf(IEnumerable<PlannedItem> plan, string kind) => plan.Where(i => i.Kind == kind).Select(i => i.Due).ToList();

    private static readonly string[] LabelKinds = ["lab:liver", "lab:cpk", "lab:lipids", "lab:glucose", "lab:pancreas", "vitals:blood-pressure", "vitals:heart-rate", "ecg"];

    // ------------------------------------------------------------------ per drug: the first 3 months from the start

    [Theory]
    [InlineData("crizotinib", "lab:liver", "d0 d14 d28 d42 d56")]
    [InlineData("crizotinib", "ecg", "d0")]
    [InlineData("crizotinib", "vitals:heart-rate", "d0 m1 m2")]
    [InlineData("ceritinib", "lab:liver", "d0 m1 m2")]
    [InlineData("ceritinib", "lab:glucose", "d0 m1 m2")]
    [InlineData("ceritinib", "vitals:heart-rate", "d0 m1 m2")]
    [InlineData("ceritinib", "ecg", "d0")]
    [InlineData("ceritinib", "lab:pancreas", "d0 m1 m2")]
    [InlineData("alectinib", "lab:liver", "d0 d14 d28 d42 d56 d70 d84")]
    [InlineData("alectinib", "lab:cpk", "d0 d14")]
    [InlineData("alectinib", "vitals:heart-rate", "d0 m1 m2")]
    [InlineData("brigatinib", "vitals:blood-pressure", "d14 m1 m2")]
    [InlineData("brigatinib", "vitals:heart-rate", "d14 m1 m2")]
    [InlineData("brigatinib", "lab:glucose", "d0 m1 m2")]
    [InlineData("brigatinib", "lab:cpk", "d0 m1 m2")]
    [InlineData("brigatinib", "lab:pancreas", "d0 m1 m2")]
    [InlineData("brigatinib", "lab:liver", "d0 m1 m2")]
    [InlineData("lorlatinib", "lab:lipids", "d0 m1 m2")]
    [InlineData("lorlatinib", "lab:glucose", "d0")]
    [InlineData("lorlatinib", "vitals:blood-pressure", "d0 m1 m2")]
    [InlineData("lorlatinib", "ecg", "d0")]
    [InlineData("ensartinib", "lab:liver", "d0 d14 m1 m2")]
    [InlineData("ensartinib", "lab:glucose", "d0")]
    public void First_three_months_of_each_drug_have_the_label_checks_on_these_days(string drug, string kind, string offsets)
    {
        var plan = SchedulePlanner.Plan(On(drug, Start), Start, 3);
        Assert.Equal(OnWeekdays(kind, Dates(Start, offsets)), DuesOf(plan, kind));
    }

    [Theory]
    [InlineData("crizotinib", "lab:liver ecg vitals:heart-rate")]
    [InlineData("ceritinib", "lab:liver lab:glucose lab:pancreas vitals:heart-rate ecg")]
    [InlineData("alectinib", "lab:liver lab:cpk vitals:heart-rate")]
    [InlineData("brigatinib", "lab:liver lab:glucose lab:cpk lab:pancreas vitals:blood-pressure vitals:heart-rate")]
    [InlineData("lorlatinib", "lab:lipids lab:glucose vitals:blood-pressure ecg")]
    [InlineData("ensartinib", "lab:liver lab:glucose")]
    public void Each_drug_has_only_its_own_label_checks(string drug, string kinds)
    {
        var plan = SchedulePlanner.Plan(On(drug, Start), Start, 12);
        Assert.Equal(kinds.Split(' ').Order(), plan.Select(i => i.Kind).Where(LabelKinds.Contains).Distinct().Order());
        var source = drug switch
        {
            "crizotinib" => "xalkori-label", "ceritinib" => "zykadia-label", "alectinib" => "alecensa-safety",
            "brigatinib" => "alunbrig-label-2017", "lorlatinib" => "lorbrena-adverse", _ => "ensacove-dosing",
        };
        // Brigatinib's liver tests come from the current label (the 2017 one had no hepatotoxicity warning).
        Assert.All(plan.Where(i => LabelKinds.Contains(i.Kind)), i => Assert.Equal(drug == "brigatinib" && i.Kind == "lab:liver" ? "alunbrig-label-current" : source, i.Source));
    }

    [Theory]
    [InlineData("crizotinib", "lab:liver", 6, "d0 d14 d28 d42 d56 m3 m4 m5")]
    [InlineData("crizotinib", "ecg", 12, "d0 m3 m6 m9")]
    [InlineData("alectinib", "lab:liver", 6, "d0 d14 d28 d42 d56 d70 d84 m4 m5")]
    [InlineData("alectinib", "lab:cpk", 12, "d0 d14")]
    [InlineData("lorlatinib", "lab:lipids", 12, "d0 m1 m2 m5 m8 m11")]
    [InlineData("lorlatinib", "lab:glucose", 12, "d0 m3 m6 m9")]
    [InlineData("ensartinib", "lab:glucose", 12, "d0 m3 m6 m9")]
    [InlineData("brigatinib", "vitals:blood-pressure", 6, "d14 m1 m2 m3 m4 m5")]
    public void Later_months_settle_into_the_periodic_cadence(string drug, string kind, int months, string offsets)
    {
        var plan = SchedulePlanner.Plan(On(drug, Start), Start, months);
        Assert.Equal(OnWeekdays(kind, Dates(Start, offsets)), DuesOf(plan, kind));
    }

    [Theory]
    [InlineData("Zykadia", "zykadia-label")]
    [InlineData("LDK378", "zykadia-label")]
    [InlineData("Alunbrig", "alunbrig-label-2017")]
    [InlineData("AP26113", "alunbrig-label-2017")]
    public void Pancreas_enzymes_are_planned_when_the_drug_is_given_by_brand_or_code_name(string agent, string source)
    {
        var from = new DateOnly(2026, 3, 1);
        var start = from.AddDays(-10);
        var plan = SchedulePlanner.Plan(On(agent, start), from, 4);
        var pancreas = plan.Where(i => i.Kind == "lab:pancreas").ToList();
        // The start (day 0) is before the window; then monthly from the start.
        Assert.Equal(OnWeekdays("lab:pancreas", Dates(start, "m1 m2 m3 m4")), pancreas.Select(i => i.Due).ToList());
        Assert.All(pancreas, i => Assert.Equal(source, i.Source));
        Assert.All(pancreas, i => Assert.Contains("lipase", i.Reason, StringComparison.Ordinal));
        Assert.All(pancreas, i => Assert.Equal("Pancreas enzymes (lipase, amylase)", i.Title));
    }

    [Theory]
    [InlineData("crizotinib")]
    [InlineData("alectinib")]
    [InlineData("lorlatinib")]
    [InlineData("ensartinib")]
    public void Pancreas_enzymes_are_not_planned_for_drugs_whose_label_does_not_ask(string drug)
    {
        Assert.DoesNotContain(SchedulePlanner.Plan(On(drug, Start), Start, 12), i => i.Kind == "lab:pancreas");
    }

    [Fact]
    public void A_combination_naming_a_tki_counts_and_a_finished_line_does_not()
    {
        var r = new PatientRecord
        {
            Treatments =
            [
                new TreatmentLine { Agent = "crizotinib", Start = new DateOnly(2023, 1, 1), End = new DateOnly(2024, 12, 20), StopReason = "progression" },
                new TreatmentLine { Agent = "Lorlatinib + trial drug", Start = Start },
            ],
        };
        var plan = SchedulePlanner.Plan(r, Start, 3);
        Assert.Contains(plan, i => i.Kind == "lab:lipids");
        Assert.DoesNotContain(plan, i => i.Kind == "lab:liver");
    }

    // ------------------------------------------------------------------ per situation: visits and scans

    [Fact]
    public void Without_a_tki_visits_and_scans_count_from_the_first_day_and_no_label_checks()
    {
        var from = new DateOnly(2026, 1, 1);
        var plan = SchedulePlanner.Plan(new PatientRecord(), from, 12);
        Assert.Equal(OnWeekdays("visit", Dates(from, "m3 m6 m9")), DuesOf(plan, "visit"));
        Assert.Equal(OnWeekdays("ct", Dates(from, "m3-3 m6-3 m9-3 m12-3")), DuesOf(plan, "ct"));
        Assert.Equal(OnWeekdays("brain-mri", Dates(from, "m6-3 m12-3")), DuesOf(plan, "brain-mri"));
        Assert.Equal(["visit", "ct", "brain-mri"], plan.Select(i => i.Kind).Distinct().OrderBy(k => Array.IndexOf(SchedulePlanner.Kinds, k)));
        Assert.DoesNotContain(plan, i => i.Kind == "pet");
    }

    [Fact]
    public void Without_a_tki_visits_count_from_the_latest_date_in_the_record_so_later_plans_agree()
    {
        var r = new PatientRecord
        {
            DiagnosisDate = new DateOnly(2023, 2, 1),
            Treatments =
            [
                new TreatmentLine { Agent = "alectinib", Start = new DateOnly(2023, 3, 1), End = new DateOnly(2025, 5, 20), StopReason = "progression" },
            ],
        };
        var anchor = new DateOnly(2025, 5, 20);
        var plan = SchedulePlanner.Plan(r, new DateOnly(2025, 7, 1), 12);
        Assert.Equal(OnWeekdays("visit", Dates(anchor, "m3 m6 m9 m12")), DuesOf(plan, "visit"));
        Assert.Equal(OnWeekdays("brain-mri", Dates(anchor, "m6-3 m12-3")), DuesOf(plan, "brain-mri"));
        Assert.StartsWith("visit/none/2025-05-20/", plan.First(i => i.Kind == "visit").Key);

        var weekLater = SchedulePlanner.Plan(r, new DateOnly(2025, 7, 8), 12).ToDictionary(i => i.Key);
        Assert.All(plan.Where(i => i.Due >= new DateOnly(2025, 7, 8)), i => Assert.Equal(i, weekLater[i.Key]));
    }

    [Fact]
    public void Visits_every_three_months_from_the_tki_start_with_a_ct_three_days_before_each()
    {
        var plan = SchedulePlanner.Plan(On("alectinib", Start), Start, 12);
        Assert.Equal(OnWeekdays("visit", Dates(Start, "m3 m6 m9")), DuesOf(plan, "visit"));
        Assert.Equal(OnWeekdays("ct", Dates(Start, "m3-3 m6-3 m9-3 m12-3")), DuesOf(plan, "ct"));
        var visit = plan.First(i => i.Kind == "visit");
        Assert.Equal(("Oncology visit", 7, "alkpositive-guide"), (visit.Title, visit.WindowDays, visit.Source));
        var ct = plan.First(i => i.Kind == "ct");
        Assert.Equal(("CT chest and abdomen", 14), (ct.Title, ct.WindowDays));
    }

    [Fact]
    public void No_brain_involvement_means_a_brain_mri_every_six_months()
    {
        var plan = SchedulePlanner.Plan(On("alectinib", Start), Start, 12);
        Assert.Equal(OnWeekdays("brain-mri", Dates(Start, "m6-3 m12-3")), DuesOf(plan, "brain-mri"));
        Assert.All(plan.Where(i => i.Kind == "brain-mri"), i => Assert.Equal(("Brain MRI", 14, "cancergrace-cns-monitoring"), (i.Title, i.WindowDays, i.Source)));
    }

    [Theory]
    [InlineData("active")]
    [InlineData("treated-stable")]
    [InlineData("leptomeningeal")]
    [InlineData(null)]
    public void Brain_metastases_mean_a_brain_mri_every_three_months(string? status)
    {
        var plan = SchedulePlanner.Plan(WithBrain(On("alectinib", Start), (Start, status)), Start, 12);
        Assert.Equal(OnWeekdays("brain-mri", Dates(Start, "m3-3 m6-3 m9-3 m12-3")), DuesOf(plan, "brain-mri"));
        Assert.Contains("brain", plan.First(i => i.Kind == "brain-mri").Reason);
    }

    [Fact]
    public void Leptomeninges_listed_as_a_site_count_as_brain_involvement()
    {
        var r = On("alectinib", Start);
        r.Sites.Add(new SiteObservation { Site = "leptomeninges", Date = Start });
        Assert.Equal(OnWeekdays("brain-mri", Dates(Start, "m3-3 m6-3 m9-3 m12-3")), DuesOf(SchedulePlanner.Plan(r, Start, 12), "brain-mri"));
    }

    /// <summary>Brain sites as other files and older records write them: the plan sees the same brain the visit questions do.</summary>
    [Theory]
    [InlineData("CNS", null, true)]
    [InlineData("Brain (treated)", null, true)]
    [InlineData("intracranial", "active", true)]
    [InlineData("leptomeningeal disease", null, true)]
    [InlineData("Brain metastases", "treated-stable", true)]
    [InlineData("brain", "none", false)]
    [InlineData("liver", null, false)]
    public void Brain_sites_written_other_ways_get_three_monthly_brain_MRI(string site, string? status, bool brain)
    {
        var r = On("alectinib", Start);
        r.Sites.Add(new SiteObservation { Site = site, Status = status, Date = Start });
        var expected = brain ? "m3-3 m6-3 m9-3 m12-3" : "m6-3 m12-3";
        Assert.Equal(OnWeekdays("brain-mri", Dates(Start, expected)), DuesOf(SchedulePlanner.Plan(r, Start, 12), "brain-mri"));
    }

    [Fact]
    public void Only_the_latest_brain_observation_counts()
    {
        var r = WithBrain(On("alectinib", Start), (new DateOnly(2024, 12, 1), "active"), (new DateOnly(2025, 6, 1), "none"));
        Assert.Equal(OnWeekdays("brain-mri", Dates(Start, "m6-3 m12-3")), DuesOf(SchedulePlanner.Plan(r, Start, 12), "brain-mri"));
    }

    [Theory]
    [InlineData("SRS", true)]
    [InlineData("WBRT", true)]
    [InlineData("Stereotactic radiosurgery to two lesions", true)]
    [InlineData("Gamma Knife", true)]
    [InlineData("whole brain radiotherapy", true)]
    [InlineData("thoracic radiation", false)]
    [InlineData("SBRT lung", false)]
    [InlineData("stereotactic body radiotherapy", false)]
    public void Brain_radiation_means_a_brain_mri_every_three_months(string name, bool brain)
    {
        var r = On("brigatinib", Start);
        r.Procedures.Add(new ProcedureEntry { Kind = "radiation", Name = name, Date = new DateOnly(2024, 12, 1) });
        var expected = brain ? "m3-3 m6-3 m9-3 m12-3" : "m6-3 m12-3";
        Assert.Equal(OnWeekdays("brain-mri", Dates(Start, expected)), DuesOf(SchedulePlanner.Plan(r, Start, 12), "brain-mri"));
    }

    [Fact]
    public void Brain_surgery_is_not_brain_radiation()
    {
        var r = On("brigatinib", Start);
        r.Procedures.Add(new ProcedureEntry { Kind = "surgery", Name = "brain lesion resection" });
        Assert.Equal(OnWeekdays("brain-mri", Dates(Start, "m6-3 m12-3")), DuesOf(SchedulePlanner.Plan(r, Start, 12), "brain-mri"));
    }

    [Fact]
    public void Stable_for_24_months_visits_spread_to_every_six_months()
    {
        var start = new DateOnly(2022, 1, 10);
        var from = new DateOnly(2024, 1, 1);
        var plan = SchedulePlanner.Plan(On("alectinib", start), from, 24);
        Assert.Equal(OnWeekdays("visit", Dates(start, "m24 m30 m36 m42")), DuesOf(plan, "visit"));
        Assert.Equal(OnWeekdays("ct", Dates(start, "m24-3 m30-3 m36-3 m42-3")), DuesOf(plan, "ct"));
        Assert.Contains("24 months", plan.First(i => i.Kind == "visit" && i.Due == start.AddMonths(30)).Reason);
    }

    [Fact]
    public void A_progression_on_the_current_line_keeps_visits_every_three_months()
    {
        var start = new DateOnly(2022, 1, 10);
        var r = On("alectinib", start);
        r.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2023, 6, 1), Where = "brain", FoundBy = "scan" });
        var plan = SchedulePlanner.Plan(r, new DateOnly(2024, 1, 1), 24);
        Assert.Equal(OnWeekdays("visit", Dates(start, "m24 m27 m30 m33 m36 m39 m42 m45")), DuesOf(plan, "visit"));
    }

    [Fact]
    public void Visit_spacing_follows_the_settings()
    {
        var settings = new PlanSettings(VisitMonthsEarly: 2, VisitMonthsLater: 4, StableMonthsBeforeLater: 6);
        var plan = SchedulePlanner.Plan(On("alectinib", Start), Start, 16, settings);
        Assert.Equal(OnWeekdays("visit", Dates(Start, "m2 m4 m6 m10 m14")), DuesOf(plan, "visit"));
    }

    // ------------------------------------------------------------------ weekends

    [Fact]
    public void The_demo_visit_ecg_and_glucose_due_on_a_sunday_move_to_the_friday_before()
    {
        // Demo built on Friday 2026-12-04: lorlatinib started 2026-06-06, so the 6-month visit, ECG and glucose fall on Sunday 2026-12-06.
        var today = new DateOnly(2026, 12, 4);
        var record = DemoData.Build("owner", today);
        var sunday = new DateOnly(2026, 12, 6);
        Assert.Equal(DayOfWeek.Sunday, sunday.DayOfWeek);
        Assert.Equal(sunday, record.Treatments.Single(t => t.End is null).Start.AddMonths(6));

        var plan = SchedulePlanner.Plan(record, today.AddDays(-PlanSync.LookBackDays), 12);
        foreach (var kind in new[] { "visit", "ecg", "lab:glucose" })
            Assert.Contains(plan, i => i.Kind == kind && i.Due == today);
        Assert.DoesNotContain(plan, i => i.Due == sunday && !i.Kind.StartsWith("vitals:", StringComparison.Ordinal));
        // The CT stays 3 days before the (moved) visit.
        Assert.Contains(plan, i => i.Kind == "ct" && i.Due == today.AddDays(-3));
    }

    [Fact]
    public void Clinic_items_never_fall_on_a_weekend_and_label_checks_are_never_later_than_the_label_asks()
    {
        foreach (var drug in Vocabulary.Tkis)
            for (var shift = 0; shift < 7; shift++)
            {
                var start = Start.AddDays(shift); // every weekday of the start, Saturday and Sunday included
                var r = WithBrain(On(drug, start), (start, "active"));
                r.Progressions.Add(new ProgressionEvent { Date = start.AddMonths(2), Where = "liver" });
                var plan = SchedulePlanner.Plan(r, start, 12);
                Assert.All(plan.Where(i => !i.Kind.StartsWith("vitals:", StringComparison.Ordinal)),
                    i => Assert.True(i.Due.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"{i.Key} on {i.Due} ({i.Due.DayOfWeek})"));

                // Each label check is on its nominal date or at most 2 days before it, never after.
                foreach (var check in SchedulePlanner.LabelChecks.Where(c => c.Drug == drug))
                {
                    var nominal = check.Dates(start, start.AddMonths(12)).ToDictionary(x => $"{check.Kind}/{drug}/{start:yyyy-MM-dd}/{x.N}", x => x.Date);
                    foreach (var item in plan.Where(i => nominal.ContainsKey(i.Key)))
                    {
                        var days = nominal[item.Key].DayNumber - item.Due.DayNumber;
                        Assert.InRange(days, 0, check.Kind.StartsWith("vitals:", StringComparison.Ordinal) ? 0 : 2);
                    }
                    // The baseline check on the first day stays in the plan even when the first day is a weekend.
                    if (check.Days.Contains(0)) Assert.Contains(plan, i => i.Key == $"{check.Kind}/{drug}/{start:yyyy-MM-dd}/0");
                }
                // Scans come before their visit, with 3 days for the results.
                foreach (var visit in plan.Where(i => i.Kind == "visit"))
                {
                    var n = visit.Key[(visit.Key.LastIndexOf('/') + 1)..];
                    var ct = plan.SingleOrDefault(i => i.Kind == "ct" && i.Key.EndsWith("/" + n, StringComparison.Ordinal) && i.Key.StartsWith("ct/", StringComparison.Ordinal));
                    if (ct is not null) Assert.True(visit.Due.DayNumber - ct.Due.DayNumber >= 3, $"{ct.Due} before {visit.Due}");
                }
            }
    }

    [Fact]
    public void A_liquid_biopsy_due_today_on_a_weekend_moves_to_the_monday_not_into_the_past()
    {
        var r = On("lorlatinib", Start);
        r.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2025, 9, 1), Where = "liver" });
        var saturday = new DateOnly(2025, 10, 4);
        Assert.Equal(DayOfWeek.Saturday, saturday.DayOfWeek);
        Assert.Equal(new DateOnly(2025, 10, 6), Assert.Single(SchedulePlanner.Plan(r, saturday, 3), i => i.Kind == "liquid-biopsy").Due);
    }

    // ------------------------------------------------------------------ liquid biopsy

    [Fact]
    public void A_progression_since_the_line_started_asks_for_a_liquid_biopsy_now()
    {
        var r = On("lorlatinib", Start);
        r.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2025, 9, 1), Where = "liver", FoundBy = "scan" });
        var from = new DateOnly(2025, 10, 1);
        var plan = SchedulePlanner.Plan(r, from, 12);
        var lb = Assert.Single(plan, i => i.Kind == "liquid-biopsy");
        Assert.Equal(from, lb.Due);
        Assert.Equal("Liquid biopsy (blood test for resistance mutations)", lb.Title);
        Assert.Contains("2025-09-01", lb.Reason);
        Assert.Equal(lb, plan[0]);
    }

    [Fact]
    public void No_liquid_biopsy_when_one_was_done_after_the_progression_or_the_progression_was_before_the_line()
    {
        var done = On("lorlatinib", Start);
        done.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2025, 9, 1), Where = "liver" });
        done.Biomarkers.Add(new BiomarkerResult { Gene = "ALK", Alteration = "G1202R", Source = "liquid-biopsy", Date = new DateOnly(2025, 9, 15) });
        Assert.DoesNotContain(SchedulePlanner.Plan(done, new DateOnly(2025, 10, 1), 12), i => i.Kind == "liquid-biopsy");

        var tissueOnly = On("lorlatinib", Start);
        tissueOnly.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2025, 9, 1), Where = "liver" });
        tissueOnly.Biomarkers.Add(new BiomarkerResult { Gene = "ALK", Alteration = "G1202R", Source = "tissue", Date = new DateOnly(2025, 9, 15) });
        tissueOnly.Biomarkers.Add(new BiomarkerResult { Gene = "ALK", Alteration = "fusion", Source = "liquid-biopsy", Date = new DateOnly(2025, 8, 1) });
        Assert.Single(SchedulePlanner.Plan(tissueOnly, new DateOnly(2025, 10, 1), 12), i => i.Kind == "liquid-biopsy");

        var before = On("lorlatinib", Start);
        before.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2024, 12, 20), Where = "brain" });
        Assert.DoesNotContain(SchedulePlanner.Plan(before, new DateOnly(2025, 10, 1), 12), i => i.Kind == "liquid-biopsy");
    }

    // ------------------------------------------------------------------ window, order, keys, basis

    [Fact]
    public void From_in_the_middle_of_a_course_lists_only_later_occurrences_with_the_same_keys()
    {
        var r = On("crizotinib", Start);
        var from = Start.AddDays(20);
        var plan = SchedulePlanner.Plan(r, from, 3);
        Assert.Equal(OnWeekdays("lab:liver", Dates(Start, "d28 d42 d56 m3")), DuesOf(plan, "lab:liver"));
        Assert.All(plan, i => Assert.True(i.Due >= from && i.Due < from.AddMonths(3), $"{i.Key} {i.Due}"));

        var whole = SchedulePlanner.Plan(r, Start, 6).ToDictionary(i => i.Key);
        Assert.All(plan, i => Assert.Equal(whole[i.Key], i));
        Assert.Equal("lab:liver/crizotinib/2025-01-06/2", plan.First(i => i.Kind == "lab:liver").Key);
    }

    [Fact]
    public void Items_are_ordered_by_due_date_then_kind_and_keys_are_unique()
    {
        var r = WithBrain(On("lorlatinib", Start), (Start, "active"));
        r.Progressions.Add(new ProgressionEvent { Date = Start.AddMonths(8), Where = "liver" });
        var plan = SchedulePlanner.Plan(r, Start, 24);
        var expected = plan.OrderBy(i => i.Due).ThenBy(i => Array.IndexOf(SchedulePlanner.Kinds, i.Kind)).ToList();
        Assert.Equal(expected.Select(i => (i.Due, i.Kind)), plan.Select(i => (i.Due, i.Kind)));
        Assert.Equal(plan.Count, plan.Select(i => i.Key).Distinct().Count());
        Assert.All(plan, i => Assert.Contains(i.Kind, SchedulePlanner.Kinds));
    }

    [Fact]
    public void Keys_are_the_same_across_regenerations_and_change_with_the_therapy()
    {
        var r = On("crizotinib", Start);
        var first = SchedulePlanner.Plan(r, Start, 12);
        var again = SchedulePlanner.Plan(On("crizotinib", Start), Start, 12);
        Assert.Equal(first.Select(i => i.Key), again.Select(i => i.Key));
        Assert.Equal(first, again);
        Assert.Equal(SchedulePlanner.Basis(r), SchedulePlanner.Basis(On("crizotinib", Start)));

        var switched = On("crizotinib", Start);
        switched.Treatments[0].End = new DateOnly(2025, 3, 1);
        switched.Treatments[0].StopReason = "side-effects";
        switched.Treatments.Add(new TreatmentLine { Agent = "alectinib", Start = new DateOnly(2025, 3, 5) });
        var after = SchedulePlanner.Plan(switched, new DateOnly(2025, 3, 5), 12);
        Assert.NotEqual(SchedulePlanner.Basis(r), SchedulePlanner.Basis(switched));
        Assert.Empty(after.Select(i => i.Key).Intersect(SchedulePlanner.Plan(r, new DateOnly(2025, 3, 5), 12).Select(i => i.Key)));
        Assert.DoesNotContain(after, i => i.Reason.Contains("crizotinib"));
    }

    [Fact]
    public void Basis_names_what_the_plan_depends_on()
    {
        var r = On("lorlatinib", Start);
        var basis = SchedulePlanner.Basis(r);
        Assert.Equal("tki=lorlatinib@2025-01-06;brain=0;brainrt=0;progression=-;lb=0;visits=3/6/24;anchor=2025-01-06", basis);
        Assert.Equal("tki=none@-;brain=0;brainrt=0;progression=-;lb=0;visits=3/6/24;anchor=-", SchedulePlanner.Basis(new PatientRecord()));
        Assert.Equal("tki=none@-;brain=0;brainrt=0;progression=-;lb=0;visits=3/6/24;anchor=2025-06-01",
            SchedulePlanner.Basis(new PatientRecord { DiagnosisDate = new DateOnly(2025, 6, 1) }));

        WithBrain(r, (Start, "active"));
        var withBrain = SchedulePlanner.Basis(r);
        Assert.NotEqual(basis, withBrain);
        r.Procedures.Add(new ProcedureEntry { Kind = "radiation", Name = "SRS" });
        Assert.NotEqual(withBrain, SchedulePlanner.Basis(r));
        r.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2025, 9, 1), Where = "liver" });
        Assert.Contains("progression=2025-09-01", SchedulePlanner.Basis(r));
        Assert.Contains("visits=2/4/12", SchedulePlanner.Basis(r, new PlanSettings(2, 4, 12)));
    }

    [Fact]
    public void Every_item_has_a_title_a_reason_and_a_source_from_the_bibliography()
    {
        var keys = Regex.Matches(File.ReadAllText(Path.Combine(Repo.Root, "content", "sources.yaml")), @"^- key: (\S+)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var drug in Vocabulary.Tkis)
        {
            var r = WithBrain(On(drug, Start), (Start, "active"));
            r.Progressions.Add(new ProgressionEvent { Date = Start.AddMonths(2), Where = "liver" });
            foreach (var i in SchedulePlanner.Plan(r, Start, 24))
            {
                Assert.Contains(i.Source, keys);
                Assert.Equal(SchedulePlanner.Title(i.Kind), i.Title);
                Assert.False(string.IsNullOrWhiteSpace(i.Reason));
                Assert.Equal(i.Kind.StartsWith("lab:") || i.Kind.StartsWith("vitals:") || i.Kind == "ecg" ? 3 : i.Kind == "visit" ? 7 : 14, i.WindowDays);
            }
        }
    }

    [Fact]
    public void Months_must_be_at_least_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulePlanner.Plan(new PatientRecord(), Start, 0));
    }
}
