using AlkNavigator.Features.Record;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// Patient × parsed criteria → verdict, score and reasons, criterion by criterion. Pure and deterministic: no text is parsed here.
/// <para>Verdict: not-relevant when the trial is not for people with lung cancer (or any solid cancer); likely-excluded when any
/// criterion rules the patient out; possibly-eligible when nothing does but something decisive is unknown; else likely-eligible.</para>
/// <para>Score (0..1, higher first): the verdict decides the band; within it, ALK-targeted and lung-specific trials, open trials and
/// trials with fewer unknowns (or fewer exclusions) come first.</para>
/// </summary>
public static class TrialMatcher
{
    /// <summary>
    /// Ranks trials best first (ties broken by NCT id); <paramref name="top"/> keeps the first N. Every trial's verdict and score are
    /// computed here; a match's reasons are formatted when first read.
    /// </summary>
    public static List<TrialMatch> Rank(MatchProfile p, IEnumerable<CatalogTrial> trials, int? top = null)
    {
        var list = trials as IReadOnlyList<CatalogTrial> ?? trials.ToList();
        var facts = new Facts(p);
        var scored = new (string Verdict, double Score, int Index)[list.Count];
        if (list.Count >= 4096) Parallel.For(0, list.Count, i => scored[i] = Score(facts, list[i], i));
        else for (var i = 0; i < list.Count; i++) scored[i] = Score(facts, list[i], i);
        Array.Sort(scored, (a, b) => RankOrder(a.Score, list[a.Index].NctId, b.Score, list[b.Index].NctId));
        var n = top is { } t ? Math.Clamp(t, 0, scored.Length) : scored.Length;
        var result = new List<TrialMatch>(n);
        for (var i = 0; i < n; i++)
        {
            var (verdict, score, index) = scored[i];
            var trial = list[index];
            result.Add(new TrialMatch(trial.NctId, verdict, score, new LazyReasons(() => Evaluate(facts, trial, keepReasons: true).Reasons)));
        }
        return result;
    }

    /// <summary>The ranking order: best score first, ties by NCT id (so the same catalogue always ranks the same way).</summary>
    public static int RankOrder(double scoreA, string nctA, double scoreB, string nctB) =>
        scoreB.CompareTo(scoreA) is var s && s != 0 ? s : string.CompareOrdinal(nctA, nctB);

    /// <summary>
    /// The verdict and score of one trial at a time for one profile, its facts worked out once: for rankers that stream the catalogue
    /// instead of holding it (TrialCatalog.RankAsync). Thread-safe: Evaluate only reads the facts.
    /// </summary>
    public sealed class Scorer(MatchProfile p)
    {
        private readonly Facts _facts = new(p);

        public (string Verdict, double Score) Score(CatalogTrial trial)
        {
            var e = Evaluate(_facts, trial, keepReasons: false);
            return (e.Verdict, e.Score);
        }
    }

    private static (string, double, int) Score(Facts f, CatalogTrial trial, int index)
    {
        var e = Evaluate(f, trial, keepReasons: false);
        return (e.Verdict, e.Score, index);
    }

    /// <summary>The verdict, score and reasons for one trial.</summary>
    public static TrialMatch Match(MatchProfile p, CatalogTrial trial)
    {
        var e = Evaluate(new Facts(p), trial, keepReasons: true);
        return new TrialMatch(trial.NctId, e.Verdict, e.Score, e.Reasons);
    }

    /// <summary>The profile's derived facts, worked out once per ranking rather than once per trial.</summary>
    private sealed class Facts(MatchProfile p)
    {
        public MatchProfile Profile { get; } = p;
        public bool AlkPositive { get; } = p.IsAlkPositive;
        public bool? Advanced { get; } = p.IsAdvanced;
        public bool Resected { get; } = p.HadSurgery;
        public List<string> Tkis { get; } = p.AlkTkis;
        public bool? Chemo { get; } = p.HadChemo;
        /// <summary>The record's drugs other than ALK TKIs, one name each ("carboplatin + pemetrexed" gives both), lower case: what an
        /// earlier-drug exclusion is searched for.</summary>
        public List<OtherDrug> OtherDrugs { get; } = (p.Therapies ?? [])
            .SelectMany(t => Regex.Split(t.Agent, @"\s*(?:\+|,|/|\band\b|\bplus\b|\bwith\b)\s*", RegexOptions.IgnoreCase))
            .Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length >= 5 && MatchProfile.TkisIn(d).Count == 0).Distinct()
            .Select(OtherDrug.Of).ToList();
        public bool? Immunotherapy { get; } = p.HadImmunotherapy;
        public bool? OnTreatment { get; } = p.OnTreatment;
        public List<string> Mutations { get; } = p.ResistanceMutations;
        /// <summary>Conditions and medicines outside the cancer the record mentions (<see cref="HealthFacts"/>), read once per patient.</summary>
        public Dictionary<string, string> Health { get; } = HealthFacts.InRecord(p);
        public string? Brain { get; } = p.Brain;
        public string? CountryName { get; } = PatientCountryName(p.Country);
        public List<string> StageGroups { get; } = p.Stage is null ? [] : StageGroupsOf(MatchProfile.StageFromTnm(p.Stage) ?? p.Stage);
        /// <summary>For a record whose stage is I–III: the words of a procedure or note that affirm a recurrence or a distant metastasis
        /// ("adrenal biopsy: metastatic adenocarcinoma"), which the stage does not show yet; null otherwise. Lymph-node findings are regional.</summary>
        public string? RecurrenceNote { get; } = p.StageNumber is >= 1 and <= 3 ? RecurrenceIn(p) : null;
        /// <summary>The record shows an ALK resistance-mutation test: a mutation found, or a result saying none was.</summary>
        public bool ResistanceTested { get; } = p.ResistanceMutations.Count > 0 || (p.Biomarkers?.Any(b => b.Gene.Trim().Equals("ALK", StringComparison.OrdinalIgnoreCase)
            && BiomarkerResults.IsNegative(b.Alteration) && AboutMutations(b.Alteration)) ?? false);
        /// <summary>A negative ALK test of the fusion (not of resistance mutations) beside the positive status: "central D5F3 IHC negative".</summary>
        public (string Gene, string Alteration) NegativeAlkTest { get; } = (p.Biomarkers ?? []).FirstOrDefault(b => CriteriaParser.GeneKey(b.Gene) == "ALK"
            && BiomarkerResults.IsNegative(b.Alteration) && !AboutMutations(b.Alteration) && AlkNavigator.Features.Record.AlkMutations.In(b.Alteration).Count == 0);
        /// <summary>A compound ALK mutation: two or more mutations in one result, or a result that says "compound".</summary>
        public bool Compound { get; } = p.Biomarkers?.Any(b => b.Gene.Trim().Equals("ALK", StringComparison.OrdinalIgnoreCase) && !BiomarkerResults.IsNegative(b.Alteration)
            && (b.Alteration.Contains("compound", StringComparison.OrdinalIgnoreCase) || MatchProfile.MutationsFound(b.Alteration).Count >= 2)) ?? false;
        /// <summary>The record's results by gene (<see cref="CriteriaParser.GeneKey"/>), grouped once per patient rather than per trial.</summary>
        private readonly Dictionary<string, List<(string Gene, string Alteration)>> _results = (p.Biomarkers ?? [])
            .GroupBy(b => CriteriaParser.GeneKey(b.Gene), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        /// <summary>The record's results for a gene, spellings joined ("ERBB2" = "HER2", "NTRK1" = "NTRK", "ROS-1" = "ROS1", "c-MET" = "MET").</summary>
        public List<(string Gene, string Alteration)> ResultsFor(string gene) => _results.GetValueOrDefault(CriteriaParser.GeneKey(gene)) ?? [];

        /// <summary>Everything the record says about ALK (results and fusion) as one text, for the variant, partner and test-method rules.</summary>
        public string AlkText { get; } = string.Join(" ", (p.Biomarkers ?? []).Where(b => CriteriaParser.GeneKey(b.Gene) == CriteriaParser.GeneKey("ALK"))
            .Select(b => b.Alteration).Append(p.AlkFusion ?? ""));

        /// <summary>Positive results for oncogenic drivers other than ALK ("MET amplification", "EGFR L858R"), acquired ones included.</summary>
        public List<string> OtherDrivers { get; } = p.Biomarkers is null ? [] : p.Biomarkers
            .Where(b => OtherDriverGenes.Contains(b.Gene.Trim()) && BiomarkerResults.ShowsAlteration(b.Alteration) && !NotADriver(b.Alteration))
            .Select(b => $"{b.Gene} {b.Alteration}").ToList();
    }

    /// <summary>A result about ALK resistance mutations rather than the fusion ("no ALK kinase-domain mutation", "variant not detected").</summary>
    private static bool AboutMutations(string alteration) => Regex.IsMatch(alteration, @"mutation|resistan|variant|kinase[- ]domain", RegexOptions.IgnoreCase);

