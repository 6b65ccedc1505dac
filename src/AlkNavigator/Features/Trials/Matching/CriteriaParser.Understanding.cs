using System.Globalization;
using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// CriteriaParser: the readers that decide calibration — histology, age limits written in the text, settings stated as
/// exclusions ("metastatic disease", "candidate for curative surgery"), newly diagnosed populations — and the last pass that
/// lists every item the readers did not understand but that could exclude a patient (<see cref="TrialCriteria.ToCheck"/>).
/// Each reader works from what a criterion means, never from a particular trial.
/// </summary>
public static partial class CriteriaParser
{
    private static void Understand(Trial trial, TrialCriteria c, List<Item> inclusion, List<Item> exclusion)
    {
        HistologyOf(trial, c, inclusion, exclusion);
        AgesOf(c, inclusion, exclusion);
        SettingOf(c, inclusion, exclusion);
        NewlyDiagnosed(c, inclusion);
        // Resistance mutations named anywhere in the inclusions ("Documented ALK I1171N mutation") are required unless negated.
        foreach (var i in inclusion)
        {
            var mutations = MutationNames(i.Text);
            if (mutations.Count == 0) continue;
            foreach (var m in mutations) if (!c.ResistanceMutations.Contains(m)) c.ResistanceMutations.Add(m);
            if (!ConditionalPopulation.IsMatch(i.Text) && MutationNames(RequirementText(i.Text)).Count > 0) Flag(c, nameof(TrialCriteria.ResistanceMutationRequired), i);
        }
        GenesOf(c, inclusion, exclusion);
        BiomarkerDetails(c, inclusion);
        // "Participants must not have symptomatic CNS metastases" among the inclusions is an exclusion.
        foreach (var i in inclusion)
        {
            // (Not "no brain metastases within 5 mm of the hippocampus": only some lesions, left to the brain reader's "to check".)
            if (BrainLimited(i.Text)) continue;
            // "No neurological symptoms attributable to CNS disease": symptoms are ruled out, not brain metastases.
            if (Rx(@"(?:\bno\b|without|free of)\s+(?:\w+\s+){0,3}?(?:symptoms?|signs?|deficits?|complaints?)\s+(?:\w+\s+){0,2}?(?:attributable|due|related|caused|secondary|from)\b").IsMatch(i.Text)) continue;
            if (!i.Mentions(BrainWords) || !Rx(@"(?:must not|should not|may not|cannot|\bno\b(?!\s+(?:more|greater|fewer|less|larger|bigger)\b)|without|free of|absence of)\s+(?:\w+\s+){0,6}?(?:brain|CNS|central nervous|intracranial|lepto|carcinomatous mening)").IsMatch(i.Text)) continue;
            if (Lepto.IsMatch(i.Text)) Flag(c, nameof(TrialCriteria.LeptomeningealExcluded), i);
            else if (BrainMets.IsMatch(i.Text) && !c.BrainMetsExcluded)
            {
                var active = Rx(@"untreated|active|symptomatic|unstable|uncontrolled|progressi").IsMatch(i.Text);
                Flag(c, active ? nameof(TrialCriteria.ActiveBrainMetsExcluded) : nameof(TrialCriteria.BrainMetsExcluded), i);
            }
        }
        foreach (var i in inclusion.Concat(exclusion))
            if (i.Exclusion ? i.Benign : OnlyPermits(i.Text))
                c.Understood.Add(i.Text);
        var unread = ScanNotUnderstood(c, inclusion, exclusion);
        // "Prior treatment with any TROP2-directed therapy (e.g., sacituzumab govitecan)": the matcher looks for the record's own drugs
        // in it (a drug the record lists, named here, excludes), besides what the other readers made of it. A time window ("within 21
        // days") is a washout.
        foreach (var i in exclusion)
            if (PriorDrugExclusion.IsMatch(i.Text) && !Rx(@"within \d|\bdays?\b|\bweeks?\b|half-lives").IsMatch(i.Text) && !Permissive.IsMatch(i.Text))
                c.ToCheck.Add(new CheckItem(CheckItem.EarlierDrug, true, i.Text));
        // Oligoprogression ("progression at ≤ 5 sites on the current TKI") is a state of the disease no record field shows: always to check,
        // even when another reader took something else from the item (its brain lesions, its TKI).
        HashSet<Item>? alternatives = null;
        foreach (var i in inclusion)
        {
            // Not when the item describes another group of the study ("Lung cancer screening eligibility criteria (n=100): … pack years").
            // A plasma or ctDNA result counts only when the item asks for it instead of tissue: not "by IHC, FISH, or tissue/plasma NGS",
            // "on tumor tissue or blood (ctDNA)", nor a sample to be given for research ("Willing to provide … plasma samples").
            if (!RecordCannotShow.IsMatch(i.Text)) continue; // most items name none of these states: asked once before the rewrites below
            var text = Rx(@"(?:tissue|tumou?r|biopsy|cytology)[^.;]{0,40}?(?:,|/|\bor\b|and/or)\s*(?:[\w-]+\s*){0,2}(?:blood|plasma|ctDNA|CSF|liquid biopsy)\b(?:\s*\(ctDNA\))?|(?:blood|plasma|ctDNA)\b[^.;]{0,20}?(?:,|/|\bor\b|and/or)\s*(?:[\w-]+\s+)?(?:tissue|tumou?r)").Replace(i.Text, " ");
            if (Rx(@"^\W*(?:(?:must\s+)?(?:be\s+)?(?:willing(?:ness)?|agree\w*|consent\w*|able)\s+to\s+(?:provide|give|donate|undergo)|provision of|availability of)\b").IsMatch(text))
                text = Rx(@"\bplasma\b|\bctDNA\b|liquid biopsy|circulating tumou?r DNA").Replace(text, " ");
            if (RecordCannotShow.Match(text) is { Success: true } state && !c.ToCheck.Any(x => x.Text == i.Text)
                && !Rx(@"\(n\s*=\s*\d+\)|\bscreening\b|\bcohort\b|\barm\b").IsMatch(text[..state.Index])
                // Not "must not plan to …", nor timing around the study's own start ("prior to starting treatment"). (Checked here, not as a
                // lookbehind in the regex: a leading lookbehind stops the regex from skipping ahead to its first letters, on every item.)
                && !(state.Groups["plan"].Success && Rx(@"(?:\bnot|\bno|prior to|before|\bof|after|following|until|\bwhen|upon|from|\bat|\bon|since)\s+$").IsMatch(text[..state.Index]))
                // A condition the item permits or rules out ("no hepatic impairment", "grade ≥ 2 toxicities must have resolved") is not required.
                // A planned treatment or a condition offered as one of several alternatives ("Scheduled to begin … OR currently treated …").
                && !((state.Groups["plan"].Success || state.Groups["condition"].Success) && (alternatives ??= Alternatives(inclusion)).Contains(i))
                && !(state.Groups["condition"].Success && (Rx(@"\b(?:no|not|without|absence of|free of)\b[^.;]{0,40}$").IsMatch(text[..state.Index])
                    || NegatedItem.IsMatch(text)
                    || Rx(@"resolv|recover|return\w* to|baseline|permitted|allowed|\beligible|acceptable|excluded|exclusion|\bif\b|consent|proxy|surrogate").IsMatch(text))))
                c.ToCheck.Add(new CheckItem(state.Groups["setting"].Success || state.Groups["setting2"].Success ? "setting" : state.Groups["driver"].Success ? "driver" : state.Groups["caregiver"].Success ? "a caregiver taking part"
                    // "Currently receiving, or due to start within 2 weeks, …": met by a treatment going on now.
                    : state.Groups["plan"].Success ? (Rx(@"(?:currently|now|already)\s+(?:receiving|on|taking|being treated|treated)|\breceiving\b[^.;]{0,40}\bor\b").IsMatch(text) ? CheckItem.PlannedOrCurrent : "therapy") : state.Groups["condition"].Success ? "a health condition" : "smoking history", false, i.Text));
        }
        // An exclusion (or a negated inclusion: "No active hepatitis B") naming a condition or medicine outside the cancer: kept with the
        // kinds it names, it concerns only a patient whose record mentions one of them (HealthFacts).
        foreach (var i in exclusion.Concat(inclusion.Where(x => NegatedItem.IsMatch(x.Text))))
            if (HealthFacts.InCriterion(i.Text) is { Length: > 0 } kinds)
                c.ToCheck.Add(new CheckItem(CheckItem.Health, true, i.Text) { Facts = kinds });
        foreach (var i in inclusion)
            if (HealthFacts.AsksLanguage(i.Text) && !c.ToCheck.Any(x => x.Text == i.Text && x.Dimension == CheckItem.Health))
                c.ToCheck.Add(new CheckItem(CheckItem.Health, false, i.Text) { Facts = ["language"] });
        // A laboratory limit ("ANC ≥ 1.5 × 10^9/L"): to check for a record that gives a value for it, for no one else.
        foreach (var i in inclusion)
            if (HealthFacts.LabsIn(i.Text) is { Length: > 0 } labs && !c.ToCheck.Any(x => x.Text == i.Text && x.Dimension == CheckItem.Health))
                c.ToCheck.Add(new CheckItem(CheckItem.Health, false, i.Text) { Facts = labs });
        // Last, so that a reader above that knows what an item asks keeps it under its own dimension.
        foreach (var t in unread)
            if (!c.ToCheck.Any(x => x.Text == t)) c.ToCheck.Add(new CheckItem(CheckItem.Requirement, false, t)); // no cap: each may decide
    }

