using System.Globalization;
using System.Text.RegularExpressions;
using AlkNavigator.Features.Interactions;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Symptoms;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// One question to take to the next visit: a stable key (the same situation gives the same key, so the patient's own list can
/// refer to it), the question in the patient's words, why it matters for this record, a source key of content/sources.yaml and
/// the Learn page (with anchor) that explains it.
/// </summary>
public sealed record VisitQuestion(string Key, string Question, string Why, string Source, string? Learn);

/// <summary>An open (not yet confirmed) symptom alert, as the questions need it.</summary>
public sealed record OpenAlert(string Level, string RuleId, string Heading, string Action, DateOnly Date);

/// <summary>A monitoring check that is due: its kind (SchedulePlanner.Kinds), title, due date, reason and source.</summary>
public sealed record DueCheck(string Kind, string Title, DateOnly Due, string Reason, string Source);

/// <summary>
/// The questions to ask at the next visit, computed from the record (issue 14). Pure: the record, today and what is open.
/// Every question is a question for the care team, never advice to start, stop or change a treatment; each carries a source
/// key from content/sources.yaml. Ordered by importance: open urgent and contact alerts, interactions, an immunotherapy
/// caution, the situation (first ALK drug, progression and what to test, resistance mutations, surgery, the brain), due
/// label checks, then a second opinion.
/// </summary>
public static partial class VisitQuestions
{
    /// <summary>How far ahead a label check counts as due for the next visit.</summary>
    public const int DueWithinDays = 31;

    // Source keys (each must exist in content/sources.yaml: VisitQuestionsTests checks it).
    internal const string Guide = "alkpositive-guide", TreatmentOptions = "alkpositive-treatment-options", Nccn = "nccn-nsclc",
        Asco = "asco-oh-guideline", Gainor = "gainor-2016", Trials = "nci-clinical-trials", Cns = "cancergrace-cns-monitoring",
        AlexCns = "alex-cns", Alina = "alina-adjuvant", TriageSource = "ukons-triage-v3";

    // Learn links (each must resolve to a page and section: VisitQuestionsTests checks them against the content).
    internal const string LearnImmunotherapy = "/learn/treatment-options#why-immunotherapy-is-almost-never-effective-for-alk-positive-lung-cancer",
        LearnGuidelines = "/learn/treatment-options#what-the-treatment-guidelines-say",
        LearnSurgery = "/learn/treatment-options#surgery",
        LearnRadiation = "/learn/treatment-options#radiation",
        LearnResistance = "/learn/resistance#what-resistance-and-progression-mean",
        LearnTable = "/learn/resistance#" + ResistanceTable.Anchor,
        LearnLiquidBiopsy = "/learn/resistance#liquid-biopsy",
        LearnTrials = "/learn/clinical-trials",
        LearnScans = "/learn/monitoring#visits-and-scans",
        LearnChecks = "/learn/monitoring#blood-tests-and-other-checks-each-medicine-needs",
        LearnSecondOpinion = "/learn/best-care#get-a-second-opinion-from-an-alk-experienced-specialist",
        LearnPlan = "/learn/progression-plan#checklist",
        LearnWhenToCall = "/learn/side-effects#when-to-call";

    /// <summary>
    /// The questions for <paramref name="record"/> (every collection loaded) on <paramref name="today"/> (the patient's local date).
    /// </summary>
    /// <param name="alerts">Open symptom alerts (the web passes the record's; the CLI has none).</param>
    /// <param name="due">The label checks due; null computes them from the record with <see cref="SchedulePlanner"/>.</param>
    /// <param name="table">The resistance table (content/pages/resistance.md).</param>
    public static List<VisitQuestion> For(PatientRecord record, DateOnly today, ResistanceTable table,
        IEnumerable<OpenAlert>? alerts = null, IEnumerable<DueCheck>? due = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var b = new Builder();
        var f = Facts.Of(record, today);

        AddAlerts(b, alerts ?? []);
        AddInteractions(b, record, f);
        AddImmunotherapy(b, f);
        AddTesting(b, f);
        AddFirstDrug(b, f);
        AddProgression(b, f);
        AddAfterSideEffects(b, f);
        AddAfterStop(b, f);
        AddMutations(b, f, table);
        AddOffTarget(b, f);
        AddAdjuvant(b, f);
        AddBrain(b, f);
        AddDue(b, f, due ?? PlannedDue(record, today));
        AddPlanAhead(b, f);
        AddSecondOpinion(b, f);
        return b.Questions;
    }

    /// <summary>The label checks (labs, vitals, ECG) the planner puts in the next <see cref="DueWithinDays"/> days.</summary>
    public static IEnumerable<DueCheck> PlannedDue(PatientRecord record, DateOnly today) =>
        SchedulePlanner.Plan(record, today, 2)
            .Where(i => IsLabelCheck(i.Kind) && i.Due <= today.AddDays(DueWithinDays))
            .Select(i => new DueCheck(i.Kind, i.Title, i.Due, i.Reason, i.Source));

    public static bool IsLabelCheck(string kind) => kind.StartsWith("lab:", StringComparison.Ordinal) || kind.StartsWith("vitals:", StringComparison.Ordinal) || kind == "ecg";

    // ------------------------------------------------------------------ what the record says