    private static (string Verdict, double Score, List<MatchReason> Reasons) Evaluate(Facts f, CatalogTrial trial, bool keepReasons)
    {
        var p = f.Profile;
        var c = trial.Criteria;
        var r = new ReasonCollector(keepReasons, c);

        // ---- disease
        var relevant = true;
        switch (c.Disease)
        {
            case DiseaseKinds.Nsclc:
                r.Meets("disease", "The trial is for people with non-small cell lung cancer.");
                break;
            case DiseaseKinds.SolidTumours:
                r.Meets("disease", "The trial is for people with solid tumours, which includes lung cancer.");
                break;
            case DiseaseKinds.NonCancer:
                relevant = false;
                r.Info("disease", "The trial is not for people being treated for cancer (e.g. healthy volunteers, clinicians, another illness).");
                break;
            default:
                relevant = false;
                r.Info("disease", "The trial is for another kind of cancer, not non-small cell lung cancer.");
                break;
        }

        // ---- histology (or tumour type) other than lung adenocarcinoma
        var alkPositive = f.AlkPositive;
        if (relevant && c.HistologyRequired is { } histology)
        {
            var mine = p.Histology;
            if (histology == "non-squamous")
            {
                if (mine is null) r.Unknown("histology", "The trial is for non-squamous lung cancer — histology not recorded.");
                // Mixed adenosquamous carcinoma: trials differ (some take it when adenocarcinoma predominates).
                else if (mine.Contains("adenosquamous", StringComparison.OrdinalIgnoreCase))
                    r.Unknown("histology", $"The trial is for non-squamous lung cancer; the record says {mine} — to check whether the trial takes mixed histology.");
                else if (IsSquamous(mine)) r.Excludes("histology", $"The trial is for non-squamous lung cancer; the record says {mine}", nameof(c.HistologyRequired));
                else r.Meets("histology", $"The trial is for non-squamous lung cancer; the record says {mine}.");
            }
            else if (mine is not null && HistologyFits(mine, histology)) r.Meets("histology", $"The trial is for {histology} disease; the record says {mine}.");
            else if (mine is not null || alkPositive || histology is not ("squamous"))
                r.Excludes("histology", mine is null
                    ? $"The trial is for {histology} disease, not ALK-positive non-small cell lung cancer"
                    : $"The trial is for {histology} disease; the record says {mine}", nameof(c.HistologyRequired));
            else r.Unknown("histology", $"The trial is for {histology} disease — histology not recorded.");
        }

        // ---- ALK and other drivers
        if (c.AlkExcluded)
        {
            if (alkPositive) r.Excludes("ALK", "The trial does not take ALK-positive cancer", nameof(c.AlkExcluded));
            else if (p.AlkStatus == "negative") r.Meets("ALK", "The trial is for cancer without an ALK alteration; the record says ALK-negative.");
            else r.Unknown("ALK", "The trial excludes ALK-positive cancer — ALK status not recorded.");
        }
        else if (c.AlkRequired)
        {
            // Discordant tests ("FISH positive", "central D5F3 IHC negative"): trials often name the test whose result counts.
            var negativeTest = f.NegativeAlkTest;
            if (alkPositive && negativeTest.Gene is not null)
                r.Unknown("ALK", $"The record has a negative ALK test (“{negativeTest.Gene}: {negativeTest.Alteration}”) beside a positive one — which test the trial accepts is to check with the study team.");
            else if (alkPositive) r.Meets("ALK", "The trial is for ALK-positive cancer.");
            else if (p.AlkStatus == "negative") r.Excludes("ALK", "The trial requires an ALK alteration; the record says ALK-negative", nameof(c.AlkRequired));
            else r.Unknown("ALK", "The trial requires an ALK alteration — ALK status not recorded.");
        }
        if (c.OtherDriverRequired is { } driver)
        {
            var gene = driver.Split(' ')[0];
            var variant = driver.Length > gene.Length ? driver[(gene.Length + 1)..] : null;
            var all = f.ResultsFor(gene);
            var results = all.Where(b => !BiomarkerResults.IsNoResult(b.Alteration)).ToList();
            var positive = results.Where(b => !BiomarkerResults.IsNegative(b.Alteration)).ToList();
            var fits = positive.Where(b => variant is null || Compact(b.Alteration).Contains(Compact(variant), StringComparison.OrdinalIgnoreCase)).ToList();
            if (fits.Count > 0) r.Meets("driver", $"The trial is for {driver}-altered cancer; the record lists {gene} {fits[0].Alteration}.");
            else if (positive.Count > 0 && positive.All(b => OtherVariant(b.Alteration)))
                r.Excludes("driver", $"The trial is for {driver}-altered cancer; the record lists {gene} {positive[0].Alteration}", nameof(c.OtherDriverRequired));
            else if (positive.Count > 0) r.Unknown("driver", $"The trial requires {driver} — the record lists {gene} {positive[0].Alteration} without saying which variant.");
            // A negative from the kind of test the trial's variant needs settles it ("ERBB2 mutation (NGS): not detected" for a mutation trial).
            else if (variant is not null && results.FirstOrDefault(b => TestsFor(variant).IsMatch(b.Gene + " " + b.Alteration)) is { Gene: not null } covering)
                r.Excludes("driver", $"The trial is for {driver}-altered cancer; the record lists {covering.Gene}: {covering.Alteration}", nameof(c.OtherDriverRequired));
            // A negative beside a test still without a result ("ERBB2 amplification: not detected", "HER2 IHC: pending") does not settle
            // it: the pending test may be the one the trial asks for.
            else if (all.FirstOrDefault(b => BiomarkerResults.IsNoResult(b.Alteration)) is { Gene: not null } untested)
                r.Unknown("driver", $"The trial requires {driver} — the record says {untested.Gene}: {untested.Alteration}{(results.Count > 0 ? $" (and {results[0].Gene}: {results[0].Alteration})" : "")}.");
            else if (results.Count > 0) r.Excludes("driver", $"The trial is for {driver}-altered cancer; the record lists {gene} {results[0].Alteration}", nameof(c.OtherDriverRequired));
            else if (alkPositive) r.Excludes("driver", $"The trial is for {driver}-altered cancer, not ALK-positive cancer", nameof(c.OtherDriverRequired));
            else r.Unknown("driver", $"The trial requires a {driver} alteration — not recorded.");
        }

        if (c.OtherDriverExcluded)
        {
            var others = f.OtherDrivers;
            if (others.Count > 0)
                r.Excludes("driver", $"The trial does not take cancer with a driver alteration other than ALK; the record lists {others[0]}", nameof(c.OtherDriverExcluded));
            else if (p.Biomarkers is not null) r.Meets("driver", "The trial excludes driver alterations other than ALK; the record lists none.");
            else if (alkPositive) r.Meets("driver", "The trial excludes driver alterations other than ALK; none is recorded, and in lung cancer an ALK fusion and another driver (EGFR, KRAS, ROS1, …) almost never occur together.");
            else r.Unknown("driver", "The trial excludes driver alterations other than ALK — other genes not recorded.", minor: true);
        }

        // ---- named genes (other than ALK) that exclude or that an ALK trial also requires
        foreach (var entry in c.GenesExcluded)
            GeneExcluded(r, f, p, c, entry);
        foreach (var entry in c.GenesRequired)
        {
            var (gene, variant) = SplitGene(entry);
            var results = f.ResultsFor(gene);
            var fits = results.Where(b => IsPositive(b.Alteration, variant) && VariantFits(variant, b.Alteration)).ToList();
            if (fits.Count > 0) r.Meets("driver", $"The trial also requires {entry}; the record lists {fits[0].Gene} {fits[0].Alteration}.");
            else if (results.Count > 0 && results.All(b => BiomarkerResults.IsNegative(b.Alteration)))
                r.Excludes("driver", $"The trial also requires {entry}; the record lists {results[0].Gene} {results[0].Alteration}", "GenesRequired:" + entry);
            else r.Unknown("to check", $"“{c.Quote("GenesRequired:" + entry)}” — to check with the study team: the trial also requires {entry}, which the record does not show{(results.Count > 0 ? $" (it lists {results[0].Gene} {results[0].Alteration})" : "")}.");
        }

        // ---- ALK resistance mutations that exclude
        foreach (var m in c.ResistanceMutationsExcluded)
        {
            var name = m switch { "any" => "an ALK resistance mutation", "compound" => "compound ALK mutations", _ => "ALK " + m };
            var hit = m switch { "any" => f.Mutations.Count > 0, "compound" => f.Compound, _ => f.Mutations.Contains(m) };
            if (hit)
                r.Excludes("resistance mutation", $"The trial excludes {name}; the record lists {(m == "compound" ? string.Join(" + ", f.Mutations) : m == "any" ? string.Join(", ", f.Mutations) : m)}", nameof(c.ResistanceMutationsExcluded));
            else if (m == "compound" && f.Mutations.Distinct(StringComparer.OrdinalIgnoreCase).Count() >= 2)
                r.Unknown("to check", $"“{c.Quote(nameof(c.ResistanceMutationsExcluded))}” — to check with the study team: the trial excludes {name}, and the record lists {string.Join(" and ", f.Mutations.Distinct(StringComparer.OrdinalIgnoreCase))} as separate results; whether they occur together (a compound mutation) is not recorded.");
            else if (f.ResistanceTested)
                r.Meets("resistance mutation", $"The trial excludes {name}; the record's resistance testing shows {(f.Mutations.Count > 0 ? string.Join(", ", f.Mutations) : "none")}.");
            else if (p.Therapies is not null && f.Tkis.Count == 0)
                r.Meets("resistance mutation", $"The trial excludes {name}; ALK resistance mutations arise during ALK TKI treatment, and the record lists none yet.");
            else
                r.Unknown("to check", $"“{c.Quote(nameof(c.ResistanceMutationsExcluded))}” — to check with the study team: the trial excludes {name}, and the record shows no resistance-mutation test after ALK TKI treatment.");
        }

        // ---- stage and setting
        // (A stage I–III record whose notes affirm a recurrence: its stage does not decide.)
        var advanced = f.RecurrenceNote is null ? f.Advanced : null;
        var resected = f.Resected;
        // A stage I–III record whose notes affirm a recurrence or metastasis: every stage rule is open until the stage is brought up to date.
        if (f.RecurrenceNote is { } recurrence && (c.Stages.Count > 0 || c.AdvancedRequired || c.NonMetastaticRequired || c.EarlyRequired || c.ResectedRequired))
            r.Unknown("setting", $"The record gives stage {p.Stage}, but a note says “{recurrence}” — to check whether the cancer has recurred or spread, which decides the trial's stage rules.");
        if (c.Stages.Count > 0)
        {
            if (p.Stage is null) r.Unknown("stage", $"The trial names stages {StageRange(c.Stages)} — stage not recorded.");
            else if (f.StageGroups.Any(c.Stages.Contains) && f.RecurrenceNote is null) r.Meets("stage", $"Stage {p.Stage} is among the stages the trial takes ({StageRange(c.Stages)}).");
            else if (f.RecurrenceNote is not null) { } // to check (above)
            else r.Excludes("stage", $"Stage {p.Stage} is not among the stages the trial takes ({StageRange(c.Stages)})", nameof(c.Stages));
        }
        if (c.AdvancedRequired)
        {
            if (advanced == true) { if (c.Stages.Count == 0) r.Meets("setting", "The trial is for advanced or metastatic disease; the record shows it."); }
            else if (advanced == false) r.Excludes("setting", $"The trial is for advanced or metastatic disease; the record shows stage {p.Stage}{(resected ? ", resected" : "")}", nameof(c.AdvancedRequired));
            else r.Unknown("setting", "The trial is for advanced or metastatic disease — stage or metastases not recorded.");
        }
        if (c.NonMetastaticRequired)
        {
            if (advanced == true) r.Excludes("setting", $"The trial is for disease without distant metastases; the record shows {(p.Stage is null ? "metastases" : "stage " + p.Stage)}", nameof(c.NonMetastaticRequired));
            else if (advanced is null) r.Unknown("setting", "The trial is for disease without distant metastases — stage or metastases not recorded.");
        }
        if (c.ResectedRequired && advanced != true)
        {
            if (resected) r.Meets("surgery", "The trial is for people whose tumour was removed; the record lists surgery.");
            else r.Unknown("surgery", "The trial is for people whose tumour was completely removed — no surgery in the record.");
        }
        if (c.EarlyRequired)
        {
            if (advanced == true) r.Excludes("setting", "The trial is for early (operable) disease; the record shows advanced disease", nameof(c.EarlyRequired));
            else if (advanced == false && c.NotYetResectedRequired && resected)
                r.Excludes("setting", "The trial treats before surgery (neoadjuvant/resectable); the record shows the tumour was already removed", nameof(c.NotYetResectedRequired));
            else if (advanced == false) r.Meets("setting", "The trial is for early-stage disease, as in the record.");
            else r.Unknown("setting", p.Stage is { } stage3
                ? $"The trial is for early (operable) disease; the record says stage {stage3}, which may or may not be operable — to check."
                : "The trial is for early (operable) disease — stage not recorded.");
        }
        foreach (var site in c.SitesRequired)
        {
            if (p.Metastases is null) r.Unknown("metastases", $"The trial requires {site} metastases — metastatic sites not recorded.");
            else if (HasSite(p, site)) r.Meets("metastases", $"The trial requires {site} metastases, as in the record.");
            else r.Excludes("metastases", $"The trial requires {site} metastases; the record lists none", "SitesRequired:" + site);
        }
        foreach (var site in c.SitesExcluded)
            if (p.Metastases is not null && HasSite(p, site))
                r.Excludes("metastases", $"The trial excludes {site} metastases, which the record lists", "SitesExcluded:" + site);

        // ---- prior therapy
        var therapies = p.Therapies;
        var tkis = f.Tkis;
        if (therapies is null)
        {
            if (c.TreatmentNaiveRequired || c.PretreatedRequired || c.MinPriorAlkTkis > 0 || c.AgentsRequired.Count > 0 || c.PriorChemoRequired || c.OnTreatmentRequired)
                r.Unknown("prior therapy", "The trial has rules on earlier treatment — treatments not recorded.");
        }
        else
        {
            if (c.TreatmentNaiveRequired)
            {
                if (therapies.Count == 0) r.Meets("prior therapy", "The trial is for people not yet treated; the record lists no treatment.");
                else if (c.TreatmentNaiveForAdvanced && therapies.All(t => t.Line == 0 && !t.Ongoing))
                    r.Meets("prior therapy", $"The trial is for people not yet treated for advanced disease; the record lists {Agents(therapies)} only as adjuvant or neoadjuvant treatment.");
                else if (c.TreatmentNaiveForAdvanced && therapies.All(t => !t.Ongoing && t.StopReason == "completed"))
                    r.Unknown("prior therapy", $"The trial is for people not yet treated for advanced disease; the record lists {Agents(therapies)}, completed — perhaps as adjuvant or curative treatment before the disease was advanced, which would not count.");
                else r.Excludes("prior therapy", $"The trial is for people not yet treated; the record lists {Agents(therapies)}", nameof(c.TreatmentNaiveRequired));
            }
            if (c.StandardTherapyFailedRequired && alkPositive)
            {
                // For ALK-positive cancer the approved ALK TKIs are the standard therapy; lorlatinib remains one after a first- or
                // second-generation TKI (ESMO, ASCO/Ontario Health), so only progression on lorlatinib shows standard therapy has failed.
                var lorlatinib = therapies.Where(t => MatchProfile.TkisIn(t.Agent).Contains("lorlatinib")).ToList();
                if (tkis.Count == 0)
                    r.Excludes("prior therapy", "The trial is for people whose standard therapy has failed or does not exist; for ALK-positive cancer the ALK TKIs are standard, and the record lists none yet", nameof(c.StandardTherapyFailedRequired));
                else if (lorlatinib.Count > 0 && lorlatinib.All(t => !t.Ongoing))
                    r.Meets("prior therapy", $"The trial is for people whose standard therapy has failed; the record lists {string.Join(", ", tkis)}, including lorlatinib.");
                else
                    r.Unknown("to check", $"“{c.Quote(nameof(c.StandardTherapyFailedRequired))}” — to check with the study team: the record lists {string.Join(", ", tkis)}{(lorlatinib.Count > 0 ? " (ongoing)" : ", but not lorlatinib, which remains a standard option for ALK-positive cancer")}.");
            }
            else if (c.PretreatedRequired)
            {
                if (therapies.Count > 0) r.Meets("prior therapy", $"The trial is for people already treated; the record lists {Agents(therapies)}.");
                else r.Excludes("prior therapy", "The trial is for people whose earlier treatment stopped working; the record lists no treatment yet", nameof(c.PretreatedRequired));
            }
            if (c.MinPriorAlkTkis is { } min && min > 0)
            {
                if (tkis.Count >= min) r.Meets("prior ALK TKIs", $"The trial requires at least {min} earlier ALK TKI(s); the record lists {string.Join(", ", tkis)}.");
                else r.Excludes("prior ALK TKIs", $"The trial requires at least {min} earlier ALK TKI(s); the record lists {tkis.Count}", nameof(c.MinPriorAlkTkis));
            }
            if (c.MaxPriorLines is { } maxLines && PriorLines(therapies, c.TkisNotCountedAsLines) is var lines && lines > maxLines)
                r.Excludes("prior therapy", $"The trial allows at most {maxLines} earlier line(s) of systemic therapy{(c.TkisNotCountedAsLines ? " (ALK TKIs not counted)" : "")}; the record lists {lines}", nameof(c.MaxPriorLines));
            if (c.MaxPriorAlkTkis is { } max && tkis.Count > max)
                r.Excludes("prior ALK TKIs", $"The trial allows at most {max} earlier ALK TKI(s); the record lists {tkis.Count}", nameof(c.MaxPriorAlkTkis));
            var barred = tkis.Where(t => !c.PriorAlkTkisAllowed.Contains(t)).ToList();
            if (c.PriorAlkTkiExcluded && barred.Count > 0)
                r.Excludes("prior ALK TKIs", c.PriorAlkTkisAllowed.Count == 0
                    ? $"The trial does not take people who already had an ALK TKI; the record lists {string.Join(", ", barred)}"
                    : $"The trial does not take people who had an ALK TKI other than {string.Join(", ", c.PriorAlkTkisAllowed)}; the record lists {string.Join(", ", barred)}", nameof(c.PriorAlkTkiExcluded));
            foreach (var agent in c.AgentsRequired)
            {
                if (Had(therapies, agent)) r.Meets("prior therapy", $"The trial requires earlier {agent}; the record lists it.");
                else r.Excludes("prior therapy", $"The trial requires earlier {agent}; the record does not list it", "AgentsRequired:" + agent);
            }
            foreach (var agent in c.AgentsExcluded)
                if (Had(therapies, agent))
                    r.Excludes("prior therapy", $"The trial does not take people who had {agent}; the record lists it", "AgentsExcluded:" + agent);
            if (c.PriorChemoRequired)
            {
                if (f.Chemo == true) r.Meets("prior chemotherapy", "The trial requires earlier (platinum) chemotherapy; the record lists it.");
                else r.Excludes("prior chemotherapy", "The trial requires earlier (platinum) chemotherapy; the record lists none", nameof(c.PriorChemoRequired));
            }
            if (c.PriorChemoExcluded && f.Chemo == true)
                r.Excludes("prior chemotherapy", "The trial does not take people who had chemotherapy; the record lists it", nameof(c.PriorChemoExcluded));
            if (c.OnTreatmentRequired)
            {
                if (f.OnTreatment == true) r.Meets("current treatment", "The trial is for people on treatment now; the record shows an ongoing treatment.");
                else r.Excludes("current treatment", "The trial is for people receiving treatment now; the record shows none ongoing", nameof(c.OnTreatmentRequired));
            }
        }
        if (c.ImmunotherapyRequired && c.ImmunotherapyCurrentRequired && f.Immunotherapy == true && therapies is not null
            && !therapies.Any(t => t.Ongoing && MatchProfile.IsImmunotherapy(t.Agent)))
            r.Unknown("to check", $"“{c.Quote(nameof(c.ImmunotherapyRequired))}” — to check with the study team: the study is about people receiving immunotherapy now or soon; the record lists only an earlier, ended one.");
        else if (c.ImmunotherapyRequired)
        {
            if (f.Immunotherapy == true) r.Meets("immunotherapy", "The trial involves PD-1/PD-L1 immunotherapy, which the record lists.");
            else if (alkPositive || f.Immunotherapy == false)
                r.Excludes("immunotherapy", "The trial is for people receiving or having had PD-1/PD-L1 immunotherapy, which is not standard for ALK-positive lung cancer and not in the record", nameof(c.ImmunotherapyRequired));
            else r.Unknown("immunotherapy", "The trial requires PD-1/PD-L1 immunotherapy — not recorded.");
        }

        // ---- resistance mutations
        if (c.ResistanceMutationRequired && (c.ResistanceMutations.Count > 0 || c.AnyResistanceMutation))
        {
            var wanted = c.AnyResistanceMutation ? "an ALK resistance mutation" : string.Join(", ", c.ResistanceMutations.Select(x => x == "compound" ? "a compound mutation" : x));
            var found = c.AnyResistanceMutation ? f.Mutations : f.Mutations.Intersect(c.ResistanceMutations).ToList();
            if (found.Count == 0 && f.Compound && c.ResistanceMutations.Contains("compound")) found = f.Mutations;
            if (found.Count > 0) r.Meets("resistance mutation", $"The record lists {string.Join(", ", found)}{(f.Compound && found.Count > 1 ? " (compound)" : "")}; the trial asks for {wanted}.");
            else if (!f.ResistanceTested)
                r.Unknown("resistance mutation", $"The trial asks for {wanted} — no resistance mutation test in the record.");
            else r.Excludes("resistance mutation", $"The trial asks for {wanted}; the record's resistance testing shows {(f.Mutations.Count > 0 ? string.Join(", ", f.Mutations) : "none")}", nameof(c.ResistanceMutationRequired));
        }
        else if (c.ResistanceMutations.Count > 0 && f.Mutations.Intersect(c.ResistanceMutations).Except(c.ResistanceMutationsExcluded).Any())
            r.Info("resistance mutation", $"The trial mentions {string.Join(", ", f.Mutations.Intersect(c.ResistanceMutations))}, found in the record.");

        // ---- brain
        var brain = f.Brain;
        if (c.BrainMetsRequired)
        {
            if (brain is null) r.Unknown("brain metastases", "The trial requires brain metastases — not recorded.");
            else if (brain == "none") r.Excludes("brain metastases", "The trial requires brain metastases; the record lists none", nameof(c.BrainMetsRequired));
            else r.Meets("brain metastases", "The trial requires brain metastases, as in the record.");
        }
        if (c.LeptomeningealRequired && brain != "leptomeningeal")
        {
            if (brain is null) r.Unknown("brain metastases", "The trial is for people with leptomeningeal disease — not recorded.");
            else r.Excludes("brain metastases", "The trial is for people with leptomeningeal disease; the record does not list it", nameof(c.LeptomeningealRequired));
        }
        if (c.LeptomeningealAllowed && brain == "leptomeningeal")
        {
            // A cohort for leptomeningeal disease beside an exclusion of it (for another cohort): which one applies is for the study team.
            // (A condition in the allowing sentence, "… confirmed by CSF cytology", "… if asymptomatic", is its own "leptomeningeal" item to check.)
            if (c.LeptomeningealExcluded || c.BrainMetsExcluded || c.ActiveBrainMetsExcluded)
                r.Unknown("brain metastases", $"The trial takes people with leptomeningeal disease, with conditions or in part of the study (“{c.Quote(nameof(c.LeptomeningealAllowed))}”) — to check with the study team.");
            else r.Meets("brain metastases", "The trial takes people with leptomeningeal disease, which the record lists.");
        }
        else if (c.LeptomeningealExcluded && brain == "leptomeningeal")
            r.Excludes("brain metastases", "The trial excludes leptomeningeal disease, which the record lists", nameof(c.LeptomeningealExcluded));
        else if (c.BrainMetsExcluded)
        {
            if (brain is null) r.Unknown("brain metastases", "The trial excludes brain metastases — not recorded whether there are any.");
            else if (brain != "none") r.Excludes("brain metastases", "The trial excludes brain metastases, which the record lists", nameof(c.BrainMetsExcluded));
            else r.Meets("brain metastases", "The trial excludes brain metastases; the record lists none.");
        }
        else if (c.ActiveBrainMetsExcluded || c.LeptomeningealExcluded)
        {
            if (brain is null) r.Unknown("brain metastases", "The trial excludes active (untreated or symptomatic) brain metastases — not recorded whether there are any.", minor: true);
            else if (brain is "active" && c.SomeUntreatedBrainMetsAllowed)
                r.Unknown("brain metastases", "The trial excludes symptomatic or larger untreated brain metastases but allows some untreated ones (for example small or asymptomatic); the record lists active brain metastases — to check with the study team.");
            // A trial that excludes only leptomeningeal disease does not exclude parenchymal brain metastases.
            else if (brain is "active" && c.ActiveBrainMetsExcluded) r.Excludes("brain metastases", "The trial excludes active (untreated or symptomatic) brain metastases; the record lists active ones", nameof(c.ActiveBrainMetsExcluded));
            else if (brain is "present" && c.ActiveBrainMetsExcluded) r.Unknown("brain metastases", "The trial excludes active brain metastases — the record lists brain metastases without saying whether they are treated and stable.");
            else if (brain is "treated-stable") r.Meets("brain metastases", "Treated, stable brain metastases are allowed.");
            else if (brain is "leptomeningeal")
                r.Excludes("brain metastases", "The trial excludes active (untreated or symptomatic) CNS metastases; the record lists leptomeningeal disease", nameof(c.ActiveBrainMetsExcluded));
        }

        // ---- PD-L1, EML4-ALK variant, progression (not intolerance) on earlier TKIs
        if (c.PdL1Min is { } pdl1)
        {
            var result = f.ResultsFor("PD-L1").Select(b => PdL1Percent(b.Alteration)).FirstOrDefault(v => v is not null);
            if (result is null) r.Unknown("PD-L1", $"The trial requires PD-L1 expression of at least {pdl1}% — no PD-L1 result with a percentage in the record.");
            else if (result < pdl1) r.Excludes("PD-L1", $"The trial requires PD-L1 of at least {pdl1}%; the record says {result}%", nameof(c.PdL1Min));
            else r.Meets("PD-L1", $"PD-L1 {result}% meets the trial's {pdl1}%.");
        }
        if (c.AlkVariantsRequired.Count > 0)
        {
            var variant = AlkVariant(f.AlkText);
            var wanted = string.Join(" or ", c.AlkVariantsRequired.Select(v => "variant " + v));
            if (variant is null) r.Unknown("ALK variant", $"The trial is for EML4-ALK {wanted} — the record does not say which variant.");
            else if (!c.AlkVariantsRequired.Contains(variant)) r.Excludes("ALK variant", $"The trial is for EML4-ALK {wanted}; the record says variant {variant}", nameof(c.AlkVariantsRequired));
            else r.Meets("ALK variant", $"EML4-ALK variant {variant}, as the trial requires.");
        }
        if (c.PdL1Assay is { } assay && c.PdL1Min is not null)
        {
            var named = f.ResultsFor("PD-L1").Select(b => PdL1AssayIn(b.Alteration)).ToList();
            if (!named.Contains(assay))
                r.Unknown("PD-L1", named.Any(a => a is not null)
                    ? $"The trial accepts PD-L1 only by the {assay} assay; the record's result is by {named.First(a => a is not null)} — to check."
                    : $"The trial accepts PD-L1 only by the {assay} assay — the record does not say which assay gave its result.");
        }
        if (c.NonEml4PartnerRequired)
        {
            if (Regex.IsMatch(f.AlkText, @"\bEML4\b", RegexOptions.IgnoreCase))
                r.Excludes("ALK fusion partner", "The trial is for ALK fusions with a partner other than EML4; the record says EML4-ALK", nameof(c.NonEml4PartnerRequired));
            else if (Regex.IsMatch(f.AlkText, @"\b[A-Z0-9]{2,8}-ALK\b")) // a named partner ("KIF5B-ALK"), EML4 ruled out above
                r.Meets("ALK fusion partner", "The ALK fusion partner in the record is not EML4, as the trial requires.");
            else r.Unknown("ALK fusion partner", "The trial is for ALK fusions with a partner other than EML4 — the record does not name the partner.");
        }
        if (c.AlkMolecularTestRequired && alkPositive)
        {
            var alk = f.AlkText;
            if (!Regex.IsMatch(alk, @"\bFISH\b|\bNGS\b|sequenc|\bPCR\b|break-?apart|\b[A-Z0-9]{2,8}-ALK\b|variant|\bv\d|E\d+;A\d+|\bRNA\b|\bDNA\b|ctDNA|plasma|FoundationOne|Guardant|Oncomine", RegexOptions.IgnoreCase))
                r.Unknown("ALK test", $"The trial needs ALK shown by FISH or sequencing (IHC alone is not enough) — the record {(Regex.IsMatch(alk, @"\bIHC\b|D5F3|Ventana|immunohisto", RegexOptions.IgnoreCase) ? "shows an IHC result only" : "does not say how ALK was tested")}.");
        }
        if (c.AlkTissueRequired && alkPositive && (p.Biomarkers ?? []).Where(b => CriteriaParser.GeneKey(b.Gene) == "ALK" && !BiomarkerResults.IsNegative(b.Alteration)
                && !BiomarkerResults.IsNoResult(b.Alteration)).ToList() is { Count: > 0 } alkResults && alkResults.All(b => PlasmaTest.IsMatch(b.Gene + " " + b.Alteration)))
            r.Unknown("ALK test", $"The trial needs the ALK fusion shown in tumour tissue (a blood or ctDNA result alone is not enough); the record's positive ALK result is from plasma (“{alkResults[0].Gene}: {alkResults[0].Alteration}”) — to check whether tissue can be tested: “{c.Quote(nameof(c.AlkTissueRequired))}”");
        if (c.ProgressionOnPriorMentioned && !c.ProgressionOnPriorRequired && p.Therapies is { } given)
        {
            var priorTkis = given.Where(t => MatchProfile.TkisIn(t.Agent).Count > 0).ToList();
            if (priorTkis.Count > 0 && !priorTkis.Any(t => t.Ongoing || t.StopReason is { } why && why.Contains("progress", StringComparison.OrdinalIgnoreCase)))
                r.Unknown("prior therapy", $"The trial needs progression on or soon after the earlier ALK TKI; the record says {Agents(priorTkis)} stopped for another reason — to check whether and when the cancer progressed.");
        }
        // A course given before or after surgery: line 0, or a completed course (a record's lines are numbered from 1 and an adjuvant
        // course ends "completed").
        if (c.AdjuvantIntervalRequired && p.Therapies is { } earlier && earlier.Where(t => t.Line == 0 || !t.Ongoing && t.StopReason == "completed").ToList() is { Count: > 0 } adjuvant)
            r.Unknown("prior therapy", $"“{c.Quote(nameof(c.AdjuvantIntervalRequired))}” — to check: the record lists {Agents(adjuvant)} as completed (perhaps adjuvant or neoadjuvant) treatment, without the dates the trial asks about.");
        static bool Intolerance(string? why) => why is not null && Regex.IsMatch(why, @"toxic|intoleran|side[- ]effect|adverse", RegexOptions.IgnoreCase);
        if (c.ProgressionOnPriorRequired && p.Therapies is { } stoppedTkis && stoppedTkis.Where(t => MatchProfile.TkisIn(t.Agent).Count > 0).ToList() is { Count: > 0 } tkiLines
            && !tkiLines.Any(t => t.StopReason is { } why && why.Contains("progress", StringComparison.OrdinalIgnoreCase))
            && tkiLines.Where(t => !t.Ongoing && !Intolerance(t.StopReason)).ToList() is { Count: > 0 } unclear)
            r.Unknown("prior therapy", $"The trial counts only earlier TKIs stopped because the cancer progressed; the record does not say that {Agents(unclear)} stopped for progression — to check.");
        if (c.ProgressionOnPriorRequired && p.Therapies is { } done)
            foreach (var stopped in done.Where(t => !t.Ongoing && MatchProfile.TkisIn(t.Agent).Count > 0 && Intolerance(t.StopReason)))
            {
                var agent = MatchProfile.TkisIn(stopped.Agent)[0];
                if (c.AgentsRequired.Contains(agent) || c.MinPriorAlkTkis >= tkis.Count)
                    r.Excludes("prior therapy", $"The trial counts only earlier TKIs stopped for progression; the record says {agent} was stopped for {stopped.StopReason}", nameof(c.ProgressionOnPriorRequired));
            }

        // ---- ECOG, age, sex, country
        if (c.EcogMax is { } ecogMax)
        {
            var range = c.EcogMin is > 0 ? $"{c.EcogMin}–{ecogMax}" : $"0–{ecogMax}";
            if (p.Ecog is null) r.Unknown("ECOG", $"The trial requires performance status ECOG {range} — not recorded.");
            else if (p.Ecog > ecogMax && p.Ecog <= c.EcogToCheckUpTo)
                r.Unknown("ECOG", $"The trial asks for ECOG {range} or the equivalent; ECOG {p.Ecog} may be accepted (another performance scale, or some groups of patients) — to check with the study team: “{c.Quotes.GetValueOrDefault(nameof(c.EcogMax))}”");
            else if (p.Ecog > ecogMax || p.Ecog < (c.EcogMin ?? 0)) r.Excludes("ECOG", $"The trial requires ECOG {range}; the record says {p.Ecog}", nameof(c.EcogMax));
            else r.Meets("ECOG", $"ECOG {p.Ecog} is within {range}.");
        }
        if (c.MinAge is not null || c.MaxAge is not null)
        {
            var span = $"{c.MinAge?.ToString(CultureInfo.InvariantCulture) ?? "any"}–{c.MaxAge?.ToString(CultureInfo.InvariantCulture) ?? "any"} years";
            // An adult-only limit hardly ever decides; any narrower one does, so an unrecorded age leaves it open.
            if (p.Age is null) r.Unknown("age", $"The trial takes ages {span} — age not recorded.", minor: c.MaxAge is null && c.MinAge is null or <= 18);
            else if (p.Age < c.MinAge) r.Excludes("age", $"The trial takes ages {span}; the record says {p.Age}", nameof(c.MinAge));
            else if (CountryMinimumAge(c, f) is { } local && p.Age < local.Years)
                r.Excludes("age", $"In {local.Country} the trial's minimum age is {local.Years}; the record says {p.Age}", nameof(c.MinAgeByCountry));
            else if (f.CountryName is null && c.MinAgeByCountry?.Values.Max() is { } highest && p.Age < highest)
                r.Unknown("age", $"The trial's minimum age is higher in some countries (up to {highest}) — the record does not say the country.");
            else if (p.Age > c.MaxAge) r.Excludes("age", $"The trial takes ages {span}; the record says {p.Age}", nameof(c.MaxAge));
        }
        if (c.Sex is { } sex && p.Sex is { } ps && ps != "other" && !sex.Equals(ps, StringComparison.OrdinalIgnoreCase))
            r.Excludes("sex", $"The trial is for {sex.ToLowerInvariant()} participants only", null);
        // ---- location: a trial the patient would have to travel abroad for is never "likely eligible"
        var abroad = false;
        if (trial.Countries.Count > 0)
        {
            var country = f.CountryName;
            if (country is null) r.Unknown("country", $"Sites in {Countries(trial.Countries)} — the record has no country.", minor: true);
            else if (trial.Countries.Any(x => CountryKey(x) == CountryKey(country))) r.Meets("country", $"The trial has sites in {country}.");
            else
            {
                abroad = true;
                r.Unknown("country", $"No site in {country}; nearest sites: {Countries(trial.Countries)}, travel needed.");
            }
        }
        else r.Unknown("country", "The registry lists no sites for this trial yet — ask the study team where it will recruit.");

        if (c.ConcurrentTherapyExcluded && f.OnTreatment == true && therapies is not null)
            r.Unknown("to check", $"“{c.Quote(nameof(c.ConcurrentTherapyExcluded))}” — to check with the study team: the record shows {Agents(therapies.Where(t => t.Ongoing).ToList())} ongoing, and the trial does not take people on other anticancer treatment (whether and when to end it is for you and your oncologist).");

        // A blinded study treatment ("HZ-A33 or crizotinib, double-blind"): which drug was given is not known, so every rule on earlier
        // treatment is open until it is unblinded.
        if (p.Therapies?.FirstOrDefault(t => BlindedTreatment.IsMatch(t.Agent)) is { } blinded
            && (c.MinPriorAlkTkis is not null || c.MaxPriorAlkTkis is not null || c.PriorAlkTkiExcluded || c.AgentsRequired.Count > 0 || c.AgentsExcluded.Count > 0
                || c.TreatmentNaiveRequired || c.PretreatedRequired))
            r.Unknown("prior therapy", $"The record lists a blinded study treatment (“{blinded.Agent}”): which drug was given decides the trial's rules on earlier treatment — to check once it is unblinded.");

        // ---- criteria the parser could not read that could exclude this patient
        foreach (var item in c.ToCheck)
        {
            if (item.Dimension == CheckItem.Health)
            {
                var uncontrolledOnly = item.Facts?.Contains(HealthFacts.Uncontrolled) == true;
                if (item.Facts?.FirstOrDefault(k => f.Health.TryGetValue(k, out var words) && !(uncontrolledOnly && HealthFacts.SaysControlled(words))) is { } kind)
                    r.Unknown("to check", $"The record mentions {HealthFacts.Label(kind)} (“{f.Health[kind]}”), {(item.Exclusion ? $"and the trial excludes some people {(HealthFacts.IsMedicine(kind) ? "taking it" : "with it")}" : "and the trial has a requirement about it")} — to check with the study team: “{item.Text}”");
                continue;
            }
            if (item.Dimension == CheckItem.EarlierDrug)
            {
                if (DrugNamedIn(item.Text, f) is { } drug)
                {
                    // "more than one platinum regimen", "that led to grade ≥3 …", "in the last 6 months": the record cannot settle it.
                    if (Regex.IsMatch(item.Text, @"more than|at least|≥|>|\bgrade\b|led to|resulted in|caused|discontinu|intoleran|toxicit|\bwithin\b|in the (?:last|past)|\b(?:months?|years?|weeks?|days?)\b|progress|refractory|resistan|failure", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                        r.Unknown("to check", $"The trial excludes some earlier treatment with {drug}, which the record lists — to check with the study team: “{item.Text}”");
                    else r.Excludes("prior therapy", $"The trial excludes earlier treatment with {drug}, which the record lists: “{item.Text}”", null);
                }
                continue;
            }
            if (!Concerns(item, f, p)) continue;
            r.Unknown("to check", $"“{item.Text}” — to check with the study team (the trial's {(item.Exclusion ? "exclusion" : "inclusion")} criterion on {Dimension(item.Dimension)}).",
                minor: item.Dimension is "brain" or "brain treatment" && f.Brain is null);
        }
        if (c.ParseIncomplete) r.Unknown("eligibility", "Part of the trial's eligibility text could not be read — check it with the study team.");
        if (c.EligibilityMissing) r.Unknown("eligibility", "The registry record lists no eligibility criteria — ask the study team.");
        if (c.AlsoRequired is { } also) r.Unknown("other requirement", $"The trial also requires {also} — not recorded.");
        if (c.MeasurableDiseaseRequired) r.Unknown("measurable disease", "Requires measurable disease (RECIST) — not recorded.", minor: true);
        if (c.TissueRequired) r.Unknown("tumour tissue", "Asks for tumour tissue (archival sample or new biopsy) — not recorded.", minor: true);
        if (!trial.IsOpen) r.Info("status", $"Not recruiting ({trial.Status.Replace('_', ' ').ToLowerInvariant()}).");

        // ---- verdict and score
        var verdict = !relevant ? Verdicts.NotRelevant
            : r.ExcludeCount > 0 ? Verdicts.LikelyExcluded
            : r.UnknownCount > 0 ? Verdicts.PossiblyEligible
            : Verdicts.LikelyEligible;
        var band = verdict switch
        {
            Verdicts.LikelyEligible => 3,
            Verdicts.PossiblyEligible => 2,
            Verdicts.LikelyExcluded => 1,
            _ => 0,
        };
        double within = 0;
        if (c.AlkRequired && alkPositive) within += 4;
        within += c.Disease == DiseaseKinds.Nsclc ? 2 : c.Disease == DiseaseKinds.SolidTumours ? 1 : 0;
        if (trial.IsOpen) within += 2.5;
        if (abroad) within -= 3;
        within -= Math.Min(2, 0.5 * r.UnknownCount + 0.25 * r.MinorUnknownCount);
        if (verdict == Verdicts.LikelyExcluded) within -= Math.Min(2, r.ExcludeCount - 1);
        var score = Math.Round((band * 10 + 2 + Math.Clamp(within, -2, 8.5)) / 40.5, 4); // 0..1
        return (verdict, score, r.Reasons);
    }

    /// <summary>
    /// One named alteration the trial excludes: a positive result excludes, a negative one clears it. Not recorded: for an ALK-positive
    /// patient a primary driver (EGFR, KRAS, ROS1, RET, BRAF, MET exon 14, HER2, NTRK, …) is cleared — these practically never occur
    /// with an ALK fusion; an alteration that can appear as resistance after ALK TKIs (MET or other amplification) is "to check" after a
    /// TKI; a co-mutation that does occur with ALK (TP53, STK11, KEAP1, PIK3CA, …) is "to check".
    /// </summary>
    private static void GeneExcluded(ReasonCollector r, Facts f, MatchProfile p, TrialCriteria c, string entry)
    {
        var (gene, variant) = SplitGene(entry);
        var results = f.ResultsFor(gene);
        var fits = results.Where(b => IsPositive(b.Alteration, variant) && VariantFits(variant, b.Alteration)).ToList();
        if (fits.Count > 0)
        {
            r.Excludes("driver", $"The trial excludes {entry}; the record lists {fits[0].Gene} {fits[0].Alteration}", "GenesExcluded:" + entry);
            return;
        }
        // A positive result for the gene that is not recognisably the excluded variant ("MET amp (FISH)", "p.Thr790Met"): to check.
        var other = results.FirstOrDefault(b => IsPositive(b.Alteration, variant) && !NotADriverResult(b.Alteration));
        if (other.Gene is not null)
        {
            r.Unknown("to check", $"“{c.Quote("GenesExcluded:" + entry)}” — to check with the study team: the trial excludes {entry}, and the record lists {other.Gene} {other.Alteration}.");
            return;
        }
        // A negative result clears the exclusion only when it covers the excluded variant: the same variant, or the whole gene.
        var negative = results.FirstOrDefault(b => BiomarkerResults.IsNegative(b.Alteration) && (variant is null || VariantFits(variant, b.Alteration) || !NamesAVariant(b.Alteration)));
        if (negative.Gene is not null)
        {
            r.Meets("driver", $"The trial excludes {entry}; the record lists {negative.Gene} {negative.Alteration}.");
            return;
        }
        var amplification = variant is not null && variant.Contains("amplif", StringComparison.OrdinalIgnoreCase);
        // A bare "MET alterations" includes MET amplification, a known acquired resistance mechanism after ALK TKIs.
        var bareAfterTki = variant is null && gene == "MET" && f.Tkis.Count > 0;
        var primaryDriver = CriteriaParser.MutuallyExclusiveWithAlk.Contains(gene) && !amplification && !bareAfterTki && !(gene == "MET" && variant is not null && variant != "exon 14");
        if (f.AlkPositive && primaryDriver)
            r.Meets("driver", $"The trial excludes {entry}; not in the record, and in lung cancer an ALK fusion and {gene} alterations almost never occur together, so this exclusion is not expected to apply.");
        else if (amplification && f.AlkPositive && (p.Therapies is not null && f.Tkis.Count == 0 || gene != "MET"))
            r.Unknown("driver", $"The trial excludes {entry} — not recorded ({(gene == "MET" ? "rare before ALK TKI treatment" : "rare in ALK-positive lung cancer")}).", minor: true);
        else if (amplification && f.AlkPositive)
            r.Unknown("to check", $"“{c.Quote("GenesExcluded:" + entry)}” — to check with the study team: {entry} is not in the record, and it can appear as a resistance mechanism after ALK TKIs.");
        else if (f.AlkPositive)
            r.Unknown("to check", $"“{c.Quote("GenesExcluded:" + entry)}” — to check with the study team: the record shows no {gene} result, and {gene} alterations can occur alongside an ALK fusion.");
        else r.Unknown("driver", $"The trial excludes {entry} — not recorded.");
    }

    /// <summary>Whether a result names a specific alteration ("exon 14 skipping not detected", "T790M negative") rather than the whole gene ("negative", "wild-type").</summary>
    private static bool NamesAVariant(string alteration) =>
        System.Text.RegularExpressions.Regex.IsMatch(alteration, @"\d|exon|amplif|fusion|rearrang|skip|copy|insert|delet|overexpress", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static (string Gene, string? Variant) SplitGene(string entry)
    {
        var space = entry.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (entry, null) : (entry[..space], entry[(space + 1)..]);
    }

    /// <summary>A result showing the alteration (not negative, not untested; protein expression counts only for an overexpression criterion).</summary>
    private static bool IsPositive(string alteration, string? variant) =>
        BiomarkerResults.ShowsAlteration(alteration)
        && (!NotADriver(alteration) || variant is not null && variant.Contains("overexpression", StringComparison.Ordinal));

    /// <summary>Whether a result is the named variant ("MET exon 14" fits "exon 14 skipping"; "BRAF V600" fits "V600E"); no variant: any.</summary>
    private static bool VariantFits(string? variant, string alteration)
    {
        if (variant is null) return true;
        var a = alteration;
        bool Has(string pattern) => System.Text.RegularExpressions.Regex.IsMatch(a, pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return variant switch
        {
            "amplification" => Has(CriteriaParser.AmplificationWords),
            "exon 14" => Has(CriteriaParser.MetExon14Words),
            "exon 20" => Has(@"exon\s*20|\bex20|ins20|insertion"),
            "overexpression" => Has(@"overexpress|\bIHC\b|expression|\d\+"),
            _ => Compact(a).Contains(Compact(variant), StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>The trial's minimum age for the patient's country, where the text sets one ("≥ 19 years in the Republic of Korea"): the
    /// country's registry name ("Korea, Republic of"), its part before the comma and its common English name are looked for in the text's.</summary>
    private static (string Country, int Years)? CountryMinimumAge(TrialCriteria c, Facts f)
    {
        if (c.MinAgeByCountry is not { Count: > 0 } byCountry || f.CountryName is not { } name) return null;
        var names = new List<string> { name.ToLowerInvariant(), name.Split(',')[0].Trim().ToLowerInvariant() };
        try
        {
            if (f.Profile.Country is { Length: 2 } iso) names.Add(new RegionInfo(iso).EnglishName.ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            // not a region .NET knows
        }
        // "Republic of Korea" against "Korea, Republic of" and "South Korea": the phrase's own words, without "the", "of", "republic" …
        var known = names.SelectMany(Words).ToHashSet(StringComparer.Ordinal);
        foreach (var (phrase, years) in byCountry)
            if (Words(phrase).Where(w => !CountryFiller.Contains(w)).ToList() is { Count: > 0 } own && own.All(known.Contains))
                return (name, years);
        return null;

        static IEnumerable<string> Words(string s) => Regex.Split(s, @"[^\p{L}']+").Where(w => w.Length > 0);
    }

    private static readonly HashSet<string> CountryFiller = new(["the", "of", "republic", "democratic", "people's", "peoples", "islamic", "federal", "federation", "and", "state", "plurinational", "bolivarian"], StringComparer.Ordinal);

    /// <summary>The words of a result that show it tested for a variant kind ("mutation" by sequencing, "amplification" by copy number or
    /// FISH, "overexpression" by IHC).</summary>
    private static Regex TestsFor(string variant) => variant switch
    {
        "amplification" => AmplificationTest,
        "overexpression" => ExpressionTest,
        _ => MutationTest,
    };

    private static readonly Regex AmplificationTest = new(@"amplif|copy[- ]number|\bCN\b|\bFISH\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex ExpressionTest = new(@"\bIHC\b|immunohisto|expression", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex MutationTest = new(@"mutation|\bNGS\b|sequenc|\bPCR\b|variant|\bexon\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    private static readonly Regex BlindedTreatment = new(@"\bblind(?:ed)?\b|double-blind|\bmasked\b|or placebo|placebo or|not (?:yet )?(?:known|disclosed|unblinded)|\bunknown (?:study )?(?:drug|treatment|agent)", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    private static readonly Regex Recurrence = new(@"metasta\w*|\bmets\b|recurr\w*|relaps\w*|\b[cpyr]{0,2}M1[abc]?\d?\b|progression recorded", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    private static string? RecurrenceIn(MatchProfile p)
    {
        var texts = (p.SpreadNotes ?? []).Concat((p.Procedures ?? []).Select(x => $"{x.Kind}: {x.Name}"))
            .Concat(string.IsNullOrWhiteSpace(p.Notes) ? [] : Regex.Split(p.Notes, @"(?<=[.;!?\n])\s+"));
        // The stage text itself: "IIIB (cT4 N2 M1a)", "IB, recurrent 2025" (not "M1 ruled out", "no M1").
        if (p.Stage is { } stage && Regex.IsMatch(stage, @"(?<![A-Za-z])[cpyr]{0,2}M1|recurr|relaps", RegexOptions.IgnoreCase)
            && !Regex.IsMatch(stage, @"\b(?:no|not|without)\s+(?:\w+\s+)?M1|M1\w*\W+(?:ruled out|excluded|negative|unlikely|\?)", RegexOptions.IgnoreCase))
            return $"stage {stage}";
        foreach (var text in texts)
            foreach (var clause in Regex.Split(text, @"[.;]\s+"))
            {
                // Regional lymph nodes alone are not spread ("metastatic carcinoma in 2 of 14 lymph nodes"); a distant site beside them is.
                if (Regex.IsMatch(clause, @"lymph|\bnod(?:e|es|al)\b|\bN[123]\b|\bstation\b", RegexOptions.IgnoreCase)
                    && !Regex.IsMatch(clause, @"liver|hepatic|bone|osseous|brain|adrenal|pleura|contralateral|peritone|skin|distant|lungs? metasta", RegexOptions.IgnoreCase)) continue;
                // Risk, prevention and other cancers are not this cancer's recurrence; "to rule out" is not a finding.
                if (Regex.IsMatch(clause, @"laryngeal|\brisk\b|reduc|prevent|-free|\brule out\b|\br/o\b|micro-?metasta|\bpN1mi\b|melanoma|breast|prostate|colorectal|surveillance for|(?:recurr\w*|relaps\w*|metasta\w*|\bM1\w*)\W+(?:none|nil|no|negative|ruled out)\b|\bM0\b", RegexOptions.IgnoreCase)) continue;
                if (HealthFacts.Affirmed(Recurrence, clause) is { } words) return words;
            }
        return null;
    }

    private static readonly Regex PlasmaTest = new(@"plasma|ctDNA|cfDNA|\bliquid\b|circulating tumou?r DNA|Guardant|\bblood\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>A drug of the record (not an ALK TKI) named in an exclusion's text, outside an exception ("other than docetaxel").</summary>
    private static string? DrugNamedIn(string text, Facts f)
    {
        if (f.OtherDrugs.Count == 0) return null;
        var outsideExceptions = CheckItem.DrugText(text);
        return f.OtherDrugs.Select(d => d.NamedIn(outsideExceptions)).FirstOrDefault(n => n is not null);
    }

    /// <summary>One of the record's other drugs with its patterns, built once per patient (<see cref="Facts.OtherDrugs"/>): its own
    /// name (what is shown), and for a brand its generic ("Trodelvy" is "sacituzumab govitecan") and the generic's payload word.</summary>
    private sealed record OtherDrug(string Drug, string? GenericName, Regex Name, Regex? Generic, Regex? Payload)
    {
        private static readonly Regex PayloadTalk = new(@"-based|payload|conjugate", RegexOptions.IgnoreCase | RegexOptions.Compiled);

        public static OtherDrug Of(string drug)
        {
            static Regex Word(string w) => new($@"\b{Regex.Escape(w)}\b", RegexOptions.IgnoreCase);
            var generic = CancerDrugBrands.GenericOf(drug);
            return new(drug, generic, Word(drug), generic is null ? null : Word(generic),
                generic is not null && generic.Contains(' ') ? Word(generic.Split(' ')[^1]) : null);
        }

        // The payload word alone only where the criterion speaks of payloads or conjugates ("govitecan-based conjugates"):
        // "trastuzumab" is not "trastuzumab deruxtecan".
        public string? NamedIn(string text) =>
            Name.IsMatch(text) ? Drug
            : Generic is not null && (Generic.IsMatch(text) || Payload is not null && PayloadTalk.IsMatch(text) && Payload.IsMatch(text)) ? $"{Drug} ({GenericName})"
            : null;
    }

    /// <summary>Whether an unread criterion could matter for this patient: an exclusion about earlier treatment cannot exclude someone
    /// never treated; one about brain metastases cannot exclude someone known to have none; one about squamous or other histology
    /// cannot exclude a recorded adenocarcinoma.</summary>
    private static bool Concerns(CheckItem item, Facts f, MatchProfile p) => item.Dimension switch
    {
        "therapy" when item.Exclusion => p.Therapies is not { Count: 0 },
        // "Prior treatment with docetaxel": a named drug is looked for in the record (CheckItem.EarlierDrug); only a class of
        // chemotherapy ("prior platinum-based chemotherapy") concerns every patient who had some.
        "chemotherapy" => f.Chemo is null || f.Chemo == true && (Regex.IsMatch(CheckItem.DrugText(item.Text), @"chemotherap|platinum|cytotoxic|taxane")
            || DrugNamedIn(item.Text, f) is not null),
        "immunotherapy" => f.Immunotherapy != false,
        "brain" => f.Brain != "none",
        "leptomeningeal" => f.Brain is "leptomeningeal",
        CheckItem.PlannedOrCurrent => f.OnTreatment != true,
        CheckItem.LaterAlkTki => p.Therapies is null || f.Tkis.Count >= 2,
        CheckItem.GeneWithCondition => (item.Facts ?? []).Any(g => f.ResultsFor(g).Any(b => !BiomarkerResults.IsNegative(b.Alteration) && !BiomarkerResults.IsNoResult(b.Alteration))),
        CheckItem.Site => p.Metastases is null || (item.Facts ?? []).Any(s => HasSite(p, s)),
        // Earlier radiotherapy or surgery to the brain: for those with brain metastases whose procedures are not listed or include some.
        "brain treatment" => f.Brain != "none" && (p.Procedures is null || p.Procedures.Any(x => BrainProcedure.IsMatch(x.Name))),
        // A mixed histology ("adenosquamous", "adenocarcinoma with a small-cell component") is concerned by any histology exclusion.
        "histology" when item.Exclusion => p.Histology is null || !p.Histology.Contains("adeno", StringComparison.OrdinalIgnoreCase)
            || Regex.IsMatch(p.Histology, @"squamous|mixed|sarcomat|small[- ]cell|neuroendocrine|large[- ]cell|combined", RegexOptions.IgnoreCase),
        _ => true,
    };

    private static string Dimension(string d) => d switch
    {
        "setting" => "stage or setting",
        "one of several populations" => "which groups the trial takes",
        "driver" => "ALK or other gene alterations",
        "histology" => "histology or tumour type",
        "therapy" => "earlier or planned treatment",
        "chemotherapy" => "earlier chemotherapy",
        "immunotherapy" => "earlier immunotherapy",
        "age" => "age",
        "performance" => "performance status",
        "brain" => "brain metastases",
        "brain treatment" => "earlier treatment of brain metastases",
        "leptomeningeal" => "leptomeningeal disease",
        CheckItem.Requirement => "who the trial is for",
        CheckItem.GeneWithCondition => "a gene alteration and when it arose",
        CheckItem.LaterAlkTki => "a change to another ALK TKI",
        _ => d,
    };

    private static readonly Regex BrainProcedure = new(@"brain|cranial|cerebr|\bSRS\b|\bWBRT\b|radiosurg|gamma knife|cyberknife|intracranial|craniotomy", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>The PD-L1 assay a result names ("TPS 60% (Ventana SP263)" → "SP263"), or null.</summary>
    private static string? PdL1AssayIn(string result) =>
        Regex.Match(result, $@"\b({CriteriaParser.PdL1Assays})\b", RegexOptions.IgnoreCase) is { Success: true } m ? m.Groups[1].Value.ToUpperInvariant() : null;

    /// <summary>The percentage in a PD-L1 result ("TPS 60%", "TPS 0% (22C3)"; "negative" and "&lt;1%" are 0); null when none is given.</summary>
    private static int? PdL1Percent(string result)
    {
        if (Regex.Match(result, @"(\d{1,3})(?:\.\d+)?\s*%") is { Success: true } m) return result.Contains('<') ? 0 : int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return BiomarkerResults.IsNegative(result) ? 0 : null;
    }

    /// <summary>The EML4-ALK variant a result names ("variant 1", "v3a", "E13;A20" = 1, "E20;A20" = 2, "E6;A20" = 3, "E2;A20" = 5); null when none.</summary>
    private static string? AlkVariant(string text)
    {
        if (Regex.Match(text, @"variant\s*(\d)|\bv(\d)[ab]?\b", RegexOptions.IgnoreCase) is { Success: true } m) return m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
        if (Regex.Match(text, @"\bE(\d{1,2})[ab]?\s*[;:]\s*A20\b", RegexOptions.IgnoreCase) is { Success: true } e)
            return e.Groups[1].Value switch { "13" => "1", "20" => "2", "6" => "3", "2" => "5", _ => null };
        return null;
    }

    /// <summary>Earlier lines of systemic therapy in the record: distinct line numbers, or each therapy when lines are not numbered;
    /// ALK TKIs left out when the trial does not count them.</summary>
    private static int PriorLines(List<MatchTherapy> therapies, bool withoutTkis)
    {
        var counted = therapies.Where(t => !withoutTkis || MatchProfile.TkisIn(t.Agent).Count == 0).ToList();
        return counted.Count(t => t.Line is null) + counted.Where(t => t.Line is not null).Select(t => t.Line).Distinct().Count();
    }

    private static bool IsSquamous(string histology) =>
        System.Text.RegularExpressions.Regex.IsMatch(histology, @"(?<!non[- ]?)(?<!non)squamous", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Whether the patient's recorded histology is the one the trial requires ("small-cell", "neuroendocrine", ...).</summary>
    private static bool HistologyFits(string mine, string required) => required switch
    {
        "squamous" => IsSquamous(mine),
        "small-cell" => System.Text.RegularExpressions.Regex.IsMatch(mine, @"(?<!non[- ]?)(?<!non)small[- ]?cell|\bsclc\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
        "neuroendocrine" => mine.Contains("neuroendocrine", StringComparison.OrdinalIgnoreCase) || mine.Contains("carcinoid", StringComparison.OrdinalIgnoreCase),
        "DLL3-positive" => mine.Contains("neuroendocrine", StringComparison.OrdinalIgnoreCase) || System.Text.RegularExpressions.Regex.IsMatch(mine, @"(?<!non[- ]?)small[- ]?cell", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
        "inflammatory myofibroblastic tumour" => mine.Contains("myofibroblastic", StringComparison.OrdinalIgnoreCase),
        _ => mine.Contains(required, StringComparison.OrdinalIgnoreCase),
    };

    private static bool HasSite(MatchProfile p, string site) =>
        p.Metastases!.Any(m => m.Site.Contains(site, StringComparison.OrdinalIgnoreCase) || site == "lung" && m.Site.Contains("pleura", StringComparison.OrdinalIgnoreCase));

    private static bool Had(List<MatchTherapy> therapies, string agent)
    {
        var tki = MatchProfile.CanonicalTki(agent);
        return therapies.Any(t => t.Agent.Contains(agent, StringComparison.OrdinalIgnoreCase) || MatchProfile.TkisIn(t.Agent).Contains(tki));
    }

    private static string Compact(string s) => s.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    /// <summary>A specific variant named (a protein change "G12D", an exon, an amplification), so not the trial's one.</summary>
    private static bool OtherVariant(string alteration) =>
        System.Text.RegularExpressions.Regex.IsMatch(alteration, @"\b[A-Z]\d{2,4}(?:[A-Z]|del|ins|fs)\b|\bexon\s*\d+|amplif|fusion|rearrang|deletion|insertion", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static string Agents(List<MatchTherapy> therapies) => string.Join(", ", therapies.Select(t => t.Agent).Distinct());

    private static string Countries(IReadOnlyList<string> c) => c.Count <= 5 ? string.Join(", ", c) : string.Join(", ", c.Take(5)) + $" and {c.Count - 5} more";

    /// <summary>A result that does not show a driver: not tested, pending, of unknown significance, or protein expression (IHC).</summary>
    private static bool NotADriverResult(string alteration) => BiomarkerResults.IsNoResult(alteration) || NotADriver(alteration);

    /// <summary>A result that names no driver alteration: a variant of uncertain significance, or protein expression.</summary>
    private static bool NotADriver(string alteration) =>
        System.Text.RegularExpressions.Regex.IsMatch(alteration, @"\bVUS\b|uncertain significance|\bIHC\b|overexpress|expression",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Oncogenic drivers of lung cancer other than ALK (co-mutations such as TP53, STK11 or KEAP1 are not drivers).</summary>
    private static readonly HashSet<string> OtherDriverGenes = new(StringComparer.OrdinalIgnoreCase)
        { "EGFR", "KRAS", "ROS1", "RET", "BRAF", "MET", "HER2", "ERBB2", "NTRK", "NTRK1", "NTRK2", "NTRK3", "NRG1", "NRAS" };

    private static readonly string[] StageOrder = ["IA1", "IA2", "IA3", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB"];

    /// <summary>True when the patient's stage group overlaps the trial's ("IV" fits "IVB"; "IB" fits "I").</summary>
    public static bool StageFits(string stage, IReadOnlyCollection<string> allowed) => StageGroupsOf(stage).Any(allowed.Contains);

    private static List<string> StageGroupsOf(string stage)
    {
        // "IIB (pT3 N0 M0), resected": the stage group, not the TNM or the words after it.
        var group = System.Text.RegularExpressions.Regex.Replace(stage, @"\([^)]*\)|[,;].*$", " ").Trim();
        var mine = CriteriaParser.Expand(group.Length > 0 ? group : stage);
        return mine.Count > 0 ? mine : StageOrder.Where(s => s.StartsWith(group, StringComparison.Ordinal)).ToList();
    }

    private static string StageRange(List<string> stages) =>
        stages.Count == 1 ? stages[0] : Contiguous(stages) ? $"{stages[0]}–{stages[^1]}" : string.Join(", ", stages);

    private static bool Contiguous(List<string> stages)
    {
        var idx = stages.Select(s => Array.IndexOf(StageOrder, s)).ToList();
        return idx.Zip(idx.Skip(1)).All(p => p.Second == p.First + 1);
    }

    /// <summary>A country name reduced for comparison: lower case, no accents or brackets, and the registry's and ISO's spellings joined
    /// ("Turkey (Türkiye)" = "Türkiye" = "Turkey", "Korea, Republic of" = "South Korea", "Russian Federation" = "Russia", "Viet Nam" = "Vietnam").</summary>
    public static string CountryKey(string name) => CountryKeys.GetOrAdd(name, ComputeCountryKey);

    // A few hundred distinct names at most; matching asks for them 100,000s of times per ranking.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> CountryKeys = new(StringComparer.Ordinal);

    private static string ComputeCountryKey(string name)
    {
        var d = name.Normalize(System.Text.NormalizationForm.FormD);
        var sb = new System.Text.StringBuilder();
        foreach (var ch in d)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(char.ToLowerInvariant(ch));
        var s = System.Text.RegularExpressions.Regex.Replace(sb.ToString(), @"\([^)]*\)", " ");
        s = System.Text.RegularExpressions.Regex.Replace(s, @"[^a-z ]+", " ");
        s = System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ").Trim();
        return s switch
        {
            "turkiye" or "republic of turkiye" or "republic of turkey" => "turkey",
            "russian federation" => "russia",
            "korea republic of" or "republic of korea" or "korea south" or "korea" => "south korea",
            "korea democratic people s republic of" or "democratic people s republic of korea" => "north korea",
            "czech republic" => "czechia",
            "viet nam" => "vietnam",
            "iran islamic republic of" or "islamic republic of iran" => "iran",
            "taiwan province of china" or "taiwan roc" or "republic of china" => "taiwan",
            "hong kong sar" or "hong kong sar china" or "hong kong china" => "hong kong",
            "macau" or "macao sar" or "macao sar china" => "macao",
            "united states of america" or "usa" or "us" or "u s" or "u s a" or "america" => "united states",
            "united kingdom of great britain and northern ireland" or "uk" or "u k" or "gb" or "great britain" or "britain" or "england" or "scotland" or "wales" or "northern ireland" => "united kingdom",
            "moldova republic of" or "republic of moldova" => "moldova",
            "syrian arab republic" => "syria",
            "lao people s democratic republic" => "laos",
            "tanzania united republic of" => "tanzania",
            "venezuela bolivarian republic of" => "venezuela",
            "bolivia plurinational state of" => "bolivia",
            "north macedonia" or "macedonia the former yugoslav republic of" => "macedonia",
            _ => s,
        };
    }

    private static readonly Dictionary<string, string> CountryAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["KR"] = "South Korea", ["TW"] = "Taiwan", ["RU"] = "Russian Federation", ["IR"] = "Iran, Islamic Republic of", ["GB"] = "United Kingdom",
        ["US"] = "United States", ["UK"] = "United Kingdom", ["CZ"] = "Czechia", ["TR"] = "Turkey", ["HK"] = "Hong Kong", ["VN"] = "Vietnam", ["MO"] = "Macao",
    };

    /// <summary>
    /// The patient's country as ClinicalTrials.gov names it, whatever form the record or profile gives: an ISO 3166-1 alpha-2 or
    /// alpha-3 code ("US", "USA", "GB"), the common "UK", or a name in any case ("UNITED KINGDOM", "United States"). Null when empty.
    /// </summary>
    public static string? PatientCountryName(string? country)
    {
        if (string.IsNullOrWhiteSpace(country)) return null;
        var s = country.Trim();
        if (s.Length == 2 && CountryName(s) is { } byIso2) return byIso2;
        if (s.Length == 3 && s.All(char.IsAsciiLetter) && Iso3.Value.TryGetValue(s, out var iso2) && CountryName(iso2) is { } byIso3) return byIso3;
        return s;
    }

    private static readonly Lazy<Dictionary<string, string>> Iso3 = new(() =>
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                var region = new RegionInfo(culture.Name);
                map.TryAdd(region.ThreeLetterISORegionName, region.TwoLetterISORegionName);
            }
            catch (ArgumentException)
            {
                // a culture without a region
            }
        }
        map.TryAdd("USA", "US");
        map.TryAdd("GBR", "GB");
        return map;
    });

    /// <summary>ClinicalTrials.gov's English country name for an ISO 3166-1 alpha-2 code ("US" → "United States").</summary>
    public static string? CountryName(string? iso)
    {
        if (string.IsNullOrWhiteSpace(iso)) return null;
        if (CountryAliases.TryGetValue(iso, out var alias)) return alias;
        try
        {
            return new RegionInfo(iso).EnglishName;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