    // ------------------------------------------------------------------ histology

    /// <summary>Histologies (or tumour types) that are not lung adenocarcinoma, in the order they are reported.</summary>
    private static readonly (string Kind, string Pattern)[] HistologyKinds =
    [
        ("small-cell", @"(?<!non[- ]?)(?<!non)\bsmall[- ]cell\b(?! lung cancer \(NSCLC)|\bSCLC\b"),
        ("neuroendocrine", @"neuroendocrine|\bLCNEC\b|carcinoid"),
        ("DLL3-positive", @"\bDLL-?3\b"),
        ("squamous", @"(?<!non[- ]?)(?<!non)(?<!non-\s)\bsquamous"),
        ("mesothelioma", @"mesothelioma"),
        ("lymphoma", @"lymphoma|\bALCL\b"),
        ("neuroblastoma", @"neuroblastoma"),
        ("inflammatory myofibroblastic tumour", @"myofibroblastic|\bIMTs?\b"),
    ];

    /// <summary>Wording that opens a requirement to lung adenocarcinoma as well (so the named histology is one of several).</summary>
    private const string AdenoToo = @"non-?\s?squamous|adenocarcinoma|any histolog|all histolog|regardless of histolog|histolog\w* (?:subtype|type)s? (?:are )?(?:allowed|eligible)";

    private static void HistologyOf(Trial trial, TrialCriteria c, List<Item> inclusion, List<Item> exclusion)
    {
        // The trial's own population: its title and conditions, then each inclusion item that states the disease.
        var sources = new List<(string Text, Item? Item)> { (trial.Title + " | " + trial.Conditions, null) };
        // Another cancer named beside lung cancer in the inclusions is another cohort; named alone, it is the trial's population.
        var lungCohort = inclusion.Any(i => Lung.IsMatch(SmallCellOnly.Replace(i.Text, " ")) && !i.NamesOtherCancer);
        sources.AddRange(inclusion.Where(i => DiseaseStatement.IsMatch(i.Text) && !ConditionalPopulation.IsMatch(i.Text)).Select(i => (i.Text, (Item?)i)));
        foreach (var (raw, item) in sources)
        {
            var text = Examples.Replace(AlkSpelledOut.Replace(raw, "ALK"), " "); // "solid tumours (e.g. SCLC, melanoma)" requires none of them
            // "… non-squamous NSCLC not amenable to surgery": a negation about treatment, not about the histology.
            text = Rx(@"\bnot (?:\w+ )?(?:amenable|suitable|eligible|a candidate|candidates?|appropriate)\s+(?:to|for)\b[^.;,)]{0,60}").Replace(text, " ");
            if (item is not null && (Rx(@"\b(?:no|not|without|excluding|except|other than)\b|history of|\bprior\b").IsMatch(text) || StatedExcluded.IsMatch(text)
                || lungCohort && OtherCancerName.IsMatch(Strip(text)) && !Lung.IsMatch(text))) continue; // "Head and neck squamous cell carcinoma" is another cohort
            var found = HistologyKinds.Where(h => Rx(h.Pattern).IsMatch(text)).Select(h => h.Kind).ToList();
            if (found.Count > 0)
            {
                if (Rx(AdenoToo).IsMatch(text) || GenericLung(text)) { if (item is not null) c.Understood.Add(item.Text); continue; }
                // "ALK-positive ALCL, IMT or neuroblastoma" in a basket that also takes lung cancer: no single histology.
                if (item is null && Lung.IsMatch(SmallCellOnly.Replace(text, " "))) continue;
                c.HistologyRequired ??= found[0];
                c.Quotes.TryAdd(nameof(TrialCriteria.HistologyRequired), item?.Text ?? trial.Title ?? text);
                if (item is not null) c.Understood.Add(item.Text);
                return;
            }
            if (item is not null && Rx(@"non-?\s?squamous|\badenocarcinoma").IsMatch(text) && Lung.IsMatch(text + " NSCLC") && !Rx(@"(?<!non[- ]?)(?<!non)\bsquamous|\bor\b[^.;]{0,30}(?:NSCLC|non-small)").IsMatch(text))
            {
                c.HistologyRequired ??= "non-squamous";
                c.Quotes.TryAdd(nameof(TrialCriteria.HistologyRequired), item.Text);
                c.Understood.Add(item.Text);
                return;
            }
        }
        // "Squamous cell histology is excluded", "NSCLC other than squamous" inside an inclusion: a trial for non-squamous disease.
        foreach (var i in inclusion)
            foreach (var sentence in Sentences(i.Text))
                if (Rx(@"(?<!non[- ]?)(?<!non)\bsquamous").IsMatch(sentence)
                    && (StatedExcluded.IsMatch(sentence) || Rx(@"\b(?:excluding|except|other than)\s+(?:\w+\s+){0,2}squamous").IsMatch(sentence)))
                {
                    c.HistologyRequired ??= "non-squamous";
                    c.Quotes.TryAdd(nameof(TrialCriteria.HistologyRequired), i.Text);
                    c.Understood.Add(i.Text);
                    return;
                }
        // "Squamous cell histology" among the exclusions: a trial for non-squamous disease.
        foreach (var i in exclusion)
            if (Rx(@"^\W*(?:(?:predominantly|mixed|known|any)\s+)*(?<!non[- ]?)(?<!non)squamous(?: cell)?(?: (?:histology|carcinoma|NSCLC|non-small))").IsMatch(i.Text))
            {
                c.HistologyRequired ??= "non-squamous";
                c.Quotes.TryAdd(nameof(TrialCriteria.HistologyRequired), i.Text);
                c.Understood.Add(i.Text);
                return;
            }
    }