    /// <summary>The facts the rules use, derived once.</summary>
    private sealed record Facts(
        PatientRecord Record, DateOnly Today, bool AlkPositive, bool AlkUnknown, bool Advanced,
        List<TreatmentLine> AlkLines, TreatmentLine? CurrentAlk, string? CurrentDrug, HashSet<string> DrugsTaken,
        TreatmentLine? ProgressedLine, string? ProgressedDrug, DateOnly? ProgressionDate, List<string> ProgressionSites,
        List<(BiomarkerResult Result, List<string> Mutations)> AlkMutations, List<BiomarkerResult> OffTarget,
        List<string> Immunotherapy, bool HasSpecialist, bool BrainMets, bool BrainActive, bool BrainRadiation,
        TreatmentLine? SupersededBy, bool AlkNegativeByBloodOnly)
    {
        public static Facts Of(PatientRecord r, DateOnly today)
        {
            var lines = ProfileJson.OrderedTreatments(r.Treatments);
            var alkLines = lines.Where(t => t.Start <= today && AlkDrugs.AllIn(t.Agent).Count > 0).ToList();
            var drugs = alkLines.SelectMany(t => AlkDrugs.AllIn(t.Agent)).ToHashSet(StringComparer.Ordinal);
            var current = alkLines.Where(t => t.End is null || t.End > today).OrderByDescending(t => t.Start).FirstOrDefault();
            // A line with no end followed by a later anticancer line (chemotherapy, immunotherapy) that is not an ALK drug: the
            // author most likely left the end out ("missing ends"), so the ALK drug is not taken as current (no "while stable"
            // questions) and a question asks; its safety questions (interactions, label checks) stay, in case it is still taken.
            var supersededBy = current is null ? null : lines.Where(t => t.Start > current.Start && t.Start <= today && (t.End is null || t.End > today)
                && AlkDrugs.AllIn(t.Agent).Count == 0 && IsAnticancer(t.Agent)).OrderBy(t => t.Start).FirstOrDefault();
            if (current is { End: null } && supersededBy is not null) current = null;
            else supersededBy = null;
            var currentDrug = current is null ? null : AlkDrugs.AllIn(current.Agent).Last();

            // Progression on the latest ALK line: stopped for progression, or a progression event during it.
            var last = alkLines.OrderByDescending(t => t.Start).FirstOrDefault();
            TreatmentLine? progressed = null;
            DateOnly? progressionDate = null;
            var sites = new List<string>();
            if (last is not null)
            {
                var events = r.Progressions.Where(p => p.Date >= last.Start && p.Date <= today && (last.End is null || p.Date <= last.End.Value.AddDays(31)))
                    .OrderBy(p => p.Date).ToList();
                if (events.Count > 0 || IsProgression(last.StopReason))
                {
                    progressed = last;
                    progressionDate = events.Count > 0 ? events[^1].Date : last.End;
                    sites = events.Select(e => e.Where.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                }
            }

            var markers = ByGene(r.Biomarkers);
            var mutations = markers.Where(x => IsAlkGene(x.Gene) && !Features.Record.BiomarkerResults.IsNegative(x.Alteration))
                .Select(x => (x, Features.Record.AlkMutations.In(x.Alteration))).Where(x => x.Item2.Count > 0).ToList();
            var offTarget = markers.Where(IsOffTarget).ToList();

            // ALK-positive: said so, or (unless said negative) an ALK drug or a positive ALK result in the record, which answer a
            // missing or "unknown" status. A result that is pending, failed or equivocal is no evidence either way.
            var alkEvidence = drugs.Count > 0 || markers.Any(x => IsAlkGene(x.Gene) && Features.Record.BiomarkerResults.ShowsAlteration(x.Alteration));
            var negative = string.Equals(r.AlkStatus, "negative", StringComparison.OrdinalIgnoreCase);
            var positive = string.Equals(r.AlkStatus, "positive", StringComparison.OrdinalIgnoreCase) || (!negative && alkEvidence);
            var unknown = !positive && !negative;
            // Negative only by a blood test (liquid biopsy), with no tissue result in the record: a blood test can miss a fusion.
            var bloodOnly = negative && !alkEvidence && string.Equals(r.AlkMethod, "liquid-biopsy", StringComparison.OrdinalIgnoreCase)
                            && !markers.Any(x => IsAlkGene(x.Gene) && string.Equals(x.Source, "tissue", StringComparison.OrdinalIgnoreCase));

            var currentSites = ProfileJson.CurrentSites(r.Sites);
            var brainSites = currentSites.Select(s => BrainSites.State(s.Site, s.Status)).Where(b => b is not BrainSite.NotBrain and not BrainSite.None).ToList();
            var brainMets = brainSites.Count > 0;
            var brainActive = brainSites.Any(b => b is BrainSite.Active);
            // Brain radiation as a procedure, or written among the therapies ("SRS to 3 brain lesions" as a line).
            var brainRt = r.Procedures.Any(p => string.Equals(p.Kind, "radiation", StringComparison.OrdinalIgnoreCase) && SchedulePlanner.IsBrainRadiation(p.Name))
                          || lines.Any(t => t.Start <= today && SchedulePlanner.IsBrainRadiation(t.Agent));

            // Advanced: stage IIIB-IV or M1, a progression, or (when the stage does not say early) cancer found beyond the chest.
            var early = r.Stage is { Length: > 0 } && !IsAdvancedStage(r.Stage);
            var advanced = IsAdvancedStage(r.Stage) || (r.StageM?.Trim().StartsWith("M1", StringComparison.OrdinalIgnoreCase) ?? false)
                           || r.Progressions.Count > 0
                           || currentSites.Any(s => (!early || !(s.Site.Equals("lymph nodes", StringComparison.OrdinalIgnoreCase) || s.Site.Equals("lung", StringComparison.OrdinalIgnoreCase)))
                                                    && BrainSites.State(s.Site, s.Status) is not BrainSite.None);

            return new Facts(r, today, positive, unknown, advanced, alkLines, current, currentDrug, drugs, progressed,
                progressed is null ? null : AlkDrugs.AllIn(progressed.Agent).Last(), progressionDate, sites, mutations, offTarget,
                ImmunotherapyConcerns(r, alkLines, today), r.CareTeam.Any(m => m.IsAlkSpecialist), brainMets, brainActive, brainRt,
                supersededBy, bloodOnly);
        }
    }

    private static bool IsProgression(string? stopReason) => string.Equals(stopReason?.Trim(), "progression", StringComparison.OrdinalIgnoreCase);

    private static bool IsAlkGene(string gene) => gene.Contains("ALK", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The results gene by gene: a result whose "gene" is a test or panel ("Guardant360", "NGS") and whose alteration lists
    /// several genes ("ALK G1202R (0.4%), MET amplification") becomes one result per gene named (symbols as written, in
    /// capitals), with the same source and date. A result that names its gene is kept as it is.
    /// </summary>
    private static List<BiomarkerResult> ByGene(IEnumerable<BiomarkerResult> results)
    {
        var list = new List<BiomarkerResult>();
        foreach (var x in results)
        {
            // "negative for ALK, EGFR, ROS1": the negation covers the whole list, so nothing is split out.
            if (IsAlkGene(x.Gene) || OffTargetGenes.Contains(GeneName(x.Gene)) || NegatedList().IsMatch(x.Alteration))
            {
                list.Add(x);
                continue;
            }
            var parts = new List<BiomarkerResult>();
            foreach (var part in x.Alteration.Split([';', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var gene = PanelAlk().IsMatch(part) ? "ALK" : PanelGene().Match(part) is { Success: true } m ? m.Value : null;
                if (gene is not null)
                    parts.Add(new BiomarkerResult { Gene = gene, Alteration = part, Source = x.Source, Date = x.Date, Note = x.Note, RecordId = x.RecordId });
            }
            list.AddRange(parts.Count > 0 ? parts : [x]);
        }
        return list;
    }

    [GeneratedRegex(@"\bALK\b", RegexOptions.CultureInvariant)]
    private static partial Regex PanelAlk();

    [GeneratedRegex(@"^\W*(negative|no|none|not\s+detected|wild[\s-]?type|WT)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegatedList();

    [GeneratedRegex(@"\b(MET|KRAS|NRAS|HRAS|BRAF|EGFR|ERBB2|HER2|PIK3CA|MAP2K1|RET|FGFR[123]|NF1|KIT|IGF1R|YAP1|NTRK1|ROS1|RB1)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PanelGene();

    /// <summary>An agent (not an ALK drug) that is systemic anticancer treatment: chemotherapy, immunotherapy, another targeted drug or a trial drug.</summary>
    private static bool IsAnticancer(string agent) => Immunotherapy.Pattern.IsMatch(agent) || Chemotherapy().IsMatch(agent);

    [GeneratedRegex(@"platin|pemetrexed|alimta|taxel|taxotere|abraxane|gemcitabine|vinorelbine|etoposide|irinotecan|topotecan|bevacizumab|avastin|ramucirumab|cyramza|chemo|\b(carbo|cis|pem|gem)\b|capmatinib|tepotinib|savolitinib|amivantamab|osimertinib|sotorasib|adagrasib|dabrafenib|trametinib|selpercatinib|pralsetinib|trastuzumab|datopotamab|\btrial\b|investigational|study\s+drug", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Chemotherapy();

    private static bool IsAdvancedStage(string? stage) =>
        stage?.Trim().ToUpperInvariant() is { } s && (s.StartsWith("IV", StringComparison.Ordinal) || s is "IIIB" or "IIIC");

    /// <summary>Genes whose changes are reported as ALK-independent (off-target) resistance or a change in the cancer's type.</summary>
    private static readonly string[] OffTargetGenes = ["MET", "KRAS", "NRAS", "HRAS", "BRAF", "EGFR", "ERBB2", "HER2", "PIK3CA", "MAP2K1", "MEK1", "RET", "FGFR1", "FGFR2", "FGFR3", "NF1", "KIT", "IGF1R", "SRC", "YAP1", "NTRK1", "ROS1", "RB1"];

    private static bool IsOffTarget(BiomarkerResult b)
    {
        // Only a result that found the change: "EGFR: not tested" or "MET: pending" is no resistance mechanism.
        if (!Features.Record.BiomarkerResults.ShowsAlteration(b.Alteration)) return false;
        if (OffTargetGenes.Contains(GeneName(b.Gene))) return true;
        // A change of the cancer's type (small cell transformation) is also ALK-independent.
        return Transformation().IsMatch(b.Alteration) || Transformation().IsMatch(b.Gene);
    }

    /// <summary>The gene symbol as written, without a "c-" prefix or words after it: "c-MET" and "MET (amplified)" → "MET".</summary>
    private static string GeneName(string gene)
    {
        var g = gene.Trim();
        if (g.StartsWith("c-", StringComparison.OrdinalIgnoreCase)) g = g[2..];
        var end = g.IndexOfAny([' ', '(', ',', ';', ':']);
        return (end > 0 ? g[..end] : g).ToUpperInvariant();
    }

    [GeneratedRegex(@"small[\s-]?cell|SCLC|squamous\s+transformation|transformation", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Transformation();


    // Words that make a note about immunotherapy a plan or suggestion (rather than, say, "no immunotherapy").
    [GeneratedRegex(@"\b(no|not|never|avoid|avoided|declined|against|instead of)\b[^.;]{0,40}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegatedBefore();

    // ... or after it in the same sentence ("immunotherapy was not recommended", "pembrolizumab declined").
    [GeneratedRegex(@"^\W*(?:\w+\W+){0,3}?(?:(?:not|never)\s+(?:be\s+)?(?:recommended|advised|indicated|planned|given|suitable|appropriate|started|offered|used|an\s+option)|declined|refused|ruled\s+out|avoided|contraindicated|no\s+longer\s+(?:planned|considered))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegatedAfter();

    /// <summary>
    /// Immunotherapy the record shows taken or planned with no ALK drug after it: an ongoing or planned (future) line naming a
    /// checkpoint inhibitor, a past one with no ALK line started after it, or a note that mentions one (a suggestion or plan).
    /// Each concern as words for the "why".
    /// </summary>
    private static List<string> ImmunotherapyConcerns(PatientRecord r, List<TreatmentLine> alkLines, DateOnly today)
    {
        var concerns = new List<string>();
        foreach (var t in ProfileJson.OrderedTreatments(r.Treatments))
        {
            if (!Immunotherapy.Pattern.IsMatch(t.Agent)) continue;
            if (t.Start > today) concerns.Add($"{t.Agent} is planned to start on {Iso(t.Start)}");
            else if (!alkLines.Any(a => a.Start >= t.Start && a != t))
                concerns.Add(t.End is null || t.End > today
                    ? $"you are having {t.Agent} (started {Iso(t.Start)}) with no ALK medicine after it"
                    : $"you had {t.Agent} ({Iso(t.Start)} to {Iso(t.End.Value)}) and no ALK medicine since");
        }
        // A checkpoint inhibitor on the list of other medicines (no dates there: taken now).
        foreach (var m in r.Medicines.Where(m => Immunotherapy.Pattern.IsMatch(m.Name)))
            concerns.Add($"your list of medicines includes {m.Name}");
        var notes = new List<string?> { r.Notes };
        notes.AddRange(r.Treatments.Select(t => t.Note));
        notes.AddRange(r.Progressions.Select(p => p.Note));
        notes.AddRange(r.PlanItems.Select(p => p.Note));
        notes.AddRange(r.Biomarkers.Select(x => x.Note)); // "suggested pembrolizumab because of the high PD-L1"
        notes.AddRange(r.Medicines.Select(x => x.Note));
        foreach (var note in notes.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            foreach (Match m in Immunotherapy.Pattern.Matches(note!))
            {
                var before = note![..m.Index];
                var sentence = before[(before.LastIndexOfAny(['.', ';', '\n']) + 1)..];
                var after = note[(m.Index + m.Length)..];
                var rest = after[..(after.IndexOfAny(['.', ';', '\n']) is var e and >= 0 ? e : after.Length)];
                if (NegatedBefore().IsMatch(sentence) || NegatedAfter().IsMatch(rest)) continue;
                concerns.Add($"your record's notes mention {m.Value}");
                break;
            }
        }
        return concerns.Distinct().ToList();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Drug(string generic) => AlkDrugs.Display(generic);

    private static readonly string[] SecondGeneration = ["ceritinib", "alectinib", "brigatinib", "ensartinib", "iruplinalkib", "envonalkib"];

    // ------------------------------------------------------------------ the rules, in order of importance

    private static void AddAlerts(Builder b, IEnumerable<OpenAlert> alerts)
    {
        foreach (var a in alerts.Where(a => a.Level is AlertLevels.Urgent).OrderByDescending(a => a.Date))
            b.Add($"alert:{a.RuleId}:{a.Heading}",
                $"Urgent: {a.Heading}. Call your care team now, do not wait for the visit. At the visit: what caused it, and what should I do if it happens again?",
                $"A check-in on {Iso(a.Date)} raised an urgent alert that is not yet confirmed as known to your care team. {a.Action}".Trim(),
                RuleSource(a.RuleId), LearnWhenToCall);
        foreach (var a in alerts.Where(a => a.Level is AlertLevels.Contact).OrderByDescending(a => a.Date))
            b.Add($"alert:{a.RuleId}:{a.Heading}",
                $"{a.Heading}: this needs a call to your care team within a day. At the visit: what is causing it, and does anything need to change?",
                $"A check-in on {Iso(a.Date)} raised an alert to contact your care team, not yet confirmed as known to them. {a.Action}".Trim(),
                RuleSource(a.RuleId), LearnWhenToCall);
    }

    private static string RuleSource(string ruleId) =>
        Symptoms.Triage.Rules.FirstOrDefault(r => r.Id == ruleId)?.Source is { Length: > 0 } s ? s : TriageSource;

    private static void AddInteractions(Builder b, PatientRecord record, Facts f)
    {
        // The drug the interaction check uses (the ongoing labelled ALK line), also when a later treatment may have replaced it.
        if (f.CurrentDrug is null && f.SupersededBy is null) return;
        if (AlkDrugs.Current(record.Treatments) is not { } drug) return;
        foreach (var i in InteractionCheck.Check(record).Where(i => InteractionSeverity.Rank(i.Severity) <= InteractionSeverity.Rank(InteractionSeverity.Caution)))
        {
            var level = i.Severity switch
            {
                InteractionSeverity.Contraindicated => "the label says they must not be taken together",
                InteractionSeverity.Avoid => "the label says to avoid taking them together",
                _ => "the label asks for caution",
            };
            b.Add($"interaction:{i.Agent}",
                $"I also take {i.Medicine}. Is it safe with {Drug(drug)}, or is there another option? Who should decide, and should my pharmacist check it?",
                $"{i.Medicine} ({i.Agent}) can interact with {drug}: {level}. {i.Effect} Do not stop or change a medicine on your own; ask first.",
                i.Source, "/learn/drugs/" + drug + "#interactions");
        }
    }

    private static void AddImmunotherapy(Builder b, Facts f)
    {
        if (!f.AlkPositive || f.Immunotherapy.Count == 0) return;
        b.Add("immunotherapy",
            "Immunotherapy is almost never effective for ALK-positive lung cancer: why is it part of my plan, what are the other options, and could an ALK specialist give a second opinion before it starts or continues?",
            $"Your record shows immunotherapy: {string.Join("; ", f.Immunotherapy)}. The ALK Positive guide says immunotherapy is almost never effective for ALK-positive lung cancer, and strongly recommends a second opinion from a doctor experienced in ALK-positive lung cancer before starting it.",
            TreatmentOptions, LearnImmunotherapy);
    }

    private static void AddTesting(Builder b, Facts f)
    {
        if (f.AlkNegativeByBloodOnly && f.DrugsTaken.Count == 0)
        {
            b.Add("alk-test:tissue",
                "My ALK blood test (liquid biopsy) was negative. Could a test on tumour tissue still find ALK or another gene change, and is one planned?",
                "Your record says ALK negative, found by a liquid biopsy, with no tissue result. A blood test can miss changes when the tumour releases little DNA into the blood; a tissue biopsy may still be needed.",
                Guide, LearnLiquidBiopsy);
            return;
        }
        if (!f.AlkUnknown || f.DrugsTaken.Count > 0) return;
        b.Add("alk-test",
            "Has my tumour been tested for ALK and the other gene changes that have targeted medicines, and what did the tests show?",
            string.IsNullOrEmpty(f.Record.AlkStatus)
                ? "Your record does not say whether the cancer is ALK-positive. Treatment for ALK-positive lung cancer depends on that test result, so it is worth knowing and keeping the report."
                : "Your record says the ALK result is unknown. Treatment for ALK-positive lung cancer depends on that test result, so it is worth knowing and keeping the report.",
            Guide, "/learn/best-care#keep-your-own-records");
    }

    private static void AddFirstDrug(Builder b, Facts f)
    {
        if (!f.AlkPositive || f.DrugsTaken.Count > 0 || !f.Advanced) return;
        b.Add("first-alk-drug",
            "Which ALK medicine do you suggest as my first treatment, why that one, and how soon can it start?",
            $"Your record shows ALK-positive lung cancer{(f.Record.Stage is { } s ? $" at stage {s}" : "")}{(f.BrainMets ? " with cancer in the brain" : "")} and no ALK medicine yet. Current guidelines (NCCN, ESMO) list lorlatinib, alectinib and brigatinib as the preferred first treatments for advanced ALK-positive lung cancer.",
            Nccn, LearnGuidelines);
    }

    private static void AddProgression(Builder b, Facts f)
    {
        if (!f.AlkPositive || f.ProgressedLine is null || f.ProgressedDrug is not { } drug) return;
        var when = f.ProgressionDate is { } d ? $" (recorded {Iso(d)})" : "";
        var onIt = f.ProgressedLine.End is null || f.ProgressedLine.End > f.Today ? $"while on {drug}" : $"on {drug}";
        var lorlatinibTaken = f.DrugsTaken.Contains("lorlatinib");
        var secondGenTaken = f.DrugsTaken.Any(SecondGeneration.Contains);

        if (SecondGeneration.Contains(drug) && !lorlatinibTaken)
            b.Add("next:lorlatinib",
                $"My cancer grew {onIt}. Is lorlatinib an option for me next, and what are the other options?",
                $"Your record shows progression {onIt}{when}, a second-generation ALK medicine, and no lorlatinib yet. Guidelines say that after alectinib or brigatinib stops working, lorlatinib is a usual next option; your resistance test results can also help choose.",
                Nccn, LearnGuidelines);
        else if (drug == "crizotinib" && !secondGenTaken && !lorlatinibTaken)
            b.Add("next:second-generation",
                $"My cancer grew {onIt}. Is a newer ALK medicine such as alectinib, brigatinib or ceritinib an option for me next?",
                $"Your record shows progression on crizotinib{when} and no newer ALK medicine yet. The ASCO and Ontario Health guideline says that after crizotinib, alectinib, brigatinib or ceritinib should be offered.",
                Asco, LearnGuidelines);
        else
            b.Add("next:after-lorlatinib",
                $"My cancer grew {onIt}. What are my options now: another ALK medicine matched to a resistance test, chemotherapy, or a clinical trial?",
                $"Your record shows progression {onIt}{when}{(drug == "lorlatinib" ? ", the ALK medicine that covers the most resistance mutations in the resistance table" : lorlatinibTaken ? ", after lorlatinib earlier" : "")}. At this point a new biopsy to find out why the cancer grew, and clinical trials of newer medicines, are the main things to ask about.",
                Gainor, LearnResistance);

        // What changed in the cancer: a biopsy or liquid biopsy, unless a test is dated since the progression.
        // When the progression is known only from the line's end (the day the drug stopped), a test in the month before
        // that day is the test at progression (the scan, then the biopsy, then the switch).
        var fromEnd = f.ProgressedLine.End is { } end && f.ProgressionDate == end && !f.Record.Progressions.Any(p => p.Date == end);
        var tested = f.ProgressionDate is { } pd && f.Record.Biomarkers.Any(x => x.Date is { } bd && bd >= (fromEnd ? pd.AddDays(-31) : pd));
        if (!tested)
            b.Add("resistance-test",
                "Should I have a new biopsy or a liquid biopsy (blood test) to look for the reason the cancer grew, such as a resistance mutation?",
                $"Your record shows progression {onIt}{when} and no biomarker test dated since. A new test at progression can show whether the cancer has a new ALK mutation (another ALK medicine may still work) or uses another growth signal; a blood test is quick, but can miss changes a tissue biopsy finds.",
                Gainor, LearnLiquidBiopsy);

        if (f.ProgressionSites.Count == 1 && !Widespread().IsMatch(f.ProgressionSites[0]))
            b.Add("oligoprogression",
                $"The cancer grew in one place ({f.ProgressionSites[0]}). Could that spot be treated on its own, with radiation or surgery, while staying on the same ALK medicine?",
                $"Your record shows progression in one place only ({f.ProgressionSites[0]}{when}). Sometimes only one spot grows; it may then be treated locally while the same ALK medicine continues.",
                Cns, LearnResistance);

        b.Add("trials",
            "Is there a clinical trial I could consider now, here or nearby, and how would I find out if I qualify?",
            $"Your record shows progression {onIt}{when}. Trials may offer new medicines for cancers that have grown on current treatments, and some take time to set up.",
            Trials, LearnTrials);
    }

    /// <summary>The latest ALK line stopped for side effects, with none ongoing and no progression: which ALK medicine next.</summary>
    private static void AddAfterSideEffects(Builder b, Facts f)
    {
        if (!f.AlkPositive || !f.Advanced || f.CurrentAlk is not null || f.ProgressedLine is not null) return;
        var last = f.AlkLines.OrderByDescending(t => t.Start).FirstOrDefault();
        if (last is null || !string.Equals(last.StopReason?.Trim(), "side-effects", StringComparison.OrdinalIgnoreCase)) return;
        var drug = AlkDrugs.AllIn(last.Agent).Last();
        b.Add("next:after-side-effects",
            $"{Drug(drug)} was stopped because of side effects. Which other ALK medicine could I take now, and how would its side effects differ?",
            $"Your record shows {drug} stopped for side effects{(last.End is { } e ? $" on {Iso(e)}" : "")} and no ALK medicine since. Guidelines list several ALK medicines for advanced ALK-positive lung cancer, each with its own side effects.",
            Nccn, LearnGuidelines);
    }

    /// <summary>
    /// Advanced, ALK-positive, no ALK drug now, and the latest ALK line neither progressed nor stopped for side effects: it
    /// stopped for another or no stated reason, or it has no end but another anticancer treatment started after it. Ask.
    /// </summary>
    private static void AddAfterStop(Builder b, Facts f)
    {
        if (!f.AlkPositive || !f.Advanced || f.CurrentAlk is not null || f.ProgressedLine is not null) return;
        var last = f.AlkLines.OrderByDescending(t => t.Start).FirstOrDefault();
        if (last is null || string.Equals(last.StopReason?.Trim(), "side-effects", StringComparison.OrdinalIgnoreCase)) return;
        var drug = AlkDrugs.AllIn(last.Agent).Last();
        var (question, why) = f.SupersededBy is { } later && last.End is null
            ? ($"My record shows {drug} with no end date and {later.Agent} since {Iso(later.Start)}. Am I still meant to take {drug}; if not, why did it stop, and would another ALK medicine be an option later?",
               $"Your record shows {drug} started on {Iso(last.Start)} with no end date, and {later.Agent} started after it. It is worth making sure the record is right: whether {drug} stopped, and why, changes which questions matter next.")
            : ($"{Drug(drug)} was stopped{(last.End is { } e ? $" on {Iso(e)}" : "")}. Why, and which ALK medicine or other treatment would come next?",
               $"Your record shows {drug} stopped{(last.End is { } e2 ? $" on {Iso(e2)}" : "")}{(last.StopReason is { Length: > 0 } r ? $" (reason: {r})" : " with no reason given")} and no ALK medicine since. Guidelines list several ALK medicines for advanced ALK-positive lung cancer; the reason it stopped helps choose the next one.");
        b.Add("next:after-stop", question, why, Nccn, LearnGuidelines);
    }

    [GeneratedRegex(@"multiple|several|widespread|diffuse|many|,|\band\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Widespread();

    private static void AddMutations(Builder b, Facts f, ResistanceTable table)
    {
        if (f.AlkMutations.Count == 0) return;
        var all = f.AlkMutations.SelectMany(m => m.Mutations).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var current = f.CurrentDrug ?? f.ProgressedDrug;
        foreach (var (result, mutations) in f.AlkMutations)
        {
            foreach (var mutation in mutations)
            {
                var line = f.CurrentAlk ?? f.ProgressedLine;
                var before = line is not null && result.Date is { } rd && rd < line.Start ? $" (found before {AlkDrugs.AllIn(line.Agent).Last()} started on {Iso(line.Start)})" : "";
                var found = $"ALK {mutation}{Found(result)}{before}";
                if (table.Find(mutation) is { } row)
                {
                    var onResistant = current is not null && row.ResistanceReported.Contains(current, StringComparison.OrdinalIgnoreCase)
                        ? $" The table reports resistance to {current}, the ALK medicine in your record{(f.CurrentDrug is null ? "" : " now")}."
                        : "";
                    var ensartinib = current == "ensartinib" ? " Ensartinib is not in that table, so ask what the result means for it." : "";
                    b.Add($"mutation:{mutation}",
                        $"My test found {mutation} in ALK. Which ALK medicines are still expected to work against it, and what does it mean for my next treatment?",
                        $"Your record shows {found}. In the resistance table (row {row.Mutation}), medicines reported to still work: {row.StillWork}; resistance reported: {row.ResistanceReported}.{onResistant}{ensartinib} The table is a guide to the science, not a treatment choice.",
                        ResistanceTable.Source, LearnTable);
                }
                else
                    b.Add($"mutation:{mutation}",
                        $"My test found {mutation} in ALK. What does this change mean, and which ALK medicines might still work?",
                        $"Your record shows {found}. It is not in the resistance table this guide uses. A new ALK mutation usually means the changed ALK protein no longer fits the medicine well, while another ALK medicine may still work.",
                        Gainor, LearnResistance);
            }
        }

        var compoundWords = f.AlkMutations.Any(m => m.Result.Alteration.Contains("compound", StringComparison.OrdinalIgnoreCase));
        if (all.Count >= 2 || compoundWords)
        {
            var row = table.FindCompound(all);
            b.Add("mutation:compound",
                $"My tests show more than one ALK mutation ({string.Join(", ", all)}). Are they in the same cancer cells (a compound mutation), and which medicines or trials might still work?",
                row is not null
                    ? $"Your record shows {string.Join(" and ", all)}. In the resistance table (row {row.Mutation}), medicines reported to still work: {row.StillWork}; resistance reported: {row.ResistanceReported}."
                    : $"Your record shows {string.Join(" and ", all)}. When two ALK mutations appear together (compound mutations), even lorlatinib can stop working, as with L1198F plus C1156Y in the resistance table.",
                ResistanceTable.Source, LearnTable);
        }
    }

    private static string Found(BiomarkerResult r)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(r.Source)) parts.Add(r.Source == "liquid-biopsy" ? "in a liquid biopsy" : $"in a {r.Source} test");
        if (r.Date is { } d) parts.Add($"on {Iso(d)}");
        return parts.Count == 0 ? "" : " " + string.Join(" ", parts);
    }

    private static void AddOffTarget(Builder b, Facts f)
    {
        if (!f.AlkPositive) return;
        foreach (var r in f.OffTarget)
        {
            var what = r.Alteration.Contains(GeneName(r.Gene), StringComparison.OrdinalIgnoreCase) ? r.Alteration.Trim() : $"{r.Gene.Trim()} {r.Alteration.Trim()}";
            b.Add($"off-target:{GeneName(r.Gene)}",
                $"My test found {what}. Does this mean the cancer is using another growth signal, and are there combined or targeted treatments, or trials, for it?",
                $"Your record shows {what}{Found(r)}. When the cancer starts using a different growth signal (ALK-independent resistance), switching to another ALK medicine is less likely to help on its own.",
                Gainor, LearnResistance);
        }
    }

    private static void AddAdjuvant(Builder b, Facts f)
    {
        if (!f.AlkPositive || f.Advanced) return;
        var stage = f.Record.Stage?.Trim().ToUpperInvariant();
        if (stage is not ("IB" or "II" or "IIA" or "IIB" or "IIIA")) return;
        var surgery = f.Record.Procedures
            .Where(p => string.Equals(p.Kind, "surgery", StringComparison.OrdinalIgnoreCase) && (LungSurgery().IsMatch(p.Name) || !NotLung().IsMatch(p.Name)))
            .OrderByDescending(p => p.Date ?? DateOnly.MinValue).FirstOrDefault();
        if (surgery is null) return;
        if (f.AlkLines.Count > 0) return;
        b.Add("adjuvant-alectinib",
            "After my surgery, is alectinib for 2 years (adjuvant treatment) an option for me, and what are its benefits and side effects?",
            $"Your record shows stage {stage} ALK-positive lung cancer removed by surgery ({surgery.Name}{(surgery.Date is { } d ? $", {Iso(d)}" : "")}) and no ALK medicine since. Alectinib is approved for 2 years after complete removal of stage IB (tumour 4 cm or more) to IIIA ALK-positive lung cancer (ALINA).",
            Alina, LearnSurgery);
    }

    /// <summary>Surgery elsewhere or only for diagnosis; whole words, so "uniportal VATS lobectomy" is not a port.</summary>
    [GeneratedRegex(@"brain|crani|\bspine|spinal|\bhip\b|\bbone|biopsy|\bport\b|port-?a-?cath|mediastinoscopy|\bEBUS\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotLung();

    /// <summary>A resection of lung cancer by its usual names (these win over <see cref="NotLung"/>).</summary>
    [GeneratedRegex(@"lobectomy|pneumonectomy|segmentectomy|wedge|sleeve|\b(?:lung|pulmonary)\s+resection|resection\s+of\s+(?:the\s+)?(?:lung|tumou?r)|\b(?:VATS|RATS)\b|thoracotomy", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LungSurgery();

    private static void AddBrain(Builder b, Facts f)
    {
        if (!f.AlkPositive || !(f.BrainMets || f.BrainRadiation)) return;
        if (f.BrainMets && (f.CurrentDrug is null or "crizotinib" or "ceritinib"))
            b.Add("brain-drugs",
                f.CurrentDrug is null
                    ? "Which ALK medicines work best in the brain, and which would you suggest for me?"
                    : $"How well does {f.CurrentDrug} work in the brain, and would an ALK medicine that works better there be an option?",
                $"Your record shows cancer in the brain{(f.CurrentDrug is null ? " and no ALK medicine now" : $" while on {f.CurrentDrug}")}. In large trials, alectinib, brigatinib and lorlatinib controlled the cancer for longer than crizotinib, including in the brain.",
                AlexCns, LearnGuidelines);
        if (f.BrainActive)
            b.Add("brain-local",
                "For the cancer in my brain, would radiation, the ALK medicine, or both make most sense, and what are the risks of each?",
                "Your record shows active cancer in the brain. ALK medicines can work in the brain too; radiation (such as SRS) is another option, and whole-brain radiation can affect memory and thinking.",
                Guide, LearnRadiation);
        b.Add("brain-mri",
            "How often should I have a brain MRI, and how will I get the results?",
            f.BrainMets
                ? "Your record shows cancer in the brain (now or treated). ALK specialists suggest brain MRI more often then, for example every 3 months, even after treatment."
                : "Your record shows radiation to the brain. ALK specialists suggest brain MRI more often after that, for example every 3 months.",
            Cns, LearnScans);
    }

    private static void AddDue(Builder b, Facts f, IEnumerable<DueCheck> due)
    {
        foreach (var g in due.Where(d => IsLabelCheck(d.Kind) && d.Due <= f.Today.AddDays(DueWithinDays)).GroupBy(d => d.Kind))
        {
            var first = g.OrderBy(d => d.Due).First();
            var when = first.Due < f.Today ? $"was due on {Iso(first.Due)}" : first.Due == f.Today ? "is due today" : $"is due around {Iso(first.Due)}";
            b.Add($"due:{g.Key}",
                $"{first.Title}: is a check due, can it be done at or before this visit, and who will tell me the results?",
                $"The next check of your {Lower(first.Title)} {when}. {first.Reason}",
                first.Source, LearnChecks);
        }
    }

    private static string Lower(string title) => title.Length > 1 && !char.IsUpper(title[1]) ? char.ToLowerInvariant(title[0]) + title[1..] : title;

    private static void AddPlanAhead(Builder b, Facts f)
    {
        if (!f.AlkPositive || f.CurrentAlk is null || f.ProgressedLine is not null) return;
        if (f.Record.PlanItems.Any(p => p.Key == "agree-plan" && p.Status == "done")) return;
        b.Add("plan-ahead",
            "If my cancer grows, what would we do next? Would we test for resistance with a tissue biopsy, a liquid biopsy or both?",
            $"You are on {f.CurrentAlk.Agent} and your record shows no progression. Planning while things are stable means decisions can be made calmly later; your progression plan's first step (agree a plan with your oncologist) is not marked done.",
            Guide, LearnPlan);
    }

    private static void AddSecondOpinion(Builder b, Facts f)
    {
        if (!f.AlkPositive) return;
        if (f.HasSpecialist && f.Immunotherapy.Count == 0) return;
        var reasons = new List<string>();
        if (!f.HasSpecialist) reasons.Add("no one on your care team is marked as an ALK specialist");
        if (f.Immunotherapy.Count > 0) reasons.Add("immunotherapy is in your record, and the guide recommends a second opinion before it");
        if (f.ProgressedLine is not null) reasons.Add("the cancer has grown and a new treatment is being chosen");
        else if (f.DrugsTaken.Count == 0)
            reasons.Add(f.Record.Treatments.Any(t => t.Start <= f.Today)
                ? "no ALK medicine has been started yet, and before the first one is among the times the guide suggests one"
                : "treatment has not started yet, the first of the times the guide suggests one");
        b.Add("second-opinion",
            "Could I get a second opinion from an oncologist experienced in ALK-positive lung cancer, and can you help arrange it and send my records?",
            $"Your record shows that {string.Join("; ", reasons)}. ALK-positive lung cancer is uncommon and treatment changes quickly; a second opinion is a normal part of care and does not mean moving your care.",
            f.Immunotherapy.Count > 0 ? TreatmentOptions : Guide, LearnSecondOpinion);
    }

    /// <summary>Collects questions once per key, in the order added.</summary>
    private sealed class Builder
    {
        private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);
        public List<VisitQuestion> Questions { get; } = [];

        public void Add(string key, string question, string why, string source, string? learn)
        {
            if (_keys.Add(key)) Questions.Add(new VisitQuestion(key, question, why, source, learn));
        }
    }
}
