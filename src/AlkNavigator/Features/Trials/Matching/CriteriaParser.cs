using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// Eligibility text → <see cref="TrialCriteria"/>, once at import (deterministic, offline; every regex compiled once).
/// Reads the conditions, titles and keywords for the disease, and each inclusion / exclusion item for the rest: the same words
/// mean opposite things in the two lists ("ALK rearrangement" required vs excluded). Items under a cohort heading for patients
/// without a driver ("Subjects without actionable genomic alterations:") are set aside when another cohort takes drivers.
/// </summary>
public static partial class CriteriaParser
{
    /// <summary>Parses the trial's eligibility and conditions; writes trial.CriteriaJson and trial.Categories.</summary>
    public static void Apply(Trial trial)
    {
        var c = Parse(trial);
        trial.CriteriaJson = c.ToJson();
        try
        {
            trial.Categories = string.Join('|', CategoriesOf(c, trial));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            trial.Categories = "";
        }
    }

    /// <summary>An exclusion whose subject is earlier or planned treatment ("Prior whole brain radiotherapy …", "Planned resection of a
    /// brain metastasis"), read where it concerns the brain.</summary>
    [GeneratedRegex(@"^\W*(?:(?:any|a)\s+)?(?:prior|previous|history of|planned|scheduled|need for)\s+(?:\w+[- ]){0,3}(?:radiotherapy|radiation|irradiation|radiosurgery|SRS\b|WBRT\b|neurosurgery|surgery|resection)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EarlierBrainTreatment { get; }

    /// <summary>The one cohort for ALK-positive cancer when every other cohort is for another driver (its index), else null.</summary>
    private static int? TheAlkCohort(IReadOnlyList<string> cohorts)
    {
        var alk = cohorts.Select((text, k) => (text, k)).Where(x => Alk.IsMatch(x.text)).ToList();
        return alk.Count == 1 && cohorts.Count(x => Drivers.IsMatch(x) && !Alk.IsMatch(x)) == cohorts.Count - 1 ? alk[0].k : null;
    }

    /// <summary>A number of brain metastases ("at least 5 and no more than 15 brain metastases", "1-3 brain metastases").</summary>
    [GeneratedRegex(@"(?:at least|between|up to|no more than|not more than|fewer than|a maximum of|maximum of|≤|<=|<)\s*\d+\s*(?:(?:and|to)\s+(?:no more than\s+|not more than\s+|up to\s+|at most\s+)?\d+\s+)?(?:(?:untreated|treated|asymptomatic|symptomatic|measurable|active|stable|new|newly|diagnosed|progressing|previously|irradiated|non-irradiated|intact|parenchymal|and|or|,)\s+){0,3}(?:brain|intracranial|CNS|cerebral)\s+metasta|\b\d+\s*(?:-|–|to)\s*\d+\s+(?:(?:untreated|treated|asymptomatic|symptomatic|measurable|active|stable|new|newly|diagnosed|progressing|previously|irradiated|non-irradiated|intact|parenchymal|and|or|,)\s+){0,3}(?:brain|intracranial|CNS|cerebral)\s+metasta", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BrainCount { get; }

    /// <summary>An exclusion of earlier treatment with some drugs ("Prior treatment with …", "Previous exposure to …", "Receipt of prior …").</summary>
    [GeneratedRegex(@"^\W*(?:any\s+)?(?:prior|previous|earlier)\s+(?:systemic\s+)?(?:treatment|therapy|exposure|receipt|use)\s+(?:with|to|of)\b|^\W*(?:receipt of|received|treatment with)\s+(?:any\s+)?(?:prior|previous)\b|^\W*(?:prior|previous)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:therapy|treatment)\s+with\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PriorDrugExclusion { get; }

    /// <summary>A cohort's label at the start of its rule ("Cohort 2a:", "Arm B)", "Cohort B1 –", "Part A (dose escalation):").</summary>
    [GeneratedRegex(@"\b(?:cohort|arm|part|group)\s*[A-Z0-9]{1,3}\s*(?:\([^()]{0,80}\)\s*)?(?:[:)]|[–—]\s|-\s)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CohortLabel { get; }

    /// <summary>A rule limited to some cohorts, arms or parts of the study ("(Cohorts A and B only)", "Part 2 only", "for cohort 1 only").</summary>
    [GeneratedRegex(@"\b(?i:cohorts?|arms?|parts?|groups?)\s+[A-Z0-9]{1,3}(?:\s*(?:,|and|or|&|/)\s*[A-Z0-9]{1,3})*\s+(?i:only)\b|\b(?i:only\s+(?:for|in|applies to)\s+(?:the\s+)?(?:cohorts?|arms?|parts?|groups?))\s+[A-Z0-9]{1,3}\b|\((?i:(?:for |in )?(?:cohorts?|arms?|parts?))\s+[A-Z0-9]{1,3}(?:\s*(?:,|and|or|&|/)\s*[A-Z0-9]{1,3})*\)", RegexOptions.CultureInvariant)]
    private static partial Regex CohortsOnly { get; }

    /// <summary>Recurrence or relapse after curative treatment is what the trial is for ("disease recurrence during or after adjuvant
    /// ALK TKI therapy", "relapsed after complete resection").</summary>
    [GeneratedRegex(@"\b(?:recurren\w*|relaps\w*|recurred)\b[^.;]{0,80}\b(?:during|after|following|while on|since)\s+(?:\w+[- ]){0,4}(?:adjuvant|resection|surgery|definitive|curative|chemoradiation)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RecurrenceAfterCurative { get; }

    /// <summary>Drug classes aimed at ALK that are not ALK TKIs (degraders, antibody-drug conjugates, vaccines, cell therapies).</summary>
    [GeneratedRegex(@"degrader|PROTAC|antibody[- ]drug conjugate|\bADCs?\b|vaccine|\bCAR[- ]?T\b|cell therap|radioligand", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotTkiClass { get; }

    /// <summary>An exclusion whose subject is a condition or a reaction ("History of ILD, drug-induced pneumonitis …", "known hypersensitivity
    /// to …", "intolerance to …"), which may name the drug that caused it.</summary>
    [GeneratedRegex(@"^\W*(?:(?:a |any )?(?:history of|prior|previous|known|current|active)(?:\s+(?:or|and/or)\s+(?:history of|prior|previous|known|current|active))?\s+)?(?:\w+[- ])?(?:ILD\b|interstitial lung|pneumonitis|hypersensitivit|allerg|intoleran|severe (?:toxicit|adverse))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConditionHistory { get; }

    /// <summary>The text without bracketed asides that permit something ("(crizotinib given as an ALK inhibitor is allowed)").</summary>
    private static string WithoutPermittedAsides(string t) => t.Contains('(') ? PermittedAside.Replace(t, " ") : t;

    [GeneratedRegex(@"\([^()]*\b(?:allowed|permitted|eligible|acceptable)\b[^()]*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PermittedAside { get; }

    [GeneratedRegex(@"^\W*(?:(?:post|pre|peri)-?menopausal\s+)?(?:female|women|woman)(?:\s+(?:sex|gender|only|patients|participants|subjects|pts))?\s*(?:[.;,:]|$)|^\W*(?:post|pre|peri)-?menopausal (?:women|females?)\b|\b(?:women|females?) only\b|\b(?:male|men) (?:pts|patients|participants|subjects) (?:are|will) not (?:be )?(?:enrolled|eligible|included)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FemaleOnly { get; }

    [GeneratedRegex(@"^\W*(?:male|men|man)(?:\s+(?:sex|gender|only|patients|participants|subjects|pts))?\s*(?:[.;,:]|$)|\b(?:men|males?) only\b|\b(?:female|women) (?:pts|patients|participants|subjects) (?:are|will) not (?:be )?(?:enrolled|eligible|included)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaleOnly { get; }

    [GeneratedRegex(@"(?:no more than|not more than|≤|<=|up to|at most|a maximum of|maximum of)\s*(one|two|three|1|2|3)\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)\s+of\s+(?:\w+\s+){0,2}(?:systemic|anti-?cancer|cancer)\s+(?:therap|treatment)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtMostLines { get; }

    [GeneratedRegex(@"(?:more than|greater than|>(?!=))\s*(one|two|three|1|2|3)\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)\s+of\s+(?:\w+\s+){0,2}(?:systemic|anti-?cancer|cancer)\s+(?:therap|treatment)|\b(one|two|three|1|2|3)\s+or more\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)\s+of\s+(?:\w+\s+){0,2}(?:systemic|anti-?cancer|cancer)\s+(?:therap|treatment)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MoreLines { get; }

    /// <summary>One eligibility item: its text, whether it is an exclusion, and the heading it sits under (or null).</summary>
    public sealed class Item(string text, bool exclusion, string? parent)
    {
        public string Text { get; } = text;
        public bool Exclusion { get; } = exclusion;
        public string? Parent { get; } = parent;
        private string Lower { get; } = text.ToLowerInvariant();
        private string? _stripped;
        private bool? _namesOtherCancer, _benign;
        private Match? _subPopulation;

        // Answers several readers ask of the same item, worked out once per item (the regexes are most of an import's CPU).
        /// <summary>The text without its bracketed asides (<see cref="Strip"/>).</summary>
        internal string Stripped => _stripped ??= Strip(Text);
        /// <summary>OtherCancerName.IsMatch(Stripped): the item names a cancer other than lung cancer (outside brackets).</summary>
        internal bool NamesOtherCancer => _namesOtherCancer ??= OtherCancerName.IsMatch(Stripped);
        /// <summary>ExclusionBenign.IsMatch(Text): timing, toxicity or other-cancer wording.</summary>
        internal bool Benign => _benign ??= ExclusionBenign.IsMatch(Text);
        /// <summary>SubPopulation.Match(Text): where another population of the study is named.</summary>
        internal Match SubPopulationMatch => _subPopulation ??= SubPopulation.Match(Text);

        /// <summary>A cheap gate before the regexes: does the item contain any of these lower-case words?</summary>
        internal bool Mentions(string[] words)
        {
            foreach (var w in words)
                if (Lower.Contains(w, StringComparison.Ordinal)) return true;
            return false;
        }

        public override string ToString() => (Exclusion ? "exclusion: " : "inclusion: ") + Text;
    }

    // Words that must appear for a family of regexes to have anything to find (each list covers every regex of its family).
    private static readonly string[] AlkOrDriverWords = ["alk", "anaplastic", "actionable", "targetable", "druggable", "sensiti", "driver", "oncogen", "genomic", "molecular", "targeted", "aga"];
    private static readonly string[] SettingWords = ["metasta", "advanced", "resect", "stage", "recurren", "relapsed", "refractory", "incurable", "curative", "surg", "radical", "definitive", "operable", "adjuvant", "early", "lobectomy"];
    private static readonly string[] TherapyWords = ["prior", "previous", "receiv", "progress", "treat", "therap", "chemo", "platin", "naive", "naïve", "refractory", "relapsed", "line", "fail", "standard", "exhaust", "intoleran", "exist", "pd-", "pd1", "pdl1", "immun", "checkpoint", "ici", "mab", "currently", "actively", "presently", "tki", "inhibitor", "tinib", "alkib", "nvl", "tpx", "xalkori", "zykadia", "alecensa", "alunbrig", "lorbrena", "lorviqua", "ensacove", "regimen", "no longer", "option", "docetaxel", "pemetrexed", "resist"];
    private static readonly string[] ExclusionTherapyWords = ["prior", "previous", "receiv", "chemo", "tinib", "alkib", "nvl", "tpx", "exposure", "treated", "xalkori", "zykadia", "alecensa", "alunbrig", "lorbrena", "lorviqua", "ensacove"];
    private static readonly string[] BrainWords = ["brain", "cns", "central nervous", "intracranial", "cerebral", "cranial", "mening"];
    private static readonly string[] EcogWords = ["ecog", "eastern", "zubrod", "who", "performance", "ps", "karnofsky", "kps"];
    private static readonly string[] CancerWords = ["cancer", "carcinoma", "nsclc", "tumo", "malignan", "neoplas", "lymphoma", "leuk", "melanoma", "sarcoma"];
    private static readonly string[] OtherWords = ["veteran", "vha", "va ", "cm", "measurable", "recist", "tissue", "biopsy", "specimen", "sample"];

    // ------------------------------------------------------------------ parsing

    /// <summary>The structured criteria of a trial (reads conditions, titles, keywords, ages, sex and the eligibility items).</summary>
    /// <remarks>Never throws: text the parser stops on leaves the criteria read so far, with <see cref="TrialCriteria.ParseIncomplete"/> set.</remarks>
    public static TrialCriteria Parse(Trial trial)
    {
        var c = new TrialCriteria { MinAge = trial.MinAgeYears, MaxAge = trial.MaxAgeYears };
        if (trial.Sex is "FEMALE" or "MALE") c.Sex = trial.Sex;
        try
        {
            ParseInto(trial, c);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            c.ParseIncomplete = true;
            Truncate(c);
        }
        return c;
    }

    private static void ParseInto(Trial trial, TrialCriteria c)
    {
        var items = Items(trial);
        c.EligibilityMissing = items.Count == 0;

        var header = string.Join(" | ", new[] { trial.Conditions, trial.Title, trial.OfficialTitle, trial.Keywords }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var conditions = (trial.Conditions ?? "").Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var inclusion = items.Where(i => !i.Exclusion).ToList();
        var exclusion = items.Where(i => i.Exclusion).ToList();

        // Cohorts for patients without a driver are set aside when the trial also takes patients with one.
        var driverCohort = inclusion.Any(i => i.Mentions(AlkOrDriverWords) && IsDriverPositive(i.Text));
        bool NoDriverCohort(string? heading) => heading is not null && GenericDriverNegative.IsMatch(heading) && !GenericDriverPositive.IsMatch(heading);
        bool SetAside(Item i) => driverCohort && (NoDriverCohort(i.Parent) || i.Text.TrimEnd().EndsWith(':') && NoDriverCohort(i.Text));
        inclusion = inclusion.Where(i => !SetAside(i)).ToList();
        // An exclusion that applies to some cohorts only ("Leptomeningeal disease (Cohorts A and B only)"): the patient may belong to
        // another, so it is to check, never a plain exclusion.
        foreach (var i in exclusion.Where(i => CohortsOnly.IsMatch(i.Text)).ToList())
        {
            exclusion.Remove(i);
            c.ToCheck.Add(new CheckItem(Brain.IsMatch(i.Text) || Rx(@"leptomening|\bCNS\b").IsMatch(i.Text) ? "brain" : "a cohort's rule", true, i.Text));
            c.Understood.Add(i.Text);
        }

        c.Disease = Disease(header, conditions, trial.Title + " " + trial.OfficialTitle, inclusion, exclusion);
        if (c.Sex is null && inclusion.FirstOrDefault(i => FemaleOnly.IsMatch(i.Text) != MaleOnly.IsMatch(i.Text)) is { } sexItem)
        {
            // "Female sex. … male pts are not enrolled", "Women only": the registry's sex field left at "all".
            c.Sex = FemaleOnly.IsMatch(sexItem.Text) ? "FEMALE" : "MALE";
            c.Understood.Add(sexItem.Text);
        }

        // ---- ALK and other drivers
        foreach (var i in exclusion)
        {
            // "ALK-independent resistance mechanism (e.g. MET amplification)" is about that mechanism, not ALK-positive cancer.
            // A drug code with ALK inside it ("Prior treatment with LM-ALK-301") names the study drug.
            if (!i.Mentions(AlkOrDriverWords)) continue;
            var t = Rx(@"\b[A-Z][A-Z0-9]*-ALK-?\d+\b|\bALK-\d{2,}\b").Replace(Rx(@"\bALK[- ](?:in)?dependent\b").Replace(i.Text, "target-independent"), "the study drug");
            if (t != i.Text && !Alk.IsMatch(t)) c.Understood.Add(i.Text);
            if (OtherThanAlk.IsMatch(t))
            {
                c.Understood.Add(t); // "a driver other than ALK": the other drivers, not ALK
                if (GenericDriver.IsMatch(t) || Drivers.IsMatch(t) || Rx(@"driver|alteration|mutation|fusion|rearrangement|aberration").IsMatch(t))
                    Flag(c, nameof(TrialCriteria.OtherDriverExcluded), i);
                continue;
            }
            // "ALK-negative disease", "unknown ALK status" among the exclusions: the trial is for ALK-positive cancer.
            if (Alk.IsMatch(t) && !IsOnlyAlkTherapy(t) && ExcludesAlkNegative(t))
            {
                Flag(c, nameof(TrialCriteria.AlkRequired), i);
                continue;
            }
            // "Documented ALK G1202R", "compound ALK mutations": resistance mutations (GenesOf), not ALK-positive cancer as such.
            var alkAlteration = Alk.IsMatch(t) && !IsOnlyAlkTherapy(t) && !(IsAlkMutationItem(t) && !GenericDriver.IsMatch(t));
            var otherThan = OtherThanGene.Match(t);
            // Examples make a class generic ("driver alterations (e.g. EGFR, ROS1)") only when the text outside them names no driver:
            // "EGFR sensitising mutation (e.g. exon 19 deletion or L858R)" lists variants of one gene.
            var genericDriver = GenericDriver.IsMatch(t) && (otherThan.Success || !Drivers.IsMatch(t) || Alk.IsMatch(t)
                || (t.Contains("e.g", StringComparison.OrdinalIgnoreCase) || t.Contains("such as", StringComparison.OrdinalIgnoreCase)) && !Drivers.IsMatch(Examples.Replace(t, " "))
                || Rx(@"\b(?:or|and|and/or)\s+(?:any\s+)?other\s+(?:known\s+)?(?:actionable|targetable|druggable|driver|oncogenic)").IsMatch(t));
            if (alkAlteration || genericDriver && !Rx(@"\bunknown\b").IsMatch(t))
                Flag(c, nameof(TrialCriteria.AlkExcluded), i);
            // "Prior ALK-targeted degrader", "ALK-directed antibody-drug conjugate": another class of drug, not the ALK TKIs (left to check).
            // "Prior MET inhibitor (crizotinib given as an ALK inhibitor is allowed)": what an aside permits is not excluded; "History of
            // drug-induced ILD (including on a prior ALK TKI)": the exclusion is the condition, not the drug that caused it.
            if (AlkTherapy.IsMatch(WithoutPermittedAsides(t)) && PriorWord.IsMatch(t) && !(NotTkiClass.IsMatch(t) && !Tki.IsMatch(t) && !Rx(@"\bTKIs?\b|tyrosine kinase|inhibitor").IsMatch(t))
                && !ConditionHistory.IsMatch(t)
                // "Prior ALK TKIs are governed by the washout criterion above and not by this criterion": a pointer, not an exclusion.
                && !Sentences(t).Where(x => AlkTherapy.IsMatch(x)).All(x => Rx(@"governed by|covered by|addressed (?:by|in)|(?:not|instead) (?:by|under) this criterion|\bsee (?:the )?(?:\w+ )?(?:criterion|criteria|exclusion|inclusion)").IsMatch(x)))
                ExcludedAlkTherapy(c, i);
        }
        foreach (var i in exclusion)
            if (ConcurrentTherapy.IsMatch(i.Text) && !OtherCancerName.IsMatch(i.Text) && !Rx(@"malignan|another (?:primary )?(?:cancer|tumou?r)|second (?:primary )?(?:cancer|tumou?r)|steroid|immunosuppress").IsMatch(i.Text))
            {
                // Not "understood": "Current or prior systemic therapy" also excludes earlier treatment, which the other readers judge.
                c.ConcurrentTherapyExcluded = true;
                c.Quotes.TryAdd(nameof(TrialCriteria.ConcurrentTherapyExcluded), i.Text);
            }
        var alkExcludedByInclusion = false;
        var alkRequiredByInclusion = false;
        foreach (var i in inclusion)
        {
            var t = i.Text;
            if (!i.Mentions(AlkOrDriverWords)) continue;
            // "NOTE: patients with ALK fusion-positive NSCLC are not eligible for any cohort": stated, whatever cohorts the item lists.
            if (Alk.IsMatch(t) && Sentences(t).Any(s => Rx(@"\b(?:patients|participants|subjects|those|people)\s+(?:with|harbou?ring)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?ALK[- ]?(?:fusion|rearrang\w*|translocation|positive|\+|gene|alteration)(?:(?!\b(?:and|who|whose|with|without|if|unless)\b)[^.;]){0,60}?\b(?:are|is|will be)\s+(?:not\s+(?:be\s+)?eligible|ineligible|excluded)").Match(s) is { Success: true } m
                    && !AlkTherapy.IsMatch(m.Value) && !Tki.IsMatch(m.Value) && !Rx(@"mutation|G1202|L1196|resistan|\bfor (?:cohort|arm|part|group)\s+(?!of\b)\w|\bunless\b|\bexcept|\bif\b|\buntil\b").IsMatch(m.Value + s[(m.Index + m.Length)..])))
            {
                Flag(c, nameof(TrialCriteria.AlkExcluded), i);
                alkExcludedByInclusion = true;
            }
            // "Note: patients without a detectable ALK mutation are not eligible" is a double negative: a requirement.
            else if (Alk.IsMatch(t) && Sentences(t).Any(s => (AlkNegated(s) || AlkNegatedInList(s)) && !StatedExcluded.IsMatch(s) && !Rx(@"\bnot eligible\b|\bineligible\b").IsMatch(s))
                && !OtherThanAlk.IsMatch(t) && !AlkTherapy.IsMatch(t))
            {
                Flag(c, nameof(TrialCriteria.AlkExcluded), i);
                alkExcludedByInclusion = true;
            }
            // Not a rule for those without a driver ("Participants without an actionable alteration must also have received …"), nor a
            // list of what is permitted ("(including no treatment, chemotherapy, targeted therapy …)").
            else if (KeptSentences(Examples.Replace(t, " "), x => !NoDriverSubgroup.IsMatch(x)) is var own
                && (GenericDriverNegative.IsMatch(own) || NotEligibleTargeted.IsMatch(own)) && !GenericDriverPositive.IsMatch(t) && !OtherThanAlk.IsMatch(t))
            {
                Flag(c, nameof(TrialCriteria.AlkExcluded), i);
                alkExcludedByInclusion = true;
            }
            else if (Alk.IsMatch(t) && AlkAlteration.IsMatch(t) && !AlkNegated(AlkTherapy.Replace(t, " "))
                && Sentences(t).Any(x => Alk.IsMatch(x) && !SubgroupSentence.IsMatch(x)))
            {
                Flag(c, nameof(TrialCriteria.AlkRequired), i);
                alkRequiredByInclusion = true;
            }
        }
        // The title as a whole; each condition and keyword on its own ("ALK Negative" among the keywords is not an ALK trial).
        var headerAlk = Alk.IsMatch(trial.Title ?? "") && !Negation.IsMatch(trial.Title ?? "")
            || (trial.Conditions ?? "").Split('|').Concat((trial.Keywords ?? "").Split('|')).Any(part => Alk.IsMatch(part) && !IsAlkNegativePart(part));
        if (headerAlk && !(alkExcludedByInclusion && !alkRequiredByInclusion)) c.AlkRequired = true;
        // An ALK trial's generic "no other driver" exclusion is about the other drivers; an inclusion asking for ALK-negative disease stands.
        if (c.AlkRequired && !alkExcludedByInclusion && !exclusion.Any(i => i.Mentions(AlkOrDriverWords) && Alk.IsMatch(i.Text) && !OtherThanAlk.IsMatch(i.Text) && !IsOnlyAlkTherapy(i.Text)
                && !IsAlkMutationItem(i.Text) && !ExcludesAlkNegative(i.Text)))
        {
            if (c.AlkExcluded && !c.OtherDriverExcluded && c.Quote(nameof(TrialCriteria.AlkExcluded)) is { } driverQuote)
            {
                c.OtherDriverExcluded = true;
                c.Quotes.TryAdd(nameof(TrialCriteria.OtherDriverExcluded), driverQuote);
            }
            c.AlkExcluded = false;
            c.Quotes.Remove(nameof(TrialCriteria.AlkExcluded));
        }
        if (!c.AlkRequired) c.OtherDriverRequired = OtherDriver(trial, inclusion, c);

        // ---- stage and setting
        // A trial for recurrence after curative treatment ("recurrence during or after adjuvant ALK TKI therapy"): the resected stage
        // an item names is the disease's history, not the stage now.
        var forRecurrence = inclusion.Any(i => RecurrenceAfterCurative.IsMatch(i.Text));
        var stageItems = inclusion.Where(i => i.Mentions(SettingWords) && (!i.NamesOtherCancer || Lung.IsMatch(i.Text))
            && !(forRecurrence && !RecurrenceAfterCurative.IsMatch(i.Text) && Rx(@"\bresect|\bsurgery\b|\badjuvant\b").IsMatch(i.Text))).ToList();
        var stages = new HashSet<string>();
        foreach (var i in stageItems)
        {
            var found = StagesTaken(i.Text);
            if (found.Count == 0) continue;
            // "advanced (stage III not eligible for resection) or metastatic NSCLC": the stage defines "advanced"; metastatic is stage IV.
            if (!found.Any(s => s.StartsWith("IV", StringComparison.Ordinal)) && OrMetastatic.IsMatch(i.Stripped))
                found.AddRange(["IVA", "IVB"]);
            stages.UnionWith(found);
            c.Quotes.TryAdd(nameof(TrialCriteria.Stages), i.Text);
            c.Understood.Add(i.Text);
        }
        c.Stages = StageOrder.Where(stages.Contains).ToList();
        var diseaseItems = stageItems.Where(i => DiseaseStatement.IsMatch(i.Text) && !Brain.IsMatch(i.Text) && !Tissue.IsMatch(i.Text)).ToList();
        bool anyAdvanced = false, anyEarly = false;
        foreach (var i in diseaseItems)
        {
            var t = i.Text;
            var nonMetastatic = NonMetastatic.IsMatch(t);
            // "Medically inoperable" is about the patient's fitness for surgery, not the cancer's extent.
            var extent = Rx(@"medically (?:inoperable|unresectable|unfit)|(?:declin|refus)\w* (?:\w+ )?(?:surgery|resection)").Replace(nonMetastatic ? NonMetastatic.Replace(t, " ") : t, " ");
            var advanced = Advanced.IsMatch(extent) && !Rx(@"absence of|no evidence of|without (?:\w+ )?metasta").IsMatch(t);
            // "Relapse during or after adjuvant treatment": recurrent disease, whatever the earlier setting was.
            var recurrence = RecurrenceAfterCurative.IsMatch(t);
            advanced |= recurrence;
            var early = !recurrence && (Early.IsMatch(NotCurative.Replace(t, "")) || nonMetastatic && !advanced);
            if (nonMetastatic) Flag(c, nameof(TrialCriteria.NonMetastaticRequired), i);
            if (advanced || early) c.Understood.Add(t);
            if (advanced && !anyAdvanced) c.Quotes.TryAdd(nameof(TrialCriteria.AdvancedRequired), t);
            if (early && !anyEarly) c.Quotes.TryAdd(nameof(TrialCriteria.EarlyRequired), t);
            anyAdvanced |= advanced;
            anyEarly |= early;
            if (early && NotYetResected.IsMatch(NotCurative.Replace(t, "")) && !Rx(@"\bresected\b|after (?:surgery|resection)|adjuvant(?! and)").IsMatch(t))
                Flag(c, nameof(TrialCriteria.NotYetResectedRequired), i);
        }
        if (!anyAdvanced && !anyEarly)
        {
            anyAdvanced = Advanced.IsMatch(header);
            anyEarly = Early.IsMatch(NotCurative.Replace(header, ""));
            if (anyAdvanced) c.Quotes.TryAdd(nameof(TrialCriteria.AdvancedRequired), trial.Title ?? "");
            if (anyEarly) c.Quotes.TryAdd(nameof(TrialCriteria.EarlyRequired), trial.Title ?? "");
        }
        c.AdvancedRequired = anyAdvanced && !anyEarly;
        c.EarlyRequired = anyEarly && !anyAdvanced;
        if (!c.EarlyRequired) c.NotYetResectedRequired = false;

        foreach (var i in inclusion.Where(i => i.Mentions(["metasta"])))
            foreach (Match m in SiteRequired.Matches(i.Text))
                if (!LabOrConditional.IsMatch(i.Text) && !Negation.IsMatch(Before(i.Text, m.Index)))
                    AddSite(c.SitesRequired, m.Groups[1].Value, c, "SitesRequired", i);
        foreach (Match m in SiteWord.Matches(trial.Conditions ?? ""))
            AddSite(c.SitesRequired, m.Groups[1].Value, c, "SitesRequired", new Item(trial.Conditions!, false, null));
        foreach (var i in exclusion.Where(i => i.Mentions(["metasta"])))
            foreach (Match m in SiteWord.Matches(i.Text))
                if (m.Index < 60 && !Rx(@"\bULN\b|upper limit|bilirubin|transaminase|\bAST\b|\bALT\b|\bSGOT\b|\bSGPT\b").IsMatch(i.Text)
                    && !(Rx(@"^\W*(?:[\w-]+\s+){0,3}(?:radiotherapy|radiation|irradiation|surgery|resection)").IsMatch(i.Text) && Rx(@"within \d|\b\d+\s*(?:days?|weeks?)\b").IsMatch(i.Text)))
                {
                    // "Bone metastases at high risk of fracture", "unstable spinal disease (SINS ≥ 7)", "bone metastases in a long bone unless
                    // assessed as safe for loading": some of those metastases, which the record cannot tell apart — to check for a patient who
                    // has them, not an exclusion of the site.
                    var some = Rx(@"\bunless\b[^.;]{0,80}(?:assessed|deemed|considered|documented|treated|stabili)|(?:at|of) (?:\w+ )?risk|impending|\bunstable|instability|fracture|cord compression|\bscore\b|symptomatic|painful|uncontrolled|requiring|need(?:ing)? (?:\w+ )?(?:surgery|stabili[sz]ation|radiotherapy)").IsMatch(i.Text);
                    var qualified = LabOrConditional.IsMatch(i.Text) || Rx(@"excluding|except|other than|radiotherapy|radiation|irradiat|surgery|resection|treatment (?:of|to|for)").IsMatch(i.Text);
                    if (qualified && !some) continue; // "liver metastases are allowed", "treatment of bone metastases": not an exclusion of the site
                    if (some || qualified)
                    {
                        var site = SiteName(m.Groups[1].Value);
                        // "Liver metastases, or bone metastases at risk of fracture": every site the item names, in one item.
                        var k = c.ToCheck.FindIndex(x => x.Text == i.Text && x.Dimension == CheckItem.Site);
                        if (k < 0) c.ToCheck.Add(new CheckItem(CheckItem.Site, true, i.Text) { Facts = [site] });
                        else if (!c.ToCheck[k].Facts!.Contains(site)) c.ToCheck[k] = c.ToCheck[k] with { Facts = [.. c.ToCheck[k].Facts!, site] };
                        c.Understood.Add(i.Text);
                        continue;
                    }
                    AddSite(c.SitesExcluded, m.Groups[1].Value, c, "SitesExcluded", i);
                }

        // ---- prior therapy
        // Lines of systemic therapy, whatever the drugs: "no more than 1 prior line of systemic therapy (TKIs count as a line)" among the
        // inclusions, "more than 2 prior lines of systemic therapy" among the exclusions.
        foreach (var i in inclusion.Concat(exclusion))
        {
            if (!i.Mentions(["line", "regimen"])) continue;
            var cap = i.Exclusion ? MoreLines.Match(i.Text) : AtMostLines.Match(i.Text);
            if (!cap.Success) continue;
            // "more than 2" leaves 2; "2 or more" leaves 1.
            var n = !i.Exclusion || cap.Groups[1].Success ? Number(cap.Groups[1].Value) : Number(cap.Groups[2].Value) - 1;
            if (c.MaxPriorLines is null || n < c.MaxPriorLines)
            {
                c.MaxPriorLines = n;
                c.Quotes[nameof(TrialCriteria.MaxPriorLines)] = i.Text;
                c.TkisNotCountedAsLines = Rx(@"(?:TKIs?|tyrosine kinase inhibitors?|targeted therap\w*)[^.;]{0,30}(?:do|does|will|shall)? not count|not (?:be )?counted").IsMatch(i.Text);
            }
        }
        var position = new Dictionary<Item, int>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < items.Count; k++) position[items[k]] = k;
        // "Cohort A (lorlatinib-resistant): progression on lorlatinib." / "Cohort B (treatment-naive): no prior ALK TKI.": items that
        // each open with a cohort's label are options too. When the cohorts' treatment rules pull apart (one for people not treated
        // with something, another for people treated with it), no one cohort's rule excludes: the one cohort for ALK-positive cancer
        // (the others being for other drivers) is the patient's, otherwise which cohort fits is to check. Cohorts that all ask for
        // earlier treatment ("Part 1A: failed standard therapy", "Cohort 2C: NSCLC after 1-2 lines") are read as usual.
        var cohortItems = inclusion.Where(i => CohortLabel.Match(i.Text) is { Success: true, Index: < 25 } && !(i.NamesOtherCancer && !Lung.IsMatch(i.Text))).ToList();
        bool Untreated(Item i) => TreatmentNaive.IsMatch(i.Text) || NoPriorStrict.IsMatch(OtherNaive.Replace(i.Text, " "));
        bool Treated(Item i) => Pretreated.IsMatch(i.Text) || StandardExhausted.IsMatch(i.Text);
        if (cohortItems.Count >= 2 && cohortItems.Any(a => Untreated(a) && cohortItems.Any(b => b != a && Treated(b))))
        {
            if (TheAlkCohort(cohortItems.Select(i => i.Text).ToList()) is { } k)
                cohortItems.RemoveAt(k);
            else
                foreach (var i in cohortItems.Where(i => i.Mentions(TherapyWords)))
                    if (!c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem("therapy", false, i.Text));
            foreach (var i in cohortItems) c.Understood.Add(i.Text);
        }
        else cohortItems.Clear();
        foreach (var i in inclusion)
        {
            var t = i.Text;
            if (!i.Mentions(TherapyWords) || i.Mentions(BrainWords) && Brain.IsMatch(t) && !Rx(@"NSCLC|cancer|tumou?r|carcinoma").IsMatch(t)) continue;
            if (cohortItems.Contains(i)) continue;
            // "Any treatment history, including treatment-naive, on treatment or previously treated": every history is taken.
            if (Rx(@"^\W*(?:any|all) (?:prior |previous )?(?:treatment|therapy|therapies) (?:histor(?:y|ies)|status|background|lines?)\b|^\W*regardless of (?:any |prior |previous )?(?:treatment|therapy)").IsMatch(t)
                && !Rx(@"\bmust\b|\brequired?\b|\bprogress\w*\s+(?:on|after|following|during)\b|\bat least\b").IsMatch(t))
            {
                c.Understood.Add(i.Text);
                continue;
            }
            // Time since an earlier treatment ("at least 3 weeks from the previous surgery, radiotherapy, immunotherapy"): allowed, not required.
            if (Washout.IsMatch(t))
            {
                t = KeptSentences(t, x => !Washout.IsMatch(x) || RequirementWord.IsMatch(x));
                if (t.Trim().Length == 0)
                {
                    c.Understood.Add(i.Text);
                    continue;
                }
            }
            var conditional = ConditionalPopulation.IsMatch(t) && Drivers.IsMatch(t) && !Alk.IsMatch(t) && !GenericDriverPositive.IsMatch(t);
            if (conditional) continue;
            // "Allowable prior therapy includes …": what is allowed, never what is required (only a cap on ALK TKIs is read).
            if (OnlyPermits(t))
            {
                c.Understood.Add(t);
                if (AlkTherapy.IsMatch(t) || Tki.IsMatch(t))
                    foreach (var clause in ClauseBreak.Split(t).Where(x => x.Trim().Length > 0))
                        AlkTkiCap(c, i, clause);
                continue;
            }
            var index = position[i];
            var alternative = Alternative.IsMatch(t) || index > 0 && Alternative.IsMatch(items[index - 1].Text);
            if (alternative || i.NamesOtherCancer && !Lung.IsMatch(t)) continue;
            // "Cohort 2a: exactly 1 prior second-generation TKI … Cohort 2b: 2 or 3 prior ALK TKIs": each cohort's rule is one option.
            // What is said before the cohorts or of all of them holds; the one cohort for ALK-positive cancer (when the others are for
            // other drivers) is the patient's; otherwise which cohort fits is to check.
            if (CohortLabel.Matches(t) is { Count: >= 2 } labels && (AlkTherapy.IsMatch(t) || Tki.IsMatch(t) || Chemo.IsMatch(t) || Immunotherapy.IsMatch(t)))
            {
                var segments = labels.Select((m, k) => t[m.Index..(k + 1 < labels.Count ? labels[k + 1].Index : t.Length)]).ToList();
                var common = new List<string> { t[..labels[0].Index] };
                common.AddRange(segments.SelectMany(Sentences).Where(x => Rx(@"\b(?:either|both|all|any|each|every) (?:of the )?(?:cohorts?|arms?|parts?|groups?)|regardless of (?:the )?cohort").IsMatch(x)));
                if (TheAlkCohort(segments) is { } k)
                    common.Add(segments[k]);
                else if (!c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem("therapy", false, i.Text));
                c.Understood.Add(i.Text);
                t = string.Join(" ", common.Select(x => x.Trim()).Where(x => x.Length > 0));
                if (t.Length == 0) continue;
            }
            if (TreatmentNaive.IsMatch(t) && !Rx(@"allowed|permitted|may have|\bsince\b|provided").IsMatch(t)) Flag(c, nameof(TrialCriteria.TreatmentNaiveRequired), i);
            if (Pretreated.IsMatch(t) && !Rx(@"no (?:evidence of )?(?:radiolog|clinical)\w* progression|rapidly progress").IsMatch(t))
                Flag(c, nameof(TrialCriteria.PretreatedRequired), i);
            if (StandardExhausted.IsMatch(t) && !LineCount.IsMatch(t) && !c.StandardTherapyFailedRequired)
            {
                Flag(c, nameof(TrialCriteria.StandardTherapyFailedRequired), i);
                if (!c.TreatmentNaiveRequired) Flag(c, nameof(TrialCriteria.PretreatedRequired), i);
            }
            // "Currently receiving, or due to start within 2 weeks, …": a plan also qualifies (to check for those not on treatment).
            if (Sentences(t).Any(s => OnTreatment.IsMatch(s) && !Permissive.IsMatch(s) && !Rx(@"\b(?:are|is) (?:also )?eligible\b").IsMatch(s)
                    && !Rx(@"\bor\s+(?:\w+\s+){0,2}(?:due|plan(?:ning|ned)?|scheduled|about|going|expected|intend\w*)\s+to\s+(?:start|begin|initiate|commence|receive)|\bor\s+(?:is\s+)?planned\b").IsMatch(s)))
                Flag(c, nameof(TrialCriteria.OnTreatmentRequired), i);
            foreach (var sentence in Sentences(t))
                if (!NoDriverSubgroup.IsMatch(sentence)) TherapySentence(c, i, sentence);

            // ALK TKIs: how many, which — clause by clause ("...at least 1 ALK TKI; prior chemotherapy is permitted")
            if (AlkTherapy.IsMatch(t) || Tki.IsMatch(t))
                foreach (var clause in ClauseBreak.Split(t).Where(x => x.Trim().Length > 0))
                    AlkTkiClause(c, i, clause);

            // resistance mutations
            var mutations = MutationNames(t);
            if (mutations.Count > 0)
            {
                foreach (var m in mutations) if (!c.ResistanceMutations.Contains(m)) c.ResistanceMutations.Add(m);
                if (MutationNames(RequirementText(t)).Count > 0) Flag(c, nameof(TrialCriteria.ResistanceMutationRequired), i);
            }
        }
        foreach (var i in exclusion)
        {
            var t = i.Text;
            if (!i.Mentions(ExclusionTherapyWords)) continue;
            if (PriorSystemicExclusion.IsMatch(t)) Flag(c, nameof(TrialCriteria.TreatmentNaiveRequired), i);

            if (Rx(@"^(?:any )?(?:prior|previous)(?: systemic)? (?:cytotoxic )?chemotherapy\b").IsMatch(t) && !Rx(@"within|adjuvant|\bdays\b|\bweeks\b").IsMatch(t))
                Flag(c, nameof(TrialCriteria.PriorChemoExcluded), i);
            var spared = ExceptedAgents(t);
            // "Current or prior ILD, including events attributed to a prior ALK TKI (e.g., brigatinib)": the condition is excluded, not the drug.
            var clauses = Rx(@",?\s+(?:or|and/or)\s+|;\s*").Split(t);
            bool CausedCondition(string agent) => clauses.Where(x => Tki.Matches(x).Any(a => Agent(a.Value) == agent)).All(x => ConditionHistory.IsMatch(x));
            // "Unresolved toxicity from prior therapy, except lorlatinib-related hyperlipidaemia": the drug names a side effect's cause.
            var own = WithoutPermittedAsides(t);
            bool NamedAsCause(Match m) => Rx(@"^[- ](?:related|induced|associated|attributed)\b").IsMatch(own[(m.Index + m.Length)..])
                || Rx(@"(?:related to|attributed to|attributable to|caused by|induced by|due to|secondary to|associated with|(?:toxicit\w*|elevation|pneumonitis|hyperlipid\w*|hypercholesterol\w*|hypertriglycerid\w*|adverse (?:events?|reactions?)|side effects?|neuropathy|o?edema|weight gain)\s+(?:from|on|with|after))\s+(?:(?:prior|previous|the)\s+)?$").IsMatch(own[..m.Index]);
            foreach (Match m in Tki.Matches(own))
                if (PriorWord.IsMatch(t) && !Rx(@"within \d|\bdays\b|\bweeks\b|half-lives").IsMatch(t) && !spared.Contains(Agent(m.Value)) && !CausedCondition(Agent(m.Value)) && !NamedAsCause(m)
                    && !CurrentCourse.IsMatch(t)) // to check (ExcludedAlkTherapy): the record does not tell courses apart
                    AddAgent(c.AgentsExcluded, Agent(m.Value), c, nameof(TrialCriteria.AgentsExcluded), i);
            foreach (var m in MutationNames(t))
                if (!c.ResistanceMutations.Contains(m)) c.ResistanceMutations.Add(m);
        }
        foreach (Match m in Tki.Matches(trial.Title + " " + trial.OfficialTitle))
            if (Rx(@"(?:after|following|progress\w* on|previously treated with|pretreated with|resistant to|refractory to)\s+(?:\w+\s+){0,3}" + m.Value).IsMatch(trial.Title + " " + trial.OfficialTitle))
            {
                var titleItem = new Item(trial.Title ?? "", false, null);
                // "After Alectinib or Brigatinib": either will do, so only an earlier ALK TKI is required.
                if (Rx(@"\b" + m.Value + @"\s*(?:,|/|\bor\b)\s*\w|\bor\s+" + m.Value + @"\b|/\s*" + m.Value + @"\b").IsMatch(trial.Title + " " + trial.OfficialTitle)) SetMin(c, 1, titleItem);
                else AddAgent(c.AgentsRequired, Agent(m.Value), c, nameof(TrialCriteria.AgentsRequired), titleItem);
            }
        if (!c.TreatmentNaiveRequired && !c.PretreatedRequired && !string.IsNullOrWhiteSpace(trial.BriefSummary))
            foreach (var sentence in trial.BriefSummary.Split(". "))
                if (Pretreated.IsMatch(sentence) && Rx(@"patients|participants|subjects|people|adults").IsMatch(sentence) && !Rx(@"no (?:evidence of )?(?:radiolog|clinical)\w* progression|rapidly progress").IsMatch(sentence))
                {
                    Flag(c, nameof(TrialCriteria.PretreatedRequired), new Item(sentence.Trim(), false, null));
                    break;
                }
        if (!c.TreatmentNaiveRequired && !c.StandardTherapyFailedRequired && !string.IsNullOrWhiteSpace(trial.BriefSummary))
            foreach (var sentence in trial.BriefSummary.Split(". "))
                if (StandardExhausted.IsMatch(sentence) && !LineCount.IsMatch(sentence) && Rx(@"patients|participants|subjects|people|adults|whom|which").IsMatch(sentence))
                {
                    Flag(c, nameof(TrialCriteria.StandardTherapyFailedRequired), new Item(sentence.Trim(), false, null));
                    if (!c.PretreatedRequired) Flag(c, nameof(TrialCriteria.PretreatedRequired), new Item(sentence.Trim(), false, null));
                    break;
                }
        if (!c.ImmunotherapyRequired && !string.IsNullOrWhiteSpace(trial.BriefSummary) && SummaryImmunotherapy.Match(trial.BriefSummary) is { Success: true } io
            && !inclusion.Any(i => i.Mentions(TherapyWords) && Immunotherapy.IsMatch(i.Text)))
            Flag(c, nameof(TrialCriteria.ImmunotherapyRequired), new Item(SentenceAround(trial.BriefSummary, io.Index), false, null));
        // A study that observes people receiving immunotherapy (or wording about a current or planned one): a past one does not show it.
        if (c.ImmunotherapyRequired && c.Quote(nameof(TrialCriteria.ImmunotherapyRequired)) is { } ioQuote
            && (string.Equals(trial.StudyType, "OBSERVATIONAL", StringComparison.OrdinalIgnoreCase)
                || Rx(@"currently (?:receiving|on|being treated)|\breceiving\b|undergoing|scheduled|planned|about to (?:start|receive)|will (?:receive|be treated|start)|to be treated|candidates? for|eligible for|initiat|starting").IsMatch(ioQuote)
                    && !Rx(@"\bprior\b|previous|\breceived\b|progress|\bafter\b|following|failure|failed|treated with|refractory|resist").IsMatch(ioQuote)))
            c.ImmunotherapyCurrentRequired = true;
        if (c.TreatmentNaiveRequired && c.Quote(nameof(TrialCriteria.TreatmentNaiveRequired)) is { } naiveQuote
            && Rx(@"(?:for|in|of) (?:the )?(?:locally )?(?:advanced|metastatic|recurren\w*|relaps\w*|unresectable|stage (?:III[BC]?[-/ ]*)?IV)|untreated (?:advanced|metastatic|stage|locally|recurrent)|first[- ]line|(?:advanced|metastatic) (?:setting|disease)").IsMatch(naiveQuote))
            c.TreatmentNaiveForAdvanced = true;
        if (c.TreatmentNaiveRequired && c.PretreatedRequired)
        {
            // Cohorts of both kinds (or "no prior therapy for metastatic disease" beside "progressed after adjuvant"): neither decides.
            c.TreatmentNaiveRequired = c.PretreatedRequired = c.StandardTherapyFailedRequired = false;
        }

        // ---- brain
        var symptomaticOnly = false;
        foreach (var i in exclusion)
        {
            var t = i.Text;
            if (!i.Mentions(BrainWords)) continue;
            if (Lepto.IsMatch(t)) Flag(c, nameof(TrialCriteria.LeptomeningealExcluded), i);
            if (!BrainMets.IsMatch(t) && !EarlierBrainTreatment.IsMatch(t)) continue;
            if (Rx(@"primary (?:\w+ )?(?:tumou?rs?|malignan\w*) of the (?:brain|central|CNS)|\bprimary CNS|leuka?emia|lymphoma").IsMatch(t))
            {
                c.Understood.Add(t);
                continue;
            }
            // "Prior whole brain radiotherapy or radiosurgery to any brain lesion": an exclusion of earlier brain treatment, which the
            // record shows only in part, not of brain metastases as such.
            // "Any brain metastasis within 5 mm of either hippocampus", "… larger than 3 cm", "… with haemorrhage": a size, place or
            // complication the record does not show.
            var sizeOrPlace = BrainLimited(t);
            if ((EarlierBrainTreatment.IsMatch(t) || sizeOrPlace) && !Rx(@"untreated|active|symptomatic|unstable|progress").IsMatch(t))
            {
                // Earlier brain treatment concerns those whose record shows some (or does not list procedures); plans, sizes and
                // places concern anyone with brain metastases.
                var earlier = Rx(@"^\W*(?:(?:any|a)\s+)?(?:prior|previous|history of)\b").IsMatch(t) && !Rx(@"within \d|hippocamp|brain\s?stem|ha?emorrhag").IsMatch(t);
                if (!c.ToCheck.Any(x => x.Text == t)) c.ToCheck.Add(new CheckItem(earlier ? "brain treatment" : "brain", true, t));
                c.Understood.Add(t);
                continue;
            }
            if (AnyBrain.IsMatch(t) || !ActiveBrain.IsMatch(t)) Flag(c, nameof(TrialCriteria.BrainMetsExcluded), i);
            else
            {
                Flag(c, nameof(TrialCriteria.ActiveBrainMetsExcluded), i);
                // "Symptomatic brain metastases, or those requiring immediate local therapy": untreated ones without symptoms may enter.
                symptomaticOnly |= !Rx(@"untreated|\bactive\b|unstable|uncontrolled|progressive|progressing|growing|not (?:\w+ )?stable|newly diagnosed|unless|except|provided").IsMatch(t);
            }
        }
        // "Malignant pleural effusion and/or asymptomatic brain metastases": brain metastases are one way in, not a requirement.
        var brainAlternative = false;
        foreach (var i in inclusion)
        {
            var t = i.Text;
            if (!i.Mentions(BrainWords)) continue;
            if (Rx(@"\b(?:effusions?|lesions?|disease|metasta\w*|nodes?|tumou?rs?|involvement|progression)(?<!(?:brain|CNS|intracranial|leptomeningeal|meningeal|cranial)\s\w+)\s+(?:and/or|or)\s+(?:[\w-]+\s+){0,2}(?:brain|CNS|intracranial)\b|(?:brain|CNS|intracranial)\s+(?:metasta\w*|lesions?|disease)\s+(?:and/or|or)\s+(?!(?:[\w-]+\s+){0,2}(?:brain|CNS|intracranial|leptomening|meningeal|spinal))(?:[\w-]+\s+){0,2}(?:effusions?|lesions?|disease|metasta\w*|nodes?|tumou?rs?|involvement|progression)").IsMatch(t)
                && !BrainCount.IsMatch(t) && !Negation.IsMatch(t))
            {
                brainAlternative = true;
                if (!c.ToCheck.Any(x => x.Text == t)) c.ToCheck.Add(new CheckItem("one of several populations", false, t));
                continue;
            }
            // "Cohort B (leptomeningeal): leptomeningeal metastases confirmed by CSF cytology": people with leptomeningeal disease are taken.
            if (Lepto.IsMatch(t) && Sentences(t).Any(s => Lepto.IsMatch(s)
                    && !Rx(@"(?:must not|should not|may not|cannot|\bno\b|\bnot\b|without|free of|absence of|exclud\w*|except\w*|unless|other than)\s+(?:[\w,()/-]+\s+){0,6}?(?:lepto|carcinomatous mening|meningeal|neoplastic mening)|(?:lepto|mening)\w*[^.;]{0,60}\b(?:excluded|exclusionary|ineligible|ruled out|cannot|not (?:be )?(?:eligible|permitted|allowed))").IsMatch(s)))
            {
                c.LeptomeningealAllowed = true;
                c.Quotes.TryAdd(nameof(TrialCriteria.LeptomeningealAllowed), t);
                // Taken only on a condition ("not eligible unless cytology is positive", "if asymptomatic", "stable for 7 days"): to check for those with it.
                if (Rx(@"\bif\b|provided|unless|\bonly\b|asymptomatic|stable|controlled").IsMatch(t) && !c.ToCheck.Any(x => x.Text == t))
                    c.ToCheck.Add(new CheckItem("leptomeningeal", false, t));
                // The item opens with leptomeningeal disease as what participants have, for the whole study (no cohort, no alternative).
                else if (Rx(@"^\W*(?:(?:patients?|participants?|subjects?|adults?)\s+(?:with|who have|must have)\s+)?(?:(?:a|an|the)\s+)?(?:(?:new|newly|confirmed|documented|diagnosed|radiographic(?:ally)?|cytologic(?:ally)?|clinical|progressive|symptomatic|active|evidence of|diagnosis of|presence of)\s+)*(?:lepto|meningeal carcinomatosis|carcinomatous meningitis|neoplastic meningitis)").IsMatch(t)
                    && !Rx(@"\bcohort|\barm\b|\bpart\b|\bgroup\b|allowed|permitted|eligible|\bmay\b|\bcan\b|\bor\s+(?:[\w-]+\s+){0,3}(?:brain|parenchymal|intracranial|CNS)\b|^[^:]{0,40}:|with this").IsMatch(t))
                    Flag(c, nameof(TrialCriteria.LeptomeningealRequired), i);
            }
            // "MRI showing at least 5 and no more than 15 brain metastases", "1-3 brain metastases": how many the record does not say.
            if (BrainCount.Match(t) is { Success: true } count)
            {
                if (!c.ToCheck.Any(x => x.Text == t)) c.ToCheck.Add(new CheckItem("brain", false, t));
                if (Rx(@"^(?:at least|between)\s*[1-9]|^[1-9]").IsMatch(count.Value) && !Rx(@"permitted|allowed|eligible|may (?:enrol|enroll|be included|participate)|acceptable").IsMatch(t))
                    Flag(c, nameof(TrialCriteria.BrainMetsRequired), i);
                continue;
            }
            // "No brain metastases within 5 mm of either hippocampus": only some lesions, by place or size — to check for those with any.
            if (BrainNoneInclusion.IsMatch(t) && BrainLimited(t))
            {
                if (!c.ToCheck.Any(x => x.Text == t)) c.ToCheck.Add(new CheckItem("brain", false, t));
                c.Understood.Add(t);
            }
            else if (BrainNoneInclusion.IsMatch(t)) Flag(c, nameof(TrialCriteria.BrainMetsExcluded), i);
            else if (BrainMets.IsMatch(t) && BrainAllowed.IsMatch(t))
            {
                Flag(c, nameof(TrialCriteria.BrainMetsAllowed), i);
                // "Treated, stable brain metastases are allowed" leaves active ones out; "untreated" or "asymptomatic ... eligible" does not.
                if (Rx(@"(?<!un)treated|\bstable\b").IsMatch(t) && !Rx(@"\buntreated\b").IsMatch(t) && !c.BrainMetsExcluded) c.ActiveBrainMetsExcluded = true;
                c.Quotes.TryAdd(nameof(TrialCriteria.ActiveBrainMetsExcluded), t);
            }
            else if (BrainRequired.IsMatch(t) && !Negation.IsMatch(t) && !Rx(@"\bif\b|patients with (?:known )?(?:treated|stable)").IsMatch(t))
                Flag(c, nameof(TrialCriteria.BrainMetsRequired), i);
        }
        // (Not a study watching for them: "MRI Surveillance for Brain Metastases" lists them as its condition.)
        // A listed condition is an index term: it makes brain metastases required only where the title too is about patients with them
        // ("… in Patients With Brain Metastases", "Radiosurgery for Brain Metastases"), not a drug "with CNS activity" or a study watching
        // for them ("Early Detection of Brain Metastases").
        var titles = trial.Title + " " + trial.OfficialTitle;
        if (Rx(@"brain metasta").IsMatch(trial.Conditions ?? "") && !brainAlternative
            && (Rx(@"\b(?:with|having|for|harbou?ring|and)\s+(?:[\w-]+\s+){0,3}?(?:brain|CNS|intracranial|cerebral) metasta").IsMatch(titles)
                || Rx(@"(?:brain|CNS|intracranial|cerebral) metasta").IsMatch(titles) && !Rx(@"surveillance|screening|\bdetect|prevent|prophyla|incidence|\brisk of|\bwatch").IsMatch(titles)))
            c.BrainMetsRequired = true;
        // "At least one measurable, untreated brain metastasis", "… With Untreated Brain Metastases": untreated ones are the population.
        // "At least one measurable, untreated or post-radiation progressing brain metastasis" too; not "untreated or treated brain metastases are eligible".
        if (inclusion.Any(i => i.Mentions(BrainWords) && Rx(@"(?:at least one|\bwith|\bhave|\bhas|presence of)\s+(?:[\w,]+\s+){0,3}untreated\s+(?:[\w-]+\s+){0,3}?(?:brain|CNS|intracranial)").IsMatch(i.Text)
                && !Rx(@"permitted|allowed|\beligible|acceptable|may (?:enrol|enroll|be included|participate)").IsMatch(i.Text))
            || Rx(@"\buntreated (?:\w+ )?(?:brain|CNS|intracranial) metasta").IsMatch(trial.Title ?? ""))
        {
            c.BrainMetsRequired = true;
            c.ActiveBrainMetsExcluded = false;
            c.BrainMetsExcluded = false;
        }
        c.SomeUntreatedBrainMetsAllowed = symptomaticOnly && c.ActiveBrainMetsExcluded && !c.BrainMetsExcluded || inclusion.Concat(exclusion).Any(i => i.Mentions(BrainWords) && Sentences(i.Text).Any(s =>
            Rx(@"\b(?:untreated|asymptomatic|not (?:been )?previously (?:treated|irradiated))\b[^.;]{0,120}\b(?:permitted|allowed|eligible|may (?:enrol|enroll|participate))\b").IsMatch(s)
            && !Rx(@"\bnot (?:be )?(?:permitted|allowed|eligible)\b|\bineligible\b").IsMatch(s)));
        if (c.BrainMetsAllowed && c.BrainMetsExcluded && !exclusion.Any(i => i.Mentions(BrainWords) && BrainMets.IsMatch(i.Text) && AnyBrain.IsMatch(i.Text)))
            c.BrainMetsExcluded = false;

        // ---- other requirements a profile cannot show: a second condition, a population, a tumour size
        var also = conditions.Length <= 3 ? conditions.FirstOrDefault(x => AlsoCondition.IsMatch(x) && !CancerWord.IsMatch(x)) : null;
        if (inclusion.FirstOrDefault(i => i.Mentions(OtherWords) && Veteran.IsMatch(i.Text)) is { } vet)
        {
            c.AlsoRequired = "being a veteran in VA care";
            c.Quotes[nameof(TrialCriteria.AlsoRequired)] = vet.Text;
        }
        // "At least one tumour lesion ≥ 1.5 cm" (an imaging or biopsy study) asks for a size the record does not hold; RECIST's
        // "measurable lesion ≥ 10 mm" is measurable disease, read below.
        else if (inclusion.FirstOrDefault(i => i.Mentions(OtherWords) && (TumourSize.IsMatch(i.Text)
            || Rx(@"(?:at least one|one or more)\s+(?:\w+\s+){0,2}(?:lesions?|tumou?rs?)\s*(?:of\s*|measuring\s*)?(?:≥|>=|>|at least)\s*\d+(?:\.\d+)?\s*(?:cm|mm)").IsMatch(i.Text) && !Rx(@"RECIST|measurable").IsMatch(i.Text))) is { } size)
        {
            c.AlsoRequired = "a tumour of a given size";
            c.Quotes[nameof(TrialCriteria.AlsoRequired)] = size.Text;
        }
        else if (also is not null && c.Disease is DiseaseKinds.Nsclc or DiseaseKinds.SolidTumours)
        {
            c.AlsoRequired = also.ToLowerInvariant();
            c.Quotes[nameof(TrialCriteria.AlsoRequired)] = trial.Conditions ?? also;
        }

        // ---- performance status, measurable disease, tissue
        int? ecogMax = null;
        foreach (var i in inclusion)
        {
            if (!i.Mentions(EcogWords)) continue;
            var (max, min) = EcogOf(i.Text);
            if (max is null) continue;
            c.Understood.Add(i.Text);
            if (ecogMax is null || max > ecogMax)
            {
                ecogMax = max;
                c.Quotes[nameof(TrialCriteria.EcogMax)] = i.Text;
            }
            if (min is > 0) c.EcogMin = c.EcogMin is { } cur ? Math.Min(cur, min.Value) : min;
            if (EcogToCheck(i.Text, max.Value) is { } toCheck && toCheck > (c.EcogToCheckUpTo ?? -1)) c.EcogToCheckUpTo = toCheck;
        }
        // "ECOG ≥ 3", "performance status 3-4", "ECOG of 2 or more" among the exclusions: the grades below are allowed.
        foreach (var i in exclusion)
        {
            if (!i.Mentions(EcogWords) || EcogExcludedFrom(i.Text) is not { } from) continue;
            c.Understood.Add(i.Text);
            if (ecogMax is null || from - 1 < ecogMax)
            {
                ecogMax = from - 1;
                c.Quotes[nameof(TrialCriteria.EcogMax)] = i.Text;
            }
        }
        c.EcogMax = ecogMax;
        if (c.EcogToCheckUpTo <= ecogMax) c.EcogToCheckUpTo = null;
        var measurable = inclusion.FirstOrDefault(i => i.Mentions(OtherWords) && Measurable.IsMatch(i.Text) && !Rx(@"evaluable disease \(target or nontarget\)|or non-?measurable|measurable or (?:non-?measurable|evaluable)").IsMatch(i.Text));
        if (measurable is not null) Flag(c, nameof(TrialCriteria.MeasurableDiseaseRequired), measurable);
        var tissue = inclusion.FirstOrDefault(i => i.Mentions(OtherWords) && Tissue.IsMatch(i.Text));
        // Not "understood" by this: the item may also ask for a result ("HER2 IHC 3+ or 2+ on tumour tissue"), read or flagged elsewhere.
        if (tissue is not null)
        {
            c.TissueRequired = true;
            c.Quotes.TryAdd(nameof(TrialCriteria.TissueRequired), tissue.Text);
        }

        Understand(trial, c, inclusion, exclusion);
        Truncate(c);
    }

    /// <summary>A negation that reaches ALK ("ALK-negative", "without EGFR or ALK alterations"), not one about something else before
    /// it ("without brain metastases, ALK-positive", "no prior treatment and ALK-rearranged").</summary>
    private static bool AlkNegated(string t) =>
        AlkNegative.Match(t) is { Success: true } neg
        && !Rx(@"\b(?:brain|metasta\w*|histolog\w*|squamous|small[- ]cell|stage|prior|previous|treat\w*|therap\w*|chemo\w*|history|surgery|radiation)\b").IsMatch(neg.Value);

    /// <summary>Quotes are shown as they are, up to 300 characters: keep no more (CriteriaJson is loaded for every trial).</summary>
    private static void Truncate(TrialCriteria c)
    {
        foreach (var (key, quote) in c.Quotes.Where(q => q.Value.Length > MaxQuote).ToList())
            c.Quotes[key] = quote[..(MaxQuote - 1)].TrimEnd() + "…";
        for (var k = 0; k < c.ToCheck.Count; k++)
            if (c.ToCheck[k].Text.Length > MaxQuote) c.ToCheck[k] = c.ToCheck[k] with { Text = c.ToCheck[k].Text[..(MaxQuote - 1)].TrimEnd() + "…" };
    }

}