    /// <summary>Lung cancer named without a histology next to it ("histologically confirmed NSCLC, stage IV").</summary>
    private static bool GenericLung(string text)
    {
        foreach (Match m in Lung.Matches(text))
        {
            // Qualified when a histology comes just before ("squamous NSCLC") or in brackets just after ("NSCLC (squamous)");
            // "non-small cell or small cell lung cancer" names non-small cell lung cancer as a whole.
            var before = text[Math.Max(0, m.Index - 25)..m.Index];
            var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 30)];
            if (Rx(@"\b(?:or|and)\s*$").IsMatch(before)) before = "";
            var bracket = Rx(@"^\s*\([^)]*").Match(after);
            if (!HistologyKinds.Any(h => Rx(h.Pattern).IsMatch(before) || bracket.Success && Rx(h.Pattern).IsMatch(bracket.Value))) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ age

    private const string AgeWord = @"\b(?:age[ds]?|years? (?:of age|old)|year-old|yrs? old)\b";

    /// <summary>
    /// Age limits written in the eligibility text, in any of the usual phrasings ("age > 70", "aged 18 to 75", "under 50 years",
    /// "≥ 65 years", "patients older than 80 are excluded"); combined with the registry's structured minimum and maximum (the
    /// narrowest wins). An exclusion states the ages that are out ("age < 18" excluded → at least 18).
    /// </summary>
    /// <summary>An age that conditions something else ("for pts > 16 years of age", "in patients under 18 years").</summary>
    [GeneratedRegex(@"\b(?:for|in|among)\s+(?:pts|patients|participants|subjects|those|children|adolescents|adults)\s+(?:aged\s+|who are\s+)?(?:≥|>=|>|<|≤|<=|over|under|older than|younger than|at least|up to)\s*\d{1,3}\s*(?:years?|yrs?)?(?:\s+(?:of age|old))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgeCondition { get; }

    /// <summary>A minimum age for some countries: "≥ 20 years in Japan and Taiwan", "at least 19 years of age in the Republic of Korea".</summary>
    [GeneratedRegex(@"(?:(?<ge>≥|>=|at least|aged|minimum(?: age)?(?: of)?)|(?<gt>>|older than))\s*(?<n>\d{2})\s*(?:years?|yrs?)?(?:\s+(?:of age|old))?\s+(?:in|for (?:patients|participants|subjects) in)\s+(?:the\s+)?(?<c>(?-i:[A-Z][\w.'-]*)(?:\s+(?:of\s+)?(?-i:[A-Z][\w.'-]*))*(?:\s*(?:,|\band\b|\bor\b)\s*(?:the\s+)?(?-i:[A-Z][\w.'-]*)(?:\s+(?:of\s+)?(?-i:[A-Z][\w.'-]*))*)*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountryAge { get; }

    private static void AgesOf(TrialCriteria c, List<Item> inclusion, List<Item> exclusion)
    {
        foreach (var i in inclusion.Concat(exclusion))
        {
            if (!i.Text.Any(char.IsAsciiDigit)) continue;
            // An age limit for another population of the study (a screening arm, healthy controls, patients with another cancer)
            // is not the patient's: only what comes before that population is read ("Age ≥18 years, Cohort 2f only: Age ≥12").
            if (i.NamesOtherCancer && !Lung.IsMatch(i.Text)) continue;
            var own = i.SubPopulationMatch is { Success: true } sub ? i.Text[..sub.Index] : i.Text;
            // "Note: pts aged 65-69 are not eligible" inside an inclusion names ages that are out, not the range taken; "Karnofsky ≥ 50
            // for pts > 16 years of age" limits a scale, not who may join.
            if (!i.Exclusion && StatedExcluded.IsMatch(own)) own = KeptSentences(own, s => !StatedExcluded.IsMatch(s));
            own = AgeCondition.Replace(own, " ");
            // "(≥ 19 years in the Republic of Korea; ≥ 20 years in Japan and Taiwan)": a minimum for the patients of those countries.
            foreach (Match m in CountryAge.Matches(own))
            {
                var years = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) + (m.Groups["gt"].Success ? 1 : 0);
                if (!Plausible(m.Groups["n"].Value)) continue;
                foreach (var name in Regex.Split(m.Groups["c"].Value, @"\s*(?:,|\band\b|\bor\b)\s*(?:the\s+)?").Where(x => x.Length > 2))
                    (c.MinAgeByCountry ??= [])[name.Trim().ToLowerInvariant()] = years;
                c.Quotes.TryAdd(nameof(TrialCriteria.MinAgeByCountry), i.Text);
            }
            own = CountryAge.Replace(own, " ");
            var (min, max) = AgeBounds(own);
            if (min is null && max is null) continue;
            if (i.Exclusion)
            {
                // Excluded: ages above `min` ("older than 80" → max 80) or below `max` ("under 18" → min 18).
                (min, max) = (max is { } m ? m + 1 : null, min is { } n ? n - 1 : null);
                if (min is null && max is null) continue;
            }
            c.Understood.Add(i.Text);
            if (min is { } lo && lo > 18 && (c.MinAge is null || lo > c.MinAge))
            {
                c.MinAge = lo;
                c.Quotes[nameof(TrialCriteria.MinAge)] = i.Text;
            }
            else if (min is { } lo18 && c.MinAge is null) c.MinAge = lo18;
            if (max is { } hi && (c.MaxAge is null || hi < c.MaxAge))
            {
                c.MaxAge = hi;
                c.Quotes[nameof(TrialCriteria.MaxAge)] = i.Text;
            }
        }
        if (c.MinAge is { } a && c.MaxAge is { } b && a > b) (c.MinAge, c.MaxAge) = (null, null); // contradictory reading: trust neither
    }

    /// <summary>
    /// The ages an item states as (lowest allowed, highest allowed) — for an exclusion item, the ages it names: "older than 80"
    /// gives (81, null). Only numbers tied to an age ("age", "aged", "years old", "years of age", or "N years" beside a comparison).
    /// </summary>
    public static (int? Min, int? Max) AgeBounds(string text)
    {
        int? min = null, max = null;
        var t = text.Replace('\u2265', '≥').Replace("=>", ">=", StringComparison.Ordinal);
        const string N = @"(\d{1,3})(?!\d|\s*(?:months?|mos?|weeks?|days?)\b)"; // "≥ 12 months" is not 12 years
        const string Yrs = @"\s*(?:years?|yrs?)(?:\s+(?:of age|old))?";
        // Ranges: "aged 18 to 75", "between 18 and 75 years", "18-75 years old", "age 18–75".
        var range = Rx(@"(?:\bage[ds]?\b[^.;\d]{0,20}|between(?: the ages? of)?\s*)" + N + @"\s*(?:years?\s*)?(?:-|–|to|and)\s*" + N + @"(?!\s*(?:months|weeks|days|%|mg|kg|cm))").Match(t);
        if (!range.Success) range = Rx(N + @"\s*(?:-|–|to)\s*" + N + Yrs + @"\b(?! ago)").Match(t);
        if (range.Success && Rx(AgeWord + "|between|" + Yrs).IsMatch(t))
        {
            int a = int.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture), b = int.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture);
            if (a is >= 0 and <= 120 && b is > 0 and <= 120 && a < b) return (a, b);
        }
        // Lower bounds.
        var ge = Rx(@"(?:\bage[ds]?\b|\bpatients|\bparticipants|\bsubjects|\badults)\s*(?:must be\s*|of\s*|is\s*|at\s*)?(?:≥|>=|at least|greater than or equal to|older than or equal to|equal to or (?:greater|older) than|of at least|minimum(?: of)?)\s*" + N + @"\b").Match(t);
        if (!ge.Success) ge = Rx(@"(?:≥|>=|at least)\s*" + N + Yrs).Match(t);
        if (!ge.Success) ge = Rx(@"(?:" + N + Yrs + @"|\bage[ds]?\s*" + N + @"(?:\s*years?)?)\s*(?:or|and) (?:older|over|above|greater)").Match(t);
        if (ge.Success && ge.Groups.Cast<Group>().Skip(1).FirstOrDefault(g => g.Success) is { } geN && Plausible(geN.Value)) min = int.Parse(geN.Value, CultureInfo.InvariantCulture);
        if (Rx(@"(?:over|above|older than) (?:the )?age (?:of )?" + N).Match(t) is { Success: true } overAge && Plausible(overAge.Groups[1].Value))
            min = Math.Max(min ?? 0, int.Parse(overAge.Groups[1].Value, CultureInfo.InvariantCulture));
        var gt = Rx(@"(?:\bage[ds]?\b|\bpatients|\bparticipants|\bsubjects|\badults|\bpeople|\bthose)\s*(?:must be\s*|of\s*|is\s*)?(?:>(?!=)|greater than(?! or)|older than(?! or)|over|above)\s*" + N + @"\b").Match(t);
        if (!gt.Success) gt = Rx(@"(?:>(?!=)|older than|over)\s*" + N + Yrs).Match(t);
        if (gt.Success && Plausible(gt.Groups[1].Value)) min = Math.Max(min ?? 0, int.Parse(gt.Groups[1].Value, CultureInfo.InvariantCulture) + 1);
        // Upper bounds.
        var le = Rx(@"(?:\bage[ds]?\b|\bpatients|\bparticipants|\bsubjects|\badults)\s*(?:must be\s*|of\s*|is\s*)?(?:≤|<=|=<|at most|no (?:more|older) than|up to|maximum(?: of)?|not (?:older|more) than)\s*" + N + @"\b").Match(t);
        if (!le.Success) le = Rx(@"(?:≤|<=|up to|no older than)\s*" + N + Yrs).Match(t);
        if (!le.Success) le = Rx(@"(?:" + N + Yrs + @"|\bage[ds]?\s*" + N + @"(?:\s*years?)?)\s*(?:or|and) (?:younger|under|below|less)").Match(t);
        if (le.Success && le.Groups.Cast<Group>().Skip(1).FirstOrDefault(g => g.Success) is { } leN && Plausible(leN.Value)) max = int.Parse(leN.Value, CultureInfo.InvariantCulture);
        var lt = Rx(@"(?:\bage[ds]?\b|\bpatients|\bparticipants|\bsubjects|\badults|\bpeople|\bthose)\s*(?:must be\s*|of\s*|is\s*)?(?:<(?!=)|less than(?! or)|younger than(?! or)|under|below)\s*(?:the age of\s*)?" + N + @"\b").Match(t);
        if (!lt.Success) lt = Rx(@"(?:<(?!=)|younger than|under|below)\s*(?:the age of\s*)?" + N + Yrs).Match(t);
        if (!lt.Success) lt = Rx(@"(?:younger than|under|below) the age of\s*" + N).Match(t);
        if (lt.Success && Plausible(lt.Groups[1].Value)) max = Math.Min(max ?? 200, int.Parse(lt.Groups[1].Value, CultureInfo.InvariantCulture) - 1);
        if ((min is not null || max is not null) && !Rx(AgeWord + "|" + Yrs + @"|\bpatients|\bparticipants|\bsubjects|\badults|\bpeople").IsMatch(t)) return (null, null);
        // "within 5 years", "for at least 3 years", "life expectancy ≥ 12 weeks": not ages.
        if ((min is not null || max is not null) && !Rx(AgeWord).IsMatch(t) && Rx(@"within|for at least|expectan|since|duration|history|prior|previous|diagnos|disease-free|smok|pack").IsMatch(t)) return (null, null);
        return (min, max);
    }

    [GeneratedRegex(@"screening|healthy|control (?:group|arm|subjects|participants)|volunteer|family|relative|\b(?:for|in|if) (?:patients|participants|subjects|those|children|adults)\s*(?:aged\s*)?(?:[<>≤≥]|older|younger|under|over|\d)|\bcohort|\barm\b|\bgroup\b|(?<!Medicare )\bpart [A-Z0-9]\b|caregiver|partner|spouse|donor|sibling|parent", Opt)]
    private static partial Regex SubPopulation { get; }

    private static bool Plausible(string n) => int.TryParse(n, CultureInfo.InvariantCulture, out var v) && v is >= 12 and <= 110;

    // ------------------------------------------------------------------ setting stated as exclusions, resected populations

    private static void SettingOf(TrialCriteria c, List<Item> inclusion, List<Item> exclusion)
    {
        foreach (var i in exclusion)
        {
            var t = i.Text;
            if (!i.Mentions(SettingWords) && !i.Mentions(["m1"])) continue;
            // (Not "prior therapy for locally advanced or metastatic NSCLC": the setting of an earlier treatment, read without it.)
            if (MetastaticExcluded.IsMatch(Rx(@"\b(?:therapy|therapies|treatments?|regimens?|chemotherapy|agents?|inhibitors?|drugs?|lines?)\b[^.;]{0,40}?\b(?:for|in)\s+(?:the\s+)?(?:(?:recurrent|unresectable|locally advanced|advanced)\s*(?:,|/|or|and|and/or)\s*)*(?:metastatic|stage IV|advanced)(?:\s+(?:setting|disease|NSCLC|non-small[\w -]*?cancer|lung cancer|cancer))?|(?:metastatic|advanced) setting").Replace(t, " ")) && !Rx(@"brain|\bCNS\b|central nervous|intracranial|lepto|spinal cord|other (?:primary |invasive )?(?:malignan|cancer)|another|second|malignan|history of|\bexcept|other than|\bunless|\bif\b|\bonly\b|isolated|oligo").IsMatch(t))
            {
                Flag(c, nameof(TrialCriteria.NonMetastaticRequired), i);
                if (!c.AdvancedRequired) c.EarlyRequired = true;
                c.Quotes.TryAdd(nameof(TrialCriteria.EarlyRequired), t);
            }
            else if (CurativeCandidate.IsMatch(t) && !Rx(@"\bun-?resect|\bnot\b|\bprior\b|previous|history|received|underwent|within").IsMatch(t) && !c.EarlyRequired)
            {
                Flag(c, nameof(TrialCriteria.AdvancedRequired), i);
            }
        }
        if (!c.EarlyRequired) return;
        foreach (var i in inclusion)
        {
            var t = i.Text;
            if (!i.Mentions(["resect", "surg", "operat", "lobectomy", "pneumonectomy", "r0"])) continue;
            if (Resected.IsMatch(t) && !Rx(@"within \d|\bweeks?\b|\bdays?\b|recover|allowed|permitted|major surgery|curable by|candidate for|planned|amenable to|eligible for|suitable for|considered (?:\w+ ){0,3}resectable|\bresectable\b|neoadjuvant|prior to (?:surgery|resection)|before (?:surgery|resection)|\bor\b[^.;]{0,40}(?:unresect|inoperable|not (?:a )?candidate)").IsMatch(t))
            {
                Flag(c, nameof(TrialCriteria.ResectedRequired), i);
                c.NotYetResectedRequired = false;
                return;
            }
        }
    }

    [GeneratedRegex(@"(?:without|\bno\b|absence of|free of|no evidence of|not have)\s+(?:any\s+|evidence of\s+|known\s+|radiographic\s+|clinical\s+)*(?:distant\s+|extrathoracic\s+|systemic\s+)?metasta|non-?metastatic|\bM0\b|locali[sz]ed (?:disease|NSCLC|lung|tumou?r|cancer)|limited[- ]stage|confined to the (?:chest|thorax|lung)", Opt)]
    private static partial Regex NonMetastatic { get; }
    [GeneratedRegex(@"\bdistant metasta|\bmetastatic (?:disease|NSCLC|non-small|lung cancer|cancer)\b|\bstage IV[AB]?\b|\bstage 4\b|\bM1[abc]?\b|evidence of metasta|^\W*(?:known |any )?metasta\w*(?: disease)?\W*$|extrathoracic metasta", Opt)]
    private static partial Regex MetastaticExcluded { get; }
    [GeneratedRegex(@"(?:candidates?|eligible|suitable|amenable)\s+(?:for|to)\s+(?:\w+\s+){0,2}(?:curative|definitive|radical|surgical|surgery|resection)|(?<!un-?)(?<!un)\bresectable (?:disease|tumou?r|NSCLC|lung|cancer|stage)|potentially curable|curative[- ]intent (?:treatment|therapy|surgery|resection)|early[- ]stage (?:disease|NSCLC|lung)", Opt)]
    private static partial Regex CurativeCandidate { get; }
    [GeneratedRegex(@"completely resected|complete (?:surgical )?resection|\bR0\b|(?:underwent|undergone|had|have had|after|following|status post)\s+(?:\w+\s+){0,3}(?:resection|surgery|lobectomy|pneumonectomy|segmentectomy)|post-?operative|surgically resected|(?<!un)resected (?:stage|NSCLC|non-small|lung|tumou?r|disease)|adjuvant (?:therapy|treatment|setting) after", Opt)]
    private static partial Regex Resected { get; }

    // ------------------------------------------------------------------ newly diagnosed

    /// <summary>"Newly diagnosed NSCLC", "newly diagnosed, previously untreated stage IV": no earlier treatment for the cancer.</summary>
    private static void NewlyDiagnosed(TrialCriteria c, List<Item> inclusion)
    {
        if (c.PretreatedRequired || c.TreatmentNaiveRequired) return;
        foreach (var i in inclusion)
        {
            var t = i.Text;
            if (!i.Mentions(["newly", "new diagnosis", "recently diagnosed"])) continue;
            if (Rx(@"(?:newly|recently)[- ]diagnosed|new diagnosis of").Match(t) is not { Success: true } m) continue;
            var after = t[m.Index..Math.Min(t.Length, m.Index + 80)];
            if (!Rx(@"NSCLC|non-small|lung|cancer|carcinoma|stage|advanced|metastatic|disease|patients|tumou?r").IsMatch(after)) continue;
            if (Rx(@"^(?:newly|recently)[- ]diagnosed (?:or (?:previously treated|stable|untreated|recurrent|progressive)|\w+ )?(?:brain|CNS|intracranial)|\bor (?:recurrent|relapsed|previously treated|progressive|progressing)|\bor\b[^.;]{0,30}(?:progress|recurr|relaps)|brain|CNS|lepto|mening").IsMatch(after)) continue;
            Flag(c, nameof(TrialCriteria.TreatmentNaiveRequired), i);
            return;
        }
    }

    // ------------------------------------------------------------------ to check

    /// <summary>An inclusion that only says what is allowed, clause by clause ("Allowable prior therapy includes …", "prior chemotherapy is
    /// allowed but not mandatory"): it requires nothing.</summary>
    private static bool OnlyPermits(string t) =>
        (AllowedList.IsMatch(t) || Permissive.IsMatch(t)) && ClauseBreak.Split(t).Where(x => x.Trim().Length > 0).All(x => AllowedList.IsMatch(x) || Permissive.IsMatch(x));

    /// <summary>
    /// Details of biomarkers and of earlier treatment the record can show: a PD-L1 floor ("PD-L1 TPS ≥ 1%"; not when the item gives
    /// cohorts on both sides of a threshold) and the one assay it accepts, the EML4-ALK variant a trial is limited to ("EML4-ALK variant 3
    /// (v3a or v3b)"), a partner other than EML4, ALK shown by more than IHC, "stopping for intolerance does not qualify" (earlier TKIs
    /// must have stopped for progression) or progression required where intolerance may still qualify, and a time condition on earlier
    /// (neo)adjuvant therapy.
    /// </summary>
    private static void BiomarkerDetails(TrialCriteria c, List<Item> inclusion)
    {
        foreach (var i in inclusion)
        {
            foreach (var sentence in Sentences(i.Text))
            {
                if (StatedExcluded.IsMatch(sentence) || Rx(@"\bclosed\b|completed accrual").IsMatch(sentence)) continue;
                if (c.PdL1Min is null && Rx(@"PD-?L1[^.;]{0,40}?(?:(?:≥|>=|>|at least|of at least|greater than or equal to)\s*(\d{1,3})\s*%|(?<![<≤]\s?)\b(\d{1,3})\s*%\s*or (?:more|higher|greater|above))").Match(sentence) is { Success: true } pd
                    && !Rx(@"PD-?L1[^.;]{0,40}?(?:<|≤|<=|less than|negative)\s*\d|regardless of PD-?L1|any PD-?L1").IsMatch(i.Text) && !ConditionalPopulation.IsMatch(sentence))
                {
                    c.PdL1Min = int.Parse(pd.Groups[1].Success ? pd.Groups[1].Value : pd.Groups[2].Value, CultureInfo.InvariantCulture) + (pd.Value.Contains('>') && !pd.Value.Contains('=') ? 1 : 0);
                    c.Quotes[nameof(TrialCriteria.PdL1Min)] = i.Text;
                    c.Understood.Add(i.Text);
                }
                if (c.AlkVariantsRequired.Count == 0 && Rx(@"EML4-?ALK\s+(?:fusion\s+)?variants?\s*(\d)(?:[ab])?(?:\s*(?:,|or|and)\s*(?:variants?\s*)?(\d)[ab]?)?").Match(sentence) is { Success: true } v
                    && !Rx(@"any (?:EML4-?ALK )?variant|regardless of (?:the )?variant|all variants|at least one\b|one or more\b|any (?:one )?of\b|\beither\b").IsMatch(sentence))
                {
                    c.AlkVariantsRequired.Add(v.Groups[1].Value);
                    if (v.Groups[2].Success) c.AlkVariantsRequired.Add(v.Groups[2].Value);
                    c.Quotes[nameof(TrialCriteria.AlkVariantsRequired)] = i.Text;
                }
            }
            if (Rx(@"intoleran\w*[^.;]{0,80}(?:does not qualify|do not qualify|not eligible|is not sufficient|are not eligible|is insufficient)|(?:discontinu\w*|stopped)[^.;]{0,40}(?:toxicity|intoleran\w*|side[- ]effects?|adverse (?:events?|effects?|reactions?)|tolerability)[^.;]{0,60}(?:(?:does not|do not|not) (?:qualify|count)|(?:are|is) (?:not eligible|ineligible))").IsMatch(i.Text))
            {
                c.ProgressionOnPriorRequired = true;
                c.Quotes[nameof(TrialCriteria.ProgressionOnPriorRequired)] = i.Text;
            }
            else if (Rx(@"progress\w*[^.;]{0,40}\b(?:on|while|during|after|within \d+ (?:days|weeks|months) (?:of|after))\b[^.;]{0,80}(?:\bALK\b|\bTKI|inhibitor|tinib\b)|(?:\bALK\b|\bTKI|tinib\b)[^.;]{0,60}\bwith (?:\w+ ){0,3}progress").IsMatch(i.Text)
                && Rx(@"intoleran\w*[^.;]{0,80}(?:remain|are|is|also) eligible|intoleran\w*[^.;]{0,40}provided|within \d+ (?:days|weeks|months) (?:of|after) (?:the )?(?:last|final) dose").IsMatch(i.Text))
            {
                c.ProgressionOnPriorMentioned = true;
                c.Quotes[nameof(TrialCriteria.ProgressionOnPriorMentioned)] = i.Text;
            }
            // "ALK fusion with a partner other than EML4", "non-EML4 fusion partners"
            if (Rx(@"partner[^.;]{0,20}\bother than EML4|\bnon-?EML4\b|EML4[^.;]{0,40}\b(?:are|is) (?:not eligible|ineligible|excluded)").IsMatch(i.Text))
            {
                c.NonEml4PartnerRequired = true;
                c.Quotes[nameof(TrialCriteria.NonEml4PartnerRequired)] = i.Text;
            }
            // "IHC alone is not sufficient", "ALK by FISH or NGS only (IHC not accepted)"
            if (Rx(@"\b(?:IHC|immunohistochem\w*)\b[^.;]{0,60}\b(?:alone|only)\b[^.;]{0,30}\b(?:not sufficient|insufficient|not (?:be )?accept\w*|does not qualify)|\b(?:IHC|immunohistochem\w*)\b(?:[- ]based)? (?:results? )?(?:is|are) not (?:sufficient|accepted|acceptable)").IsMatch(i.Text)
                // not where IHC is what the trial requires ("FISH- or NGS-only positivity without a positive D5F3 IHC result is not acceptable")
                && !Rx(@"(?:FISH|NGS|sequencing)[- ]?only|without (?:a )?(?:positive )?(?:\w+ ){0,2}IHC").IsMatch(i.Text))
            {
                c.AlkMolecularTestRequired = true;
                c.Quotes[nameof(TrialCriteria.AlkMolecularTestRequired)] = i.Text;
            }
            // "Fusions identified solely in circulating tumour DNA are not sufficient", "plasma-only results are not accepted": tissue is needed.
            // (Not "plasma when tissue is not sufficient": tissue is what may be insufficient there.)
            if (i.Mentions(["alk", "fusion", "rearrang"]) && Rx(@"(?:ctDNA|cfDNA|circulating tumou?r DNA|plasma|liquid biops\w*|blood)(?:(?!tissue|\bif\b|\bwhen\b|\bwhere\b)[^.;]){0,60}\b(?:not (?:be )?(?:sufficient|accept\w*|adequate|permitted|allowed)|insufficient|does not qualify|do not qualify)").IsMatch(i.Text))
            {
                c.AlkTissueRequired = true;
                c.Quotes[nameof(TrialCriteria.AlkTissueRequired)] = i.Text;
                c.Understood.Add(i.Text);
            }
            // "PD-L1 … determined with the 22C3 assay. Results from other PD-L1 assays are not acceptable"
            if (c.PdL1Min is not null && c.PdL1Assay is null && Rx(@"other (?:PD-?L1 )?(?:assays?|antibod\w*|clones?)[^.;]{0,60}(?:not (?:be )?accept\w*|not (?:be )?allowed|not permitted|will not)|\bonly\b[^.;]{0,40}(?:" + PdL1Assays + @")|(?:" + PdL1Assays + @")[^.;]{0,40}\bonly\b").IsMatch(i.Stripped)
                && Rx(@"\b(" + PdL1Assays + @")\b").Match(i.Stripped) is { Success: true } assay)
            {
                c.PdL1Assay = assay.Groups[1].Value.ToUpperInvariant();
                c.Quotes[nameof(TrialCriteria.PdL1Assay)] = i.Text;
            }
            // "Prior (neo)adjuvant chemotherapy is permitted only if the last dose was at least 12 months before …"
            if (Rx(@"(?:neo-?)?adjuvant[^.;]{0,80}\b(?:only if|provided|if (?:the )?(?:last|final)|as long as)\b[^.;]{0,80}\b\d+\s*(?:months?|weeks?|days?)|(?:neo-?)?adjuvant[^.;]{0,80}(?:completed|ended|last dose)[^.;]{0,40}(?:at least|≥|>|more than)\s*\d+\s*(?:months?|weeks?)").IsMatch(i.Text))
            {
                c.AdjuvantIntervalRequired = true;
                c.Quotes[nameof(TrialCriteria.AdjuvantIntervalRequired)] = i.Text;
            }
        }
    }

    /// <summary>The PD-L1 assays by name, for the trial's "22C3 only" and the record's "TPS 60% (SP263)" alike.</summary>
    internal const string PdL1Assays = "22C3|SP263|SP142|28-8|73-10";

    /// <summary>Requirements no record field shows, always to check even when another reader took something else from the item:
    /// oligoprogression, recurrence after definitive therapy, a result on plasma (ctDNA) rather than tissue or from a sample taken after
    /// the latest progression, smoking history, a caregiver who must take part.</summary>
    [GeneratedRegex(@"(?<setting>oligo-?progress|medically inoperable|(?:declin|refus)\w* (?:\w+ )?(?:surgery|resection)|recurren\w* (?:\w+ ){0,2}(?:after|following) (?:\w+ ){0,2}(?:definitive|curative|surgical|complete|prior|previous))|(?<driver>(?<!(?:tissue|tumou?r|biopsy|archival)\s(?:and/)?or\s)(?:\bctDNA\b|\bplasma\b|liquid biopsy)(?!\s(?:and/)?or\s(?:tissue|tumou?r))|(?:detected|identified|confirmed|found)\s+(?:in|on|from)\s+(?:\w+\s+){0,4}(?:collected|obtained|taken|drawn)\s+(?:after|following|at|upon)\s+(?:\w+\s+){0,3}progression)|(?<other>never[- ]smok|non-?smok|light smok|pack[- ]years?|smoking history)|(?<caregiver>care-?giver[^.;]{0,80}(?:agrees|willing|able) to (?:enrol|enroll|participate|take part|attend)|without a participating care-?giver)|(?<setting2>(?:(?:no later than|within|not more than|no more than|less than|fewer than|≤|<=|<|up to|at most)\s*\d+|(?:between\s+)?\d+\s*(?:-|–|to|and)\s*\d+)\s*(?:days?|weeks?|months?)\s+(?:after|following|of|from|since)\s+(?:the\s+)?(?:date of\s+)?(?:complete\s+|curative\s+|surgical\s+|primary\s+|definitive\s+)?(?:resection|surgery|operation|lobectomy|pneumonectomy|diagnosis))|(?<plan>\b(?:plan(?:ning|ned|s)?|scheduled|about|due|going|intend(?:ing|s|ed)?|expect(?:ed|ing)?|deemed|recommended)\s+to\s+(?:start|begin|initiate|commence|receive|undergo)\s+(?!(?:a\s+|any\s+)?(?:major\s+)?(?:surg|procedure))|\b(?:starting|initiating|beginning|commencing)\s+(?:a |an |the |their )?(?:new |first |next |subsequent )?(?:line|course|regimen|systemic|treatment|therapy|chemo\w*|immuno\w*|targeted)(?!\s+(?:(?:on|in|with)\s+(?:this\s+|the\s+)?)?(?:study|trial|protocol)))|(?<condition>\bimpair(?:ment|ed)\b|\bfrail(?:ty)?\b|\bgrade\s*(?:≥|>=|>|of at least|at least)\s*[1-4]\b|\bgrade\s*[1-4]\s*(?:or|and)\s*(?:higher|greater|above|worse)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RecordCannotShow { get; }

    /// <summary>Inclusion items that only list what is allowed ("Allowable prior therapy includes …", "prior X is permitted").</summary>
    [GeneratedRegex(@"^\W*(?:allowable|allowed|permitted|acceptable) (?:prior |previous )?(?:therap|treatment|regimen|line)|(?:therap\w*|treatments?|regimens?|lines?)[^.;]{0,20}\b(?:are|is)?\s*(?:allowed|permitted|allowable|acceptable)(?:\s*[:,]|\s+(?:includ|as follows))|\b(?:is|are) (?:also )?(?:allowed|permitted|allowable|acceptable)(?:\W*$| to\b)|\bmay have (?:received|had)\b[^.;]*$", Opt)]
    private static partial Regex AllowedList { get; }

    /// <summary>Exclusions about timing (washouts) or other cancers rather than who may join.</summary>
    [GeneratedRegex(@"toxicit\w*[^.;]{0,80}(?:resolv|recover)|(?:unresolved|resolution of)[^.;]{0,40}toxicit|adverse (?:event|reaction)|\bAEs?\b|irAE|immune[- ]related|hypersensitiv|allerg|contraindicat|skin cancer|basal cell|in situ|additional (?:\w+ )?malignan|\b\d+\s*(?:days?|weeks?|half-lives)\b|recovered from|child-?bearing|contracepti|pregnan|breast-?feed|\bother (?:\w+ )?(?:cancer|malignan)|(?:prior|previous|history of|second) (?:\w+ )?(?:primary )?(?:cancer|malignan)|since the age|at the age|within (?:\d+|the (?:last|past|previous))|\b\d+\s*(?:days?|weeks?|half-lives)\b|half-lives|washout|before (?:the )?first dose|prior to (?:the )?(?:first dose|randomi[sz]ation|enrol|start of study)|other (?:active )?malignan|another (?:primary )?malignan|second (?:primary )?malignan", Opt)]
    private static partial Regex ExclusionBenign { get; }

    private static readonly (string Dimension, string Inclusion, string? Exclusion)[] Hazards =
    [
        ("setting", @"oligo-?(?:progress|metasta|persist|residual)|\bresect|adjuvant|curative|early[- ]stage|non-?metastatic|(?:without|\bno\b|absence of|free of)\s+(?:\w+\s+){0,3}metasta|locali[sz]ed|limited[- ]stage|extensive[- ](?:stage|disease)|\bstages?\s*(?:0|I{1,3}V?|IV|[1-4])[ABC]?\b|\b(?:metastatic|advanced|recurrent) (?:disease|NSCLC|non-small|lung|cancer|solid|tumou?r|setting|or|and|unresectable)|\boperable|\bM[01]\b|definitive (?:chemo)?radi",
            @"\bmetastatic (?:disease|NSCLC|cancer)|distant metasta|\bstage\s*(?:IV|4)\b|\bM1\b|(?<!un)resectable|curative|early[- ]stage|\badvanced (?:disease|NSCLC|cancer)"),
        ("driver", @"(?-i:\b(?:ALK|EGFR|KRAS|HER2|ERBB2|RET|ROS1|BRAF|MET|NTRK\d?|NRG1|MTAP|PIK3CA|FGFR\d?|STK11|KEAP1|TP53)\b)|anaplastic lymphoma|wild[- ]?type|actionable|targetable|druggable|oncogenic|driver (?:gene|mutation|alteration|oncogene)|genomic alteration|sensiti[sz]ing mutation|PD-?L1 (?:expression|TPS|tumou?r proportion|≥|>=|>|positive|high)",
            @"(?-i:\bALK\b)|anaplastic lymphoma|actionable|targetable|druggable|oncogenic driver|driver (?:gene|mutation|alteration|oncogene)|genomic alteration|sensiti[sz]ing"),
        ("histology", @"(?<!non[- ]?)(?<!non)\bsquamous|(?<!non[- ]?)(?<!non)\bsmall[- ]cell|\bSCLC\b|neuroendocrine|\bDLL-?3\b|mesothelioma|lymphoma|\bALCL\b|neuroblastoma|myofibroblastic|sarcoma|carcinoid|large[- ]cell",
            @"(?<!non[- ]?)(?<!non)\bsquamous|adenocarcinoma|non-?squamous"),
        ("therapy", @"na[iï]ve|newly diagnosed|untreated|first[- ]line|\b[12]L\b|progress\w*\s+(?:on|after|following|during|despite)|refractory|relapsed|previously treated|pre-?treated|must have (?:received|had|been treated)|\bTKIs?\b|tyrosine kinase|lorlatinib|alectinib|brigatinib|crizotinib|ceritinib|ensartinib|osimertinib|platinum|chemotherapy|immunotherapy|pembrolizumab|nivolumab|atezolizumab|durvalumab|\bPD-?L?1\b|checkpoint|lines? of (?:systemic )?(?:therapy|treatment)|(?:prior|previous) (?:systemic|anti-?cancer|targeted)",
            @"\bTKIs?\b|tyrosine kinase|ALK inhibitor|lorlatinib|alectinib|brigatinib|crizotinib|ceritinib|ensartinib|lines? of (?:prior )?(?:systemic |anti-?cancer )?(?:therapy|treatment)|(?:prior|previous|any) (?:(?:systemic|anti-?cancer|antineoplastic|targeted) ){1,2}(?:therapy|treatment)|(?:received|had) (?:any )?(?:prior |previous )?(?:systemic|anti-?cancer|targeted) (?:therapy|treatment)"),
        ("chemotherapy", @"(?!)", @"chemotherap|platinum|docetaxel|pemetrexed"),
        ("immunotherapy", @"(?!)", @"immunotherap|\bPD-?L?1\b|\bPD-?\(?L\)?-?1\b|checkpoint|\bCTLA-?4\b|pembrolizumab|nivolumab|atezolizumab|durvalumab"),
        ("age", @"\bage[ds]?\b\s*(?:of\s*)?(?:[≥>≤<=]|at least|greater|less|older|younger|under|over|between|above|below|\d)|\d+\s*(?:years?|yrs?) (?:of age|old)|(?:under|over|older than|younger than)\s*\d{2}\b", @"\bage[ds]?\b\s*(?:of\s*)?(?:[≥>≤<=]|at least|greater|less|older|younger|under|over|between|above|below|\d)|\d+\s*(?:years?|yrs?) (?:of age|old)|(?:under|over|older than|younger than)\s*\d{2}\b"),
        ("performance", @"\bECOG\b|performance status|Karnofsky|\bKPS\b|\bZubrod\b|\bWHO PS\b", @"\bECOG\b|performance status|Karnofsky|\bKPS\b"),
        ("brain", @"\bbrain\b|\bCNS\b|central nervous|intracranial|leptomening", @"\bbrain\b|\bCNS\b|central nervous|intracranial|leptomening"),
    ];

    /// <summary>
    /// Every inclusion or exclusion item that touches a deciding dimension (setting, drivers, histology, prior therapy, age,
    /// performance status, brain metastases) and that no reader turned into a criterion: matching cannot say whether it holds,
    /// so a trial with such an item is at most possibly-eligible, with the item quoted "to check". Permissive items ("… allowed"),
    /// washout periods and other-cancer exclusions cannot exclude for the reason they name and are not listed. Returns the other
    /// inclusion items no reader understood, requirements of their own (<see cref="CheckItem.Requirement"/>).
    /// </summary>
    private static List<string> ScanNotUnderstood(TrialCriteria c, List<Item> inclusion, List<Item> exclusion)
    {
        var unread = new List<string>();
        // The ongoing-therapy exclusion is read only for patients on treatment now; "current or prior …" still needs reading.
        foreach (var (key, q) in c.Quotes)
            if (key is not nameof(TrialCriteria.ConcurrentTherapyExcluded) and not nameof(TrialCriteria.TissueRequired)) c.Understood.Add(q);
        var alternatives = Alternatives(inclusion);
        foreach (var i in inclusion.Concat(exclusion))
        {
            var t = i.Text;
            if (alternatives.Contains(i)) continue;
            if (c.Understood.Contains(t) || t.TrimEnd().EndsWith(':') && t.Length < 120) continue;
            var subPopulation = i.SubPopulationMatch.Success;
            // A cohort of another cancer ("Melanoma: stage III/IV", "Cohort 2B: melanoma …") is not the lung cancer patient's.
            // (Not an item asking for a biomarker level, which may cite another cancer's scoring rules: "HER2 IHC 3+ … per gastric guidelines".)
            if (!i.Exclusion && (i.NamesOtherCancer || Rx(@"histiocytosis|triple[- ]negative|GVHD|graft[- ]versus").IsMatch(t)) && !Lung.IsMatch(t)
                && !Rx(@"\bIHC\s*[0-3]\s*\+|\b[0-3]\+|H-?score|overexpress|expression").IsMatch(t)) continue;
            if (Rx(@"\b(?:all|any) stages?\b|regardless of (?:stage|histolog)").IsMatch(t)) continue;
            // "EGFR and ALK status must be known", "tissue for biomarker testing": a test asked for, no result required.
            var testOnly = !i.Exclusion && Rx(@"\b(?:status|test(?:ing|ed)?|results?|assess\w*|report|sample|specimen|tissue|biopsy|consent)\b").IsMatch(t)
                && !Rx(@"\bmust (?:be|have) (?:positive|negative)|\bpositive\b|\bnegative\b|wild[- ]?type").IsMatch(t);
            var hazard = false;
            // Laboratory limits, washouts, toxicity and other-cancer clauses do not decide who the trial is for.
            if (!testOnly && !i.Benign && !Rx(@"\bULN\b|upper limit of normal|bilirubin|creatinine|clearance|neutrophil|platelet|ha?emoglobin").IsMatch(t))
            {
                var u = AlkSpelledOut.Replace(t, "ALK");
                foreach (var (dimension, inc, exc) in Hazards)
                {
                    var pattern = i.Exclusion ? exc : inc;
                    if (pattern is null || !Rx(pattern).IsMatch(dimension == "setting" ? BrainPhrase.Replace(u, " ") : u)) continue;
                    hazard = true;
                    if (dimension == "age" && subPopulation) break; // an age limit for another group of the study
                    if (c.ToCheck.Count < 8 && !c.ToCheck.Any(x => x.Text == t)) c.ToCheck.Add(new CheckItem(dimension, i.Exclusion, t));
                    break;
                }
            }
            // Any other inclusion item no reader understood is a requirement the record may not meet ("current smokers", "a PHQ-9 of at
            // least 10", "HER2 IHC 3+ or 2+", "HLA-A*02:01"): to check, unless it is one every trial asks (consent, organ function,
            // contraception, follow-up), only asks for a test, or describes another group of the study ("at screening" is not one).
            if (!hazard && !i.Exclusion && !(testOnly && !Rx(@"\d\s*\+|[≥>]|\bscore|express|\bhigh\b|\blow\b|greater|more than|at least|uptake|positive|allele").IsMatch(t))
                // (Only where the item begins with it, "Healthy volunteers: …", "Cohort B: …": "help from a caregiver is allowed" or "one of
                // the following categories: Cohort M …" later in an item is not another group.)
                && !(SubPopulation.Match(Rx(@"\b(?:at|during|before|by|prior to|of|the)\s+screening\b|\bscreening (?:visit|period|assessments?|labs?|tests?)\b").Replace(t, " ")) is { Success: true } group
                    && (group.Index < 40 || t.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && group.Index < colon))
                && !NegatedItem.IsMatch(t) && !EveryTrialAsks.IsMatch(t) && !HealthFacts.AsksLanguage(t)
                && Rx(@"\w\W+\w").IsMatch(t) && !Rx(@"^\W*(?:phase|part|cohort|arm|group|step)\s*\w{0,4}\W*$").IsMatch(t)
                // A condition on some participants ("If on anticoagulant therapy: …", "In case of centrally located tumors") or a note.
                && !Rx(@"^\W*(?:if|in case|in the case|when|whenever|where|for (?:the purposes?|those|patients|participants|subjects) (?:of|who|with|on|receiving|taking)|note\b|[A-Z ]{6,}:)").IsMatch(t)
                && !c.ToCheck.Any(x => x.Text == t))
                unread.Add(t);
        }
        return unread;
    }

    /// <summary>Inclusion items that ask what nearly every trial asks and a record does not decide: consent and compliance, organ
    /// function and laboratory limits, contraception, life expectancy, tissue or samples, measurable disease, recovery from toxicity.</summary>
    [GeneratedRegex(@"consent|comply|complian|\bwilling|\bable to (?:swallow|comply|understand|read|provide|give|attend|complete|follow)|\bability to (?:swallow|comply|understand|read|provide|give|attend|complete|follow)|capable of (?:giving|understanding|complying)|follow-?up|contracept|child-?bearing|condom|birth control|pregnancy test|steril|abstinen|life expectancy|expected survival|surviv\w* (?:of )?(?:at least|≥|>)|organ (?:and marrow )?function|bone marrow|marrow function|hepatic function|renal function|liver function|kidney function|haematolog|hematolog|laboratory (?:values|parameters|tests|function)|\bULN\b|upper limit|bilirubin|creatinine|clearance|neutrophil|\bANC\b|platelet|ha?emoglobin|\bAST\b|\bALT\b|albumin|\bINR\b|measurable|evaluable|RECIST|\bRANO\b|recovered from (?:\w+ ){0,3}(?:toxicit|adverse|side effects|surgery|prior|previous|the effects)|resolv\w* (?:of |to )?(?:\w+ ){0,3}(?:toxicit|adverse|grade)|toxicit|washout|\bECG\b|\bQTc|LVEF|ejection fraction|echocardiog|\bMUGA\b|HIPAA|authori[sz]ation|sexual|sperm|oocyte|\bage\b|years? (?:of age|old)|\bas defined\b|\badequate|coagulation|lymphocyte|pulmonary function|\bsex\b|gender|target lesion|e-?mail|tele?phone|contacted", Opt)]
    private static partial Regex EveryTrialAsks { get; }

    /// <summary>An item that rules something out from its first words ("No active hepatitis B", "Non-pregnant", "Patients must not have …").</summary>
    [GeneratedRegex(@"^\W*(?:no|not|without|absence of|free of|negative (?:for|test))\b|^\W*non-|^\W*(?:(?:participants?|patients?|subjects?|women|men)\s+)?(?:must|should|may|can)\s*not\b", Opt)]
    private static partial Regex NegatedItem { get; }

    /// <summary>Inclusion items that are one of several alternatives ("… OR" / "OR …"): the patient may meet another, so one cannot exclude alone.</summary>
    private static HashSet<Item> Alternatives(List<Item> inclusion)
    {
        var alternatives = new HashSet<Item>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < inclusion.Count; k++)
            if (Alternative.IsMatch(inclusion[k].Text) || k > 0 && Alternative.IsMatch(inclusion[k - 1].Text) || k + 1 < inclusion.Count && Rx(@"^\s*OR\b").IsMatch(inclusion[k + 1].Text))
                alternatives.Add(inclusion[k]);
        return alternatives;
    }

    [GeneratedRegex(@"anaplastic lymphoma kinase(?:\s*\(ALK\))?", Opt)]
    private static partial Regex AlkSpelledOut { get; }

    [GeneratedRegex(@"(?:brain|CNS|central nervous system|intracranial|leptomeningeal)[^.;]{0,30}metasta\w*|metasta\w* (?:to|in|of) the (?:brain|central nervous system|CNS)", Opt)]
    private static partial Regex BrainPhrase { get; }
}
