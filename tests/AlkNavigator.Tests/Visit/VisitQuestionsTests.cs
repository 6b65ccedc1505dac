using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Visit;

namespace AlkNavigator.Tests.Visit;

/// <summary>
/// The visit questions computed from a record: each rule on its own varied scenario, the ones that must not fire, and that
/// every question cites a real source and Learn section. Dates are fixed (no wall clock).
/// </summary>
public class VisitQuestionsTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly ResistanceTable Table = ResistanceTable.Load(Repo.ContentDir);
    private static readonly ContentStore Content = ContentStore.Load(Repo.ContentDir);

    /// <summary>A small record builder: ALK-positive stage IV by default.</summary>
    private sealed class R
    {
        public PatientRecord Record { get; } = new() { AlkStatus = "positive", Stage = "IV", DiagnosisDate = new(2024, 1, 10) };

        public R Status(string? s) { Record.AlkStatus = s; return this; }
        public R Stage(string? s) { Record.Stage = s; return this; }
        public R Line(string agent, string start, string? end = null, string? stop = null, string? note = null)
        {
            Record.Treatments.Add(new TreatmentLine { Agent = agent, Start = D(start), End = end is null ? null : D(end), StopReason = stop, Note = note });
            return this;
        }
        public R Progression(string date, string where = "lung") { Record.Progressions.Add(new ProgressionEvent { Date = D(date), Where = where, FoundBy = "scan" }); return this; }
        public R Marker(string gene, string alteration, string? date = null, string? source = "tissue")
        {
            Record.Biomarkers.Add(new BiomarkerResult { Gene = gene, Alteration = alteration, Date = date is null ? null : D(date), Source = source });
            return this;
        }
        public R Site(string site, string? status = null) { Record.Sites.Add(new SiteObservation { Site = site, Status = status, Date = Today }); return this; }
        public R Surgery(string name, string date) { Record.Procedures.Add(new ProcedureEntry { Kind = "surgery", Name = name, Date = D(date) }); return this; }
        public R Radiation(string name, string date) { Record.Procedures.Add(new ProcedureEntry { Kind = "radiation", Name = name, Date = D(date) }); return this; }
        public R Medicine(string name) { Record.Medicines.Add(new OtherMedicine { Name = name }); return this; }
        public R Specialist() { Record.CareTeam.Add(new CareTeamMember { Role = "oncologist", Name = "Dr Shaw", IsAlkSpecialist = true }); return this; }
        public R Notes(string notes) { Record.Notes = notes; return this; }
        public R PlanDone(string key) { Record.PlanItems.Add(new PlanItem { Key = key, Status = "done" }); return this; }

        public List<VisitQuestion> Questions(IEnumerable<OpenAlert>? alerts = null, DateOnly? today = null) =>
            VisitQuestions.For(Record, today ?? Today, Table, alerts);

        private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> Keys(List<VisitQuestion> q) => q.Select(x => x.Key).ToList();

    private static VisitQuestion One(List<VisitQuestion> q, string key) =>
        q.SingleOrDefault(x => x.Key == key) ?? throw new Xunit.Sdk.XunitException($"no question {key}; got {string.Join(", ", Keys(q))}");

    // ------------------------------------------------------------------ scenarios

    [Fact]
    public void Naive_advanced_with_brain_metastases_asks_about_a_first_ALK_drug_brain_active_drugs_and_MRI_spacing()
    {
        var q = new R().Stage("IVB").Site("brain", "active").Site("bone").Questions();
        Assert.Equal(["first-alk-drug", "brain-drugs", "brain-local", "brain-mri", "second-opinion"], Keys(q));
        Assert.Equal("nccn-nsclc", One(q, "first-alk-drug").Source);
        Assert.Contains("lorlatinib, alectinib and brigatinib", One(q, "first-alk-drug").Why);
        Assert.Contains("brain", One(q, "first-alk-drug").Why);
        Assert.Equal("cancergrace-cns-monitoring", One(q, "brain-mri").Source);
        Assert.DoesNotContain(q, x => x.Key.StartsWith("next:", StringComparison.Ordinal) || x.Key == "trials");
    }

    [Fact]
    public void Progression_on_alectinib_asks_about_lorlatinib_a_new_biopsy_and_trials()
    {
        var q = new R().Line("alectinib", "2023-02-01", "2026-10-20", "progression").Progression("2026-10-15", "liver").Questions();
        var next = One(q, "next:lorlatinib");
        Assert.Contains("lorlatinib", next.Question);
        Assert.Contains("alectinib", next.Why);
        Assert.Equal("nccn-nsclc", next.Source);
        Assert.Equal("gainor-2016", One(q, "resistance-test").Source);
        Assert.Contains("liquid biopsy", One(q, "resistance-test").Question);
        Assert.Equal("nci-clinical-trials", One(q, "trials").Source);
        // One place (liver): could it be treated locally?
        Assert.Contains("liver", One(q, "oligoprogression").Question);
        Assert.True(Keys(q).IndexOf("next:lorlatinib") < Keys(q).IndexOf("trials"));
        Assert.DoesNotContain("plan-ahead", Keys(q));
    }

    [Fact]
    public void A_progression_event_during_an_ongoing_second_generation_line_counts_as_progression_on_it()
    {
        var q = new R().Line("Alunbrig 180 mg", "2025-01-01").Progression("2026-11-20", "brain and liver").Questions();
        Assert.Contains("brigatinib", One(q, "next:lorlatinib").Question);
        Assert.Contains("while on brigatinib", One(q, "next:lorlatinib").Question);
        Assert.DoesNotContain("oligoprogression", Keys(q)); // more than one place
    }

    [Fact]
    public void A_resistance_test_dated_after_the_progression_is_not_asked_for_again()
    {
        var q = new R().Line("alectinib", "2023-02-01", "2026-10-20", "progression").Progression("2026-10-15")
            .Marker("ALK", "G1202R", "2026-10-25", "liquid-biopsy").Questions();
        Assert.DoesNotContain("resistance-test", Keys(q));
        Assert.Contains("mutation:G1202R", Keys(q));
    }

    [Fact]
    public void On_lorlatinib_with_G1202R_gives_its_row_of_the_resistance_table()
    {
        var q = new R().Line("alectinib", "2021-02-01", "2024-05-01", "progression").Line("lorlatinib", "2024-05-10")
            .Marker("ALK", "G1202R", "2024-04-20", "liquid-biopsy").Questions();
        var m = One(q, "mutation:G1202R");
        Assert.Equal("lin-2017-table2", m.Source);
        Assert.Contains("row G1202R", m.Why);
        Assert.Contains("still work: Lorlatinib", m.Why);
        Assert.Contains("/learn/resistance#resistance-mutations-and-which-medicines-still-work", m.Learn);
        Assert.DoesNotContain(q, x => x.Key.StartsWith("next:", StringComparison.Ordinal)); // no progression on lorlatinib
        Assert.Contains("plan-ahead", Keys(q));
    }

    [Fact]
    public void Progression_on_lorlatinib_asks_about_rebiopsy_and_trials_not_lorlatinib()
    {
        var q = new R().Line("alectinib", "2021-02-01", "2024-05-01", "progression").Line("Lorbrena", "2024-05-10", "2026-10-01", "progression").Questions();
        Assert.Contains("next:after-lorlatinib", Keys(q));
        Assert.DoesNotContain("next:lorlatinib", Keys(q));
        Assert.Contains("resistance-test", Keys(q));
        Assert.Contains("trials", Keys(q));
    }

    [Fact]
    public void Crizotinib_progression_asks_about_second_generation_drugs()
    {
        var q = new R().Line("Xalkori", "2019-01-01", "2020-06-01", "progression").Questions(today: new DateOnly(2020, 6, 10));
        var next = One(q, "next:second-generation");
        Assert.Contains("alectinib, brigatinib or ceritinib", next.Question);
        Assert.Equal("asco-oh-guideline", next.Source);
        Assert.DoesNotContain("next:lorlatinib", Keys(q));
    }

    [Fact]
    public void Crizotinib_brain_metastases_asks_about_a_drug_that_works_better_in_the_brain()
    {
        var q = new R().Line("crizotinib", "2025-01-01").Site("brain", "treated-stable").Questions();
        Assert.Contains("crizotinib", One(q, "brain-drugs").Question);
        Assert.Contains("brain-mri", Keys(q));
        Assert.DoesNotContain("brain-local", Keys(q)); // treated and stable
        var onLorlatinib = new R().Line("lorlatinib", "2025-01-01").Site("brain", "treated-stable").Questions();
        Assert.DoesNotContain("brain-drugs", Keys(onLorlatinib));
        Assert.Contains("brain-mri", Keys(onLorlatinib));
    }

    [Fact]
    public void Brain_radiation_alone_asks_about_MRI_spacing()
    {
        var q = new R().Line("alectinib", "2025-01-01").Radiation("SRS to 2 brain lesions", "2025-02-01").Questions();
        Assert.Contains("radiation to the brain", One(q, "brain-mri").Why);
    }

    [Theory]
    [InlineData("I1171N", "I1171T/N/S")]
    [InlineData("i1171s", "I1171T/N/S")]
    [InlineData("F1174L", "F1174C/L/V")]
    [InlineData("C1156T", "C1156Y/T")]
    [InlineData("I1151Tins", "I1151Tins")]
    [InlineData("L1196M", "L1196M")]
    [InlineData("G1269S", "G1269A/S")]
    public void A_mutation_finds_its_row_also_in_a_slash_row(string mutation, string row)
    {
        Assert.Equal(row, Table.Find(mutation)?.Mutation);
        var q = new R().Line("alectinib", "2024-01-01").Marker("ALK", $"ALK {mutation}").Questions();
        Assert.Contains($"row {row}", One(q, $"mutation:{mutation.ToUpperInvariant().Replace("TINS", "Tins")}").Why);
    }

    [Fact]
    public void Every_mutation_in_the_resistance_table_resolves_to_its_row()
    {
        Assert.True(Table.Rows.Count >= 13, $"parsed {Table.Rows.Count} rows");
        foreach (var row in Table.Rows.Where(r => !r.IsCompound))
            foreach (var m in row.Covers)
            {
                Assert.Same(row, Table.Find(m));
                var q = new R().Marker("ALK", m).Questions();
                Assert.Contains($"row {row.Mutation}", One(q, $"mutation:{AlkMutations.In(m).Single()}").Why);
            }
        foreach (var row in Table.Rows.Where(r => r.IsCompound))
            foreach (var pair in row.Covers)
                Assert.Same(row, Table.FindCompound(pair.Split('+')));
        Assert.Equal(["L1198F+C1156Y"], Table.Rows.Where(r => r.IsCompound).First().Covers.Select(c => string.Join("+", c.Split('+').Reverse())));
    }

    [Theory]
    [InlineData("p.Gly1202Arg", "G1202R")]
    [InlineData("NM_004304.5:c.3604G>A p.(Gly1202Arg)", "G1202R")]
    [InlineData("L1196M/G1202R", "L1196M,G1202R")]
    [InlineData("EML4-ALK v3 fusion", "")]
    public void Mutations_are_read_in_the_ways_reports_write_them(string text, string expected) =>
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), AlkMutations.In(text));

    [Fact]
    public void Compound_mutations_get_the_compound_row_and_each_mutation_its_own()
    {
        var q = new R().Line("lorlatinib", "2024-01-01").Marker("ALK", "L1198F").Marker("ALK", "C1156Y", "2026-11-01").Questions();
        Assert.Contains("mutation:L1198F", Keys(q));
        Assert.Contains("mutation:C1156Y", Keys(q));
        var c = One(q, "mutation:compound");
        Assert.Contains("row L1198F + C1156Y", c.Why);
        Assert.Contains("Lorlatinib", c.Why);

        // Two mutations not listed together in the table, and the word "compound": the general compound point.
        var other = new R().Marker("ALK", "G1202R/L1196M compound").Questions();
        Assert.Contains("even lorlatinib can stop working", One(other, "mutation:compound").Why);
        Assert.Contains("mutation:G1202R", Keys(other));
        Assert.Contains("mutation:L1196M", Keys(other));
    }

    [Fact]
    public void A_mutation_not_in_the_table_still_gets_a_question_and_not_detected_is_ignored()
    {
        var q = new R().Marker("ALK", "D1203N").Marker("ALK", "G1202R not detected").Questions();
        Assert.Equal("gainor-2016", One(q, "mutation:D1203N").Source);
        Assert.DoesNotContain("mutation:G1202R", Keys(q));
    }

    [Fact]
    public void Off_target_resistance_asks_about_combined_or_targeted_options()
    {
        var q = new R().Line("lorlatinib", "2024-01-01", "2026-09-01", "progression").Marker("MET", "amplification", "2026-09-10").Marker("TP53", "R273H").Questions();
        var met = One(q, "off-target:MET");
        Assert.Contains("MET amplification", met.Question);
        Assert.Contains("trials", met.Question);
        Assert.DoesNotContain(q, x => x.Key == "off-target:TP53");
        Assert.DoesNotContain("resistance-test", Keys(q)); // tested since the progression
        Assert.DoesNotContain(new R().Marker("MET", "no amplification").Questions(), x => x.Key.StartsWith("off-target", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("carboplatin + pemetrexed + pembrolizumab", "2026-11-01", null)]
    [InlineData("Keytruda", "2026-12-20", null)]                 // planned (starts after today)
    [InlineData("durvalumab", "2025-01-01", "2025-12-31")]       // taken, no ALK drug after it
    public void Immunotherapy_before_an_ALK_drug_gives_the_guide_caution_and_a_second_opinion(string agent, string start, string? end)
    {
        var q = new R().Specialist().Line(agent, start, end).Questions();
        var io = One(q, "immunotherapy");
        Assert.Equal("alkpositive-treatment-options", io.Source);
        Assert.Contains("almost never effective", io.Why);
        Assert.Contains("second opinion", io.Question);
        Assert.Equal(0, Keys(q).IndexOf("immunotherapy"));
        // Even with an ALK specialist on the team, the guide asks for a second opinion before immunotherapy.
        Assert.Equal("alkpositive-treatment-options", One(q, "second-opinion").Source);
    }

    [Fact]
    public void Immunotherapy_followed_by_an_ALK_drug_or_ruled_out_in_a_note_is_not_a_concern()
    {
        Assert.DoesNotContain("immunotherapy", Keys(new R().Specialist().Line("pembrolizumab", "2023-01-01", "2023-05-01", "progression").Line("alectinib", "2023-06-01").Questions()));
        Assert.DoesNotContain("immunotherapy", Keys(new R().Specialist().Line("alectinib", "2023-06-01").Notes("No immunotherapy: ALK-positive.").Questions()));
        Assert.Contains("immunotherapy", Keys(new R().Specialist().Notes("Oncologist suggested chemotherapy with pembrolizumab.").Questions()));
    }

    [Fact]
    public void Resected_stage_II_with_no_ALK_drug_asks_about_adjuvant_alectinib()
    {
        var q = new R().Stage("IIB").Surgery("lobectomy", "2026-10-01").Site("lymph nodes").Questions();
        var a = One(q, "adjuvant-alectinib");
        Assert.Equal("alina-adjuvant", a.Source);
        Assert.Contains("stage IIB", a.Why);
        Assert.DoesNotContain("first-alk-drug", Keys(q));
        Assert.DoesNotContain("adjuvant-alectinib", Keys(new R().Stage("IA2").Surgery("wedge resection", "2026-10-01").Questions()));
        Assert.DoesNotContain("adjuvant-alectinib", Keys(new R().Stage("IIIA").Surgery("lobectomy", "2026-10-01").Line("alectinib", "2026-11-01").Questions()));
        Assert.DoesNotContain("adjuvant-alectinib", Keys(new R().Stage("IV").Surgery("lobectomy", "2026-10-01").Questions()));
    }

    [Fact]
    public void No_ALK_specialist_on_the_care_team_asks_for_a_second_opinion_with_the_guide_as_source()
    {
        var q = new R().Line("alectinib", "2025-01-01").Questions();
        var s = One(q, "second-opinion");
        Assert.Equal("alkpositive-guide", s.Source);
        Assert.Contains("ALK specialist", s.Why);
        Assert.DoesNotContain("second-opinion", Keys(new R().Line("alectinib", "2025-01-01").Specialist().Questions()));
    }

    [Fact]
    public void Label_checks_due_within_a_month_are_asked_about_with_the_label_as_source()
    {
        // Lorlatinib started 10 days ago: lipids at 1 month, blood pressure monthly: both within 31 days.
        var q = new R().Specialist().Line("lorlatinib", "2026-11-27").Questions();
        var lipids = One(q, "due:lab:lipids");
        Assert.StartsWith("Cholesterol and triglycerides: is a check due", lipids.Question);
        Assert.Equal("lorbrena-adverse", lipids.Source);
        Assert.Contains("2026-12-25", lipids.Why); // one month after the start is Sunday 27 December: the plan moves it to the Friday before
        Assert.Contains("due:vitals:blood-pressure", Keys(q));
        // A stored plan given by the caller wins (the web passes the record's own items, overdue ones too).
        var stored = VisitQuestions.For(new R().Specialist().Line("lorlatinib", "2026-11-27").Record, Today, Table,
            due: [new DueCheck("ecg", "ECG (heart tracing)", Today.AddDays(-2), "The lorlatinib label ...", "lorbrena-adverse"),
                  new DueCheck("lab:glucose", "Blood sugar (glucose)", Today.AddDays(60), "later", "lorbrena-adverse")]);
        Assert.Contains("was due on 2026-12-05", One(stored, "due:ecg").Why);
        Assert.DoesNotContain("due:lab:glucose", Keys(stored));
        Assert.DoesNotContain("due:lab:lipids", Keys(stored));
    }

    [Fact]
    public void Open_alerts_come_first_urgent_before_contact_with_call_now()
    {
        var alerts = new[]
        {
            new OpenAlert("contact", "diarrhoea-severe", "Diarrhoea: severe", "Contact your care team today.", Today.AddDays(-1)),
            new OpenAlert("urgent", "breathing-worse", "Shortness of breath: severe", "Call your care team now.", Today),
            new OpenAlert("next-visit", "fatigue", "Fatigue", "Mention it at the next visit.", Today),
        };
        var q = new R().Line("alectinib", "2025-01-01").Questions(alerts);
        Assert.StartsWith("alert:breathing-worse", q[0].Key);
        Assert.Contains("Call your care team now", q[0].Question);
        Assert.StartsWith("alert:diarrhoea-severe", q[1].Key);
        Assert.DoesNotContain(q, x => x.Key.StartsWith("alert:fatigue", StringComparison.Ordinal));
        Assert.All(q.Take(2), x => Assert.Contains(x.Source, Content.Bibliography.Keys));
    }

    [Fact]
    public void Interactions_at_caution_or_above_with_the_current_drug_are_asked_about()
    {
        var q = new R().Specialist().Line("lorlatinib", "2025-01-01").Medicine("rifampicin 600 mg").Medicine("paracetamol").Questions();
        var i = One(q, "interaction:rifampicin");
        Assert.Contains("rifampicin 600 mg", i.Question);
        Assert.Equal("lorbrena-label", i.Source);
        Assert.Equal(0, Keys(q).IndexOf("interaction:rifampicin"));
        Assert.DoesNotContain(q, x => x.Key == "interaction:paracetamol");
    }

    [Theory]
    [InlineData("negative")]
    [InlineData("unknown")]
    [InlineData(null)]
    public void A_patient_not_known_to_be_ALK_positive_gets_no_ALK_drug_advice(string? status)
    {
        var q = new R().Status(status).Stage("IV").Site("brain", "active").Line("carboplatin + pemetrexed + pembrolizumab", "2026-10-01").Progression("2026-11-30").Questions();
        Assert.DoesNotContain(q, x => x.Key is "first-alk-drug" or "immunotherapy" or "second-opinion" or "brain-drugs" or "adjuvant-alectinib" or "trials"
                                      || x.Key.StartsWith("next:", StringComparison.Ordinal));
        Assert.DoesNotContain(q, x => x.Question.Contains("lorlatinib", StringComparison.OrdinalIgnoreCase) || x.Question.Contains("alectinib", StringComparison.OrdinalIgnoreCase));
        if (status == "negative") Assert.Empty(q);
        else Assert.Equal(["alk-test"], Keys(q));
    }

    [Fact]
    public void ALK_status_left_empty_with_an_ALK_drug_in_the_record_counts_as_ALK_positive()
    {
        var q = new R().Status(null).Line("alectinib", "2024-01-01", "2026-11-01", "progression").Questions();
        Assert.Contains("next:lorlatinib", Keys(q));
    }

    [Fact]
    public void Stopped_for_side_effects_with_nothing_after_asks_about_another_ALK_drug()
    {
        var q = new R().Line("brigatinib", "2025-01-01", "2026-11-01", "side-effects").Questions();
        Assert.Contains("side effects", One(q, "next:after-side-effects").Question);
        Assert.DoesNotContain("trials", Keys(q));
    }

    // ------------------------------------------------------------------ how other people write records (Fixtures/visit-scenarios)

    [Theory]
    [InlineData("CNS", "active", true)]
    [InlineData("leptomeningeal", null, true)]
    [InlineData("Leptomeningeal disease", null, true)]
    [InlineData("Brain metastases", "Active", true)]
    [InlineData("intracranial", "progressing", true)]
    [InlineData("Brain (treated)", null, false)]
    [InlineData("CNS", "treated, stable", false)]
    public void A_brain_site_written_another_way_is_still_the_brain(string site, string? status, bool active)
    {
        var q = new R().Line("crizotinib", "2025-01-01").Site(site, status).Site("bone").Questions();
        Assert.Contains("brain-drugs", Keys(q));
        Assert.Contains("brain-mri", Keys(q));
        Assert.Equal(active, Keys(q).Contains("brain-local"));
    }

    [Theory]
    [InlineData("CNS", "none")]
    [InlineData("brain", "none")]
    [InlineData("intracranial", "resolved")]
    [InlineData("bone", null)]
    [InlineData("spine", null)]
    public void A_brain_site_said_to_be_clear_or_another_site_is_not_brain_metastases(string site, string? status)
    {
        var q = new R().Line("crizotinib", "2025-01-01").Site(site, status).Questions();
        Assert.DoesNotContain(q, x => x.Key.StartsWith("brain", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ALK_line_with_no_end_followed_by_chemotherapy_is_not_taken_as_current_and_a_question_asks()
    {
        var q = new R().Line("lorlatinib", "2021-02-01").Line("carboplatin + pemetrexed", "2026-09-01").Medicine("rifampicin").Questions();
        var ask = One(q, "next:after-stop");
        Assert.Contains("lorlatinib with no end date and carboplatin + pemetrexed", ask.Question);
        Assert.DoesNotContain("plan-ahead", Keys(q)); // not "while stable"
        Assert.Contains("interaction:rifampicin", Keys(q)); // the safety question stays while it may still be taken
        // Chemotherapy that already ended does not replace the ALK drug, nor does a bone medicine; an ALK drug replaces it as before.
        Assert.Contains("plan-ahead", Keys(new R().Line("alectinib", "2021-02-01").Line("carboplatin + pemetrexed", "2026-06-01", "2026-08-01", "completed").Questions()));
        Assert.Contains("plan-ahead", Keys(new R().Line("alectinib", "2021-02-01").Line("denosumab", "2026-06-01").Questions()));
        Assert.DoesNotContain("next:after-stop", Keys(new R().Line("alectinib", "2021-02-01").Line("Lorbrena", "2026-06-01").Questions()));
    }

    [Theory]
    [InlineData("other")]
    [InlineData("completed")]
    [InlineData(null)]
    public void An_ALK_drug_stopped_for_another_or_no_reason_with_none_since_asks_what_comes_next(string? stop)
    {
        var q = new R().Line("alectinib", "2022-02-01", "2026-10-01", stop).Questions();
        Assert.Contains("was stopped on 2026-10-01", One(q, "next:after-stop").Question);
        Assert.DoesNotContain(q, x => x.Key is "next:lorlatinib" or "next:after-side-effects" or "first-alk-drug");
        // Not after side effects (its own question) nor for a resected cancer after 2 years of adjuvant alectinib.
        Assert.DoesNotContain("next:after-stop", Keys(new R().Line("alectinib", "2022-02-01", "2026-10-01", "side-effects").Questions()));
        Assert.DoesNotContain("next:after-stop", Keys(new R().Stage("IIA").Surgery("lobectomy", "2024-01-01").Line("alectinib", "2024-02-01", "2026-02-01", "completed").Questions()));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData(null)]
    public void ALK_status_unknown_or_missing_is_answered_by_an_ALK_drug_or_a_positive_ALK_result(string? status)
    {
        var onDrug = new R().Status(status).Line("Alecensa", "2024-02-01", "2026-11-01", "progression").Questions();
        Assert.Contains("next:lorlatinib", Keys(onDrug));
        Assert.DoesNotContain(onDrug, x => x.Key.StartsWith("alk-test", StringComparison.Ordinal));
        var fusion = new R().Status(status).Marker("EML4-ALK", "fusion detected").Questions();
        Assert.Contains("first-alk-drug", Keys(fusion));
        // A result not yet known is no evidence; a negative status is not overruled.
        foreach (var pending in new[] { "pending", "failed: insufficient tissue", "equivocal" })
            Assert.Equal(["alk-test"], Keys(new R().Status(status).Marker("ALK", pending).Questions()));
        Assert.Empty(new R().Status("negative").Marker("ALK", "EML4-ALK fusion").Questions());
    }

    [Fact]
    public void ALK_negative_only_by_a_liquid_biopsy_asks_about_a_tissue_test()
    {
        var r = new R().Status("negative");
        r.Record.AlkMethod = "liquid-biopsy";
        var q = r.Questions();
        Assert.Equal(["alk-test:tissue"], Keys(q));
        Assert.Contains("tissue", q[0].Question);
        Assert.Equal("alkpositive-guide", q[0].Source);
        var tissue = new R().Status("negative").Marker("ALK", "not detected", source: "tissue");
        tissue.Record.AlkMethod = "liquid-biopsy";
        Assert.Empty(tissue.Questions());
        var fish = new R().Status("negative");
        fish.Record.AlkMethod = "FISH";
        Assert.Empty(fish.Questions());
    }

    [Theory]
    [InlineData("chemoimmunotherapy (carbo/pem/pembro)")]
    [InlineData("Nivo/Ipi")]
    [InlineData("nivolumab + ipilimumab")]
    [InlineData("durvalumab consolidation")]
    [InlineData("Imfinzi")]
    [InlineData("Libtayo + chemo")]
    [InlineData("anti-PD-1 antibody")]
    [InlineData("PD-L1 inhibitor + carboplatin")]
    [InlineData("checkpoint inhibitors")]
    [InlineData("chemo-IO")]
    [InlineData("tislelizumab")]
    [InlineData("ivonescimab")]
    public void Any_checkpoint_inhibitor_by_name_brand_or_short_form_is_immunotherapy(string agent)
    {
        var q = new R().Line(agent, "2026-11-01").Questions();
        Assert.Contains("immunotherapy", Keys(q));
        Assert.Contains("second-opinion", Keys(q));
    }

    [Theory]
    [InlineData("carboplatin + pemetrexed")]
    [InlineData("docetaxel")]
    [InlineData("Bevacizumab (Avastin)")]
    public void Chemotherapy_alone_is_not_immunotherapy(string agent) =>
        Assert.DoesNotContain("immunotherapy", Keys(new R().Line(agent, "2026-11-01").Questions()));

    [Theory]
    [InlineData("uniportal VATS left lower lobectomy", true)]
    [InlineData("RATS segmentectomy", true)]
    [InlineData("wedge resection", true)]
    [InlineData("port-a-cath placement", false)]
    [InlineData("EBUS biopsy", false)]
    [InlineData("craniotomy", false)]
    public void Adjuvant_alectinib_is_asked_after_lung_surgery_by_any_of_its_names(string surgery, bool asked) =>
        Assert.Equal(asked, Keys(new R().Stage("IIB").Surgery(surgery, "2026-09-01").Questions()).Contains("adjuvant-alectinib"));

    [Theory]
    [InlineData("EGFR", "not tested")]
    [InlineData("MET", "pending")]
    [InlineData("KRAS", "insufficient tissue")]
    [InlineData("MET", "FISH failed")]
    [InlineData("BRAF", "ordered 2026-10-12")]
    [InlineData("MET", "not available")]
    public void A_test_with_no_result_is_no_off_target_resistance(string gene, string alteration) =>
        Assert.DoesNotContain(new R().Line("lorlatinib", "2023-01-01", "2026-10-01", "progression").Marker(gene, alteration, "2026-10-10").Questions(),
            x => x.Key.StartsWith("off-target", StringComparison.Ordinal));

    [Theory]
    [InlineData("c-MET", "amplification", "c-MET amplification")]
    [InlineData("MET", "MET amplification (copy number 12)", "found MET amplification (copy number 12).")]
    [InlineData("MET (amplified)", "copy number gain", "MET (amplified) copy number gain")]
    public void An_off_target_gene_is_recognised_however_the_symbol_is_written(string gene, string alteration, string shown)
    {
        var q = new R().Line("lorlatinib", "2023-01-01", "2026-10-01", "progression").Marker(gene, alteration, "2026-10-10").Questions();
        Assert.Contains(shown, One(q, "off-target:MET").Question);
    }

    [Fact]
    public void A_panel_written_as_one_result_is_read_gene_by_gene()
    {
        var q = new R().Line("alectinib", "2020-02-01", "2026-10-01", "progression")
            .Marker("Guardant360 panel", "ALK G1202R (0.4%), MET amplification; TP53 R273H", "2026-10-15", "liquid-biopsy").Questions();
        Assert.Contains("mutation:G1202R", Keys(q));
        Assert.Equal("MET amplification", One(q, "off-target:MET").Question["My test found ".Length..].Split('.')[0]);
        Assert.DoesNotContain("resistance-test", Keys(q)); // the panel is the test since the progression
        // A list that is negative as a whole gives nothing; a panel naming an ALK fusion makes a missing status positive.
        var negative = new R().Line("alectinib", "2020-02-01", "2026-10-01", "progression").Marker("NGS", "negative for ALK resistance mutations, MET, KRAS", "2026-10-15").Questions();
        Assert.DoesNotContain(negative, x => x.Key.StartsWith("mutation:", StringComparison.Ordinal) || x.Key.StartsWith("off-target:", StringComparison.Ordinal));
        Assert.Contains("first-alk-drug", Keys(new R().Status(null).Marker("FoundationOne CDx", "EML4-ALK fusion (variant 3)").Questions()));
    }

    [Theory]
    [InlineData("High PD-L1 but immunotherapy was not recommended because of the ALK fusion.", false)]
    [InlineData("Pembrolizumab declined after a second opinion.", false)]
    [InlineData("No immunotherapy.", false)]
    [InlineData("Oncologist plans pembrolizumab, which the insurer has not yet approved.", true)]
    [InlineData("Plan: carboplatin, pemetrexed and pembrolizumab next week.", true)]
    public void A_note_that_rules_immunotherapy_out_is_not_a_plan(string note, bool concern) =>
        Assert.Equal(concern, Keys(new R().Notes(note).Questions()).Contains("immunotherapy"));

    [Fact]
    public void Immunotherapy_suggested_in_a_biomarker_note_or_listed_as_a_medicine_is_a_concern()
    {
        var r = new R();
        r.Record.Biomarkers.Add(new BiomarkerResult { Gene = "PD-L1", Alteration = "TPS 80%", Note = "oncologist suggested pembrolizumab first" });
        Assert.Contains("immunotherapy", Keys(r.Questions()));
        Assert.Contains("Keytruda", One(new R().Medicine("Keytruda 200 mg").Questions(), "immunotherapy").Why);
        Assert.DoesNotContain("immunotherapy", Keys(new R().Marker("PD-L1", "TPS 80%").Questions()));
    }

    [Fact]
    public void A_test_in_the_month_before_a_line_stopped_for_progression_counts_as_the_test_at_progression()
    {
        Assert.DoesNotContain("resistance-test", Keys(new R().Line("alectinib", "2021-02-01", "2026-10-15", "progression").Marker("ALK", "G1202R", "2026-10-08").Questions()));
        Assert.Contains("resistance-test", Keys(new R().Line("alectinib", "2021-02-01", "2026-10-15", "progression").Marker("ALK", "G1202R", "2026-08-01").Questions()));
        // With a dated progression event, only a test on or after it counts.
        Assert.Contains("resistance-test", Keys(new R().Line("alectinib", "2021-02-01", "2026-10-15", "progression").Progression("2026-10-10").Marker("ALK", "G1202R", "2026-10-08").Questions()));
    }

    [Fact]
    public void Brain_radiation_written_as_a_therapy_line_asks_about_MRI_spacing() =>
        Assert.Contains("brain-mri", Keys(new R().Line("alectinib", "2024-02-01").Line("SRS to 2 brain lesions", "2025-05-01", "2025-05-03", "completed").Questions()));

    [Fact]
    public void The_second_opinion_why_does_not_say_treatment_has_not_started_when_other_treatment_has()
    {
        Assert.Contains("no ALK medicine has been started yet", One(new R().Line("durvalumab", "2026-06-01").Questions(), "second-opinion").Why);
        Assert.Contains("treatment has not started yet", One(new R().Questions(), "second-opinion").Why);
    }

    // ------------------------------------------------------------------ properties of every question

    public static TheoryData<string> Scenarios => new(["naive-brain", "alectinib-progression", "lorlatinib-g1202r", "compound", "crizotinib", "io", "resected", "due", "alerts", "everything"]);

    private static List<VisitQuestion> Scenario(string name) => name switch
    {
        "naive-brain" => new R().Site("brain", "leptomeningeal").Questions(),
        "alectinib-progression" => new R().Line("alectinib", "2023-01-01", "2026-10-01", "progression").Progression("2026-09-20", "adrenal").Questions(),
        "lorlatinib-g1202r" => new R().Line("lorlatinib", "2024-01-01").Marker("ALK", "G1202R").Progression("2026-11-01").Questions(),
        "compound" => new R().Marker("ALK", "E1210K + D1203N").Questions(),
        "crizotinib" => new R().Line("crizotinib", "2026-11-20").Site("brain").Medicine("St John's wort").Questions(),
        "io" => new R().Line("atezolizumab + bevacizumab + carboplatin + paclitaxel", "2026-11-01").Questions(),
        "resected" => new R().Stage("IIIA").Surgery("pneumonectomy", "2026-09-01").Questions(),
        "due" => new R().Line("alectinib", "2026-12-01").Questions(),
        "alerts" => new R().Line("brigatinib", "2026-12-01").Questions([new OpenAlert("urgent", "no-such-rule", "Chest pain", "Call now.", Today)]),
        _ => new R().Line("pembrolizumab", "2023-01-01", "2023-06-01", "progression").Line("crizotinib", "2023-07-01", "2024-01-01", "progression")
            .Line("alectinib", "2024-02-01").Progression("2026-11-15", "brain").Site("brain", "active").Marker("ALK", "I1171N", "2026-11-20")
            .Marker("MET", "amplification", "2026-11-20").Medicine("clarithromycin").Radiation("WBRT", "2024-01-15").Questions(),
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_question_has_a_question_a_why_a_real_source_and_a_Learn_link_that_resolves(string scenario)
    {
        var q = Scenario(scenario);
        Assert.NotEmpty(q);
        Assert.Equal(q.Count, q.Select(x => x.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var x in q)
        {
            Assert.False(string.IsNullOrWhiteSpace(x.Question), x.Key);
            Assert.Contains('?', x.Question);
            Assert.True(x.Why.Length > 30, $"{x.Key}: why too short: {x.Why}");
            Assert.True(Content.Bibliography.ContainsKey(x.Source), $"{x.Key}: source {x.Source} is not in content/sources.yaml");
            Assert.NotNull(x.Learn);
            AssertLearnResolves(x.Learn!, x.Key);
            // Inform, never instruct: no "start"/"stop"/"switch to" commands addressed to the patient.
            Assert.DoesNotMatch(@"(?i)^(start|stop|switch|take|change)\b", x.Question);
            Assert.DoesNotMatch(@"(?i)\byou should (start|stop|switch|take|change)\b", x.Why);
        }
    }

    [Fact]
    public void Every_rule_source_and_learn_constant_exists_in_the_content()
    {
        string[] sources = [VisitQuestions.Guide, VisitQuestions.TreatmentOptions, VisitQuestions.Nccn, VisitQuestions.Asco, VisitQuestions.Gainor,
            VisitQuestions.Trials, VisitQuestions.Cns, VisitQuestions.AlexCns, VisitQuestions.Alina, VisitQuestions.TriageSource, ResistanceTable.Source];
        foreach (var s in sources) Assert.True(Content.Bibliography.ContainsKey(s), s);
        string[] links = [VisitQuestions.LearnImmunotherapy, VisitQuestions.LearnGuidelines, VisitQuestions.LearnSurgery, VisitQuestions.LearnRadiation,
            VisitQuestions.LearnResistance, VisitQuestions.LearnTable, VisitQuestions.LearnLiquidBiopsy, VisitQuestions.LearnTrials, VisitQuestions.LearnScans,
            VisitQuestions.LearnChecks, VisitQuestions.LearnSecondOpinion, VisitQuestions.LearnPlan, VisitQuestions.LearnWhenToCall];
        foreach (var l in links) AssertLearnResolves(l, l);
    }

    private static void AssertLearnResolves(string link, string what)
    {
        var (path, anchor) = link.Split('#') is [var p, var a] ? (p, a) : (link, null);
        Assert.StartsWith("/learn/", path);
        var rest = path["/learn/".Length..];
        if (rest.StartsWith("drugs/", StringComparison.Ordinal))
        {
            Assert.NotNull(Content.FindDrug(rest["drugs/".Length..]));
            if (anchor is not null) Assert.Contains(anchor, ContentStore.DrugSectionIds);
            return;
        }
        var page = Content.FindPage(rest);
        Assert.True(page is not null, $"{what}: no Learn page {rest}");
        if (anchor is not null) Assert.True(page!.Html.Contains($"id=\"{anchor}\"", StringComparison.Ordinal), $"{what}: {rest} has no section #{anchor}");
    }
}
