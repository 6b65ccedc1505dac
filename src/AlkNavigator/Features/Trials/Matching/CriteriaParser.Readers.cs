using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>CriteriaParser: one reader per criterion family (disease, histology, ALK and other drivers, stage and setting, prior therapy, mutations, brain metastases, ECOG, age, sex, countries).</summary>
public static partial class CriteriaParser
{
    // ------------------------------------------------------------------ pieces

    private static string Disease(string header, string[] conditions, string titles, List<Item> inclusion, List<Item> exclusion)
    {
        var inclusionText = string.Join(" \n ", inclusion.Select(i => i.Text));
        var nonSmall = SmallCellOnly.Replace(header, " ");
        // Populations that are not patients with cancer: surveys of clinicians, screening or prevention in people without cancer.
        if (SurveyTitle.IsMatch(titles) && Clinicians.IsMatch(inclusionText)) return DiseaseKinds.NonCancer;
        // Studies of caregivers or family members ("Adult family member who provides unpaid care to a person with …"), not of patients.
        if (Rx(@"care-?giv|\bcarers?\b|\bfamil(?:y|ies)\b|\bspouses?\b").IsMatch(titles)
            && (!Rx(@"dyad|patients? and (?:their )?(?:\w+ )?(?:care-?givers?|carers?|famil)").IsMatch(titles + " " + inclusionText)
                || Rx(@"(?:patient|person)[^.;]{0,40}\bnot (?:be )?(?:enrolled|a (?:study )?participant)|only the care-?giver").IsMatch(inclusionText))
            && inclusion.Any(i => Rx(@"^\W*(?:participants are\s+)?(?:adults?\s+)?(?:\([^)]*\)\s*)?(?:(?:primary|informal|unpaid|family|adult)\s+)*(?:care-?givers?|carers?|family members?|relatives?)\b|\bprovides? (?:\w+ ){0,2}care (?:to|for)\b|population is (?:the )?(?:care-?givers|carers)|\bcare-?giver of (?:a|an|the)\b").IsMatch(i.Text)))
            return DiseaseKinds.NonCancer;
        var cancerRequired = inclusion.Any(i => i.Mentions(CancerWords) && (CancerRequired.IsMatch(i.Text) || CancerRequired.IsMatch(i.Stripped)) && !Rx(@"\b(?:no|without|free of)\s+(?:\w+\s+){0,2}(?<!anti-)(?:cancer|malignan)|\bsmok|screen|\bat risk\b|risk of").IsMatch(i.Text));
        // An exclusion about cancer in general ("history of cancer") means a population without it; one about the trial's own cancer
        // ("neoadjuvant therapy for the current lung cancer") does not.
        if (!cancerRequired && inclusion.Count > 0 && exclusion.Any(i => i.Mentions(CancerWords) && CancerHistoryExclusion.IsMatch(i.Text) && !OtherMalignancy.IsMatch(i.Text)
                && !Rx(@"\b(?:for|of|to)\s+(?:the|their|this|his|her)\s+(?:current|present|primary|index|underlying)?\s*(?:lung\s+)?(?:cancer|malignan|NSCLC|tumou?r)|\bcurrent\s+(?:lung\s+)?cancer|(?:cancer|malignan\w*|NSCLC)\s+(?:surgery|resection|treatment|therapy|radiotherapy|chemotherapy|vaccines?|immunotherapy|drugs?|medications?)|(?:therapy|treatment|surgery|radiotherapy|chemotherapy)\s+(?:for|of)\s+(?:\w+\s+)?(?:lung\s+)?(?:cancer|NSCLC)").IsMatch(i.Text)))
            return DiseaseKinds.NonCancer;
        if (Paediatric.IsMatch(titles)) return DiseaseKinds.OtherCancer;
        if (Lung.IsMatch(nonSmall)) return DiseaseKinds.Nsclc;
        if (conditions.Any(Solid.IsMatch) || Solid.IsMatch(titles))
            return Lung.IsMatch(SmallCellOnly.Replace(inclusionText, " ")) ? DiseaseKinds.Nsclc : DiseaseKinds.SolidTumours;
        if (conditions.Any(c => CancerWord.IsMatch(c)) || CancerWord.IsMatch(titles))
            return Lung.IsMatch(SmallCellOnly.Replace(inclusionText, " ")) && Rx(@"cancers?\b|solid|tumou?rs").IsMatch(titles) && !SmallCellOnly.IsMatch(header)
                ? DiseaseKinds.Nsclc : DiseaseKinds.OtherCancer;
        return DiseaseKinds.NonCancer;
    }

    private static string SentenceAround(string text, int index)
    {
        var from = text.LastIndexOf(". ", Math.Max(0, index), StringComparison.Ordinal) + 1;
        var to = text.IndexOf(". ", index, StringComparison.Ordinal);
        return text[from..(to < 0 ? text.Length : to + 1)].Trim();
    }

    private static IEnumerable<string> Sentences(string t) => SentenceBreak.Split(t).Where(x => x.Length > 0);

    /// <summary>The sentences of a text that <paramref name="keep"/> accepts (it sees each as <see cref="Sentences"/> gives it), each
    /// with its own full stop or semicolon: dropping a sentence must not join the next one's words to the one before ("no more than
    /// 24 months" reaching "targeted therapy").</summary>
    private static string KeptSentences(string t, Func<string, bool> keep)
    {
        var kept = new List<string>();
        var from = 0;
        foreach (Match m in SentenceBreak.Matches(t))
        {
            Add(t[from..m.Index], m.Value.TrimEnd());
            from = m.Index + m.Length;
        }
        Add(t[from..], "");
        return string.Join(" ", kept);

        void Add(string sentence, string end)
        {
            if (sentence.Length > 0 && keep(sentence)) kept.Add(sentence + end);
        }
    }

    /// <summary>"Targeted therapy, immunotherapy and chemotherapy all count as prior lines": what counts, not what is required.</summary>
    private const string CountsAsLines = @"\bcounts? (?:as|toward)|\ball count\b|(?:do|does) not count";

    /// <summary>Prior chemotherapy and immunotherapy requirements, read sentence by sentence ("NSCLC and must have received platinum. If eligible, ... PD-1").</summary>
    private static void TherapySentence(TrialCriteria c, Item i, string t)
    {
        // "No prior chemotherapy for advanced disease" among the inclusions: chemotherapy excluded (a washout is not).
        if (Chemo.IsMatch(t) && Rx(@"\b(?:no|without)\s+(?:prior|previous)\s+(?:\w+[- ]){0,2}chemo|chemo\w*[- ]na[iï]ve").IsMatch(t) && !Rx(@"within|\bdays?\b|\bweeks?\b|\bmonths?\b").IsMatch(t))
            Flag(c, nameof(TrialCriteria.PriorChemoExcluded), i);
        // "Prior chemotherapy is not required", "≤ 1 prior chemotherapy": permitted or capped, not required.
        if (Chemo.IsMatch(t) && PriorWord.IsMatch(t) && !NoPrior.IsMatch(t) && !Rx(@"candidates? for|eligible for|suitable for|to receive|will receive|standard platinum combination|randomi|substitut|\bwho develop|with or without (?:[\w-]+ ){0,2}(?:chemo|platinum)|and/or (?:[\w-]+ ){0,2}chemo|" + CountsAsLines + @"").IsMatch(t)
            && !Rx(@"^\W*(?:be\s+)?(?:eligible|fit|suitable|candidates?|a candidate)\s+(?:to receive|for)\b").IsMatch(t)
            && !Permissive.IsMatch(t) && !Rx(@"(?:≤|<=|<|up to|no more than|not more than|at most|maximum of|a maximum of)\s*(?:\d|one|two)\s+(?:[\w-]+\s+){0,4}chemo").IsMatch(t)
            && (!Drivers.IsMatch(t) || Alk.IsMatch(t) || GenericDriverPositive.IsMatch(t) || Rx(@"driver gene").IsMatch(t)))
            Flag(c, nameof(TrialCriteria.PriorChemoRequired), i);
        if (Immunotherapy.IsMatch(t) && ImmunotherapyNeed.IsMatch(t) && !PdL1Test.IsMatch(t) && !NoPrior.IsMatch(t) && !Permissive.IsMatch(t) && !Rx(@"\b(?:are|is|remains?) (?:also |still )?eligible\b").IsMatch(t)
            && !Rx(@"if eligible|where (?:eligible|appropriate)|if (?:approved|available|indicated)|\bor (?:intoleran|ineligib)|with or without (?:\w+[- ]){0,2}(?:immuno|PD-?L?1|checkpoint|anti-PD|ICI|IO\b)|" + CountsAsLines + @"|(?:≤|<=|<|up to|no more than|not more than|at most|maximum of)\s*(?:\d|one|two|three)\s+(?:prior\s+)?(?:lines?|regimens?)\s+of\s+(?:[\w/-]+\s+){0,3}?(?:immuno|PD-?L?1|checkpoint)").IsMatch(t))
            Flag(c, nameof(TrialCriteria.ImmunotherapyRequired), i);
    }

    /// <summary>The generic name of an ALK TKI as the parser found it ("Lorbrena" → lorlatinib, "NVL-655" → neladalkib).</summary>
    private static string Agent(string found) => MatchProfile.CanonicalTki(found);

    /// <summary>A change to another ALK TKI: "switched to a subsequent ALK TKI", "started a next-line ALK inhibitor", "whose ALK inhibitor has
    /// already been changed".</summary>
    [GeneratedRegex(@"switch\w*\s+(?:over\s+)?(?:to\s+)?(?:an?\s+|the\s+|their\s+)?(?:(?:subsequent|next|new|another|different|second|later)(?:-line)?\s+)?(?:[\w-]+\s+){0,2}?(?:TKI|inhibitor|tyrosine)|chang\w*\s+(?:to\s+(?:an?\s+)?(?:subsequent|next|new|another|different|second|later)(?:-line)?\s+|(?:their|the)\s+)(?:[\w-]+\s+){0,2}?(?:TKI|inhibitor|tyrosine)|(?:mov\w*|transition\w*|start\w*|began|begun|initiat\w*|progressed)\s+(?:on\s+)?(?:to\s+)?(?:an?\s+|the\s+)?(?:subsequent|next|new|another|different|second|later)(?:-line)?\s+(?:[\w-]+\s+){0,2}?(?:ALK|TKI|inhibitor|tyrosine)|(?:TKI|inhibitor)\s+(?:has|have|was|were)\s+(?:already\s+)?(?:been\s+)?(?:switched|changed)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LaterAlkTki { get; }

    /// <summary>A sentence or clause that permits something ("… is allowed", "… are eligible") and does not also rule something out.</summary>
    private static bool PermittingSentence(string s) =>
        Rx(@"\b(?:allowed|permitted|acceptable|eligible)\b").IsMatch(s)
        && !Rx(@"\bnot\s+(?:be\s+)?(?:allowed|permitted|acceptable|eligible)|\bineligible|\bexclud|\bbut not\b|\bexcept").IsMatch(s);

    /// <summary>A permitting sentence with a condition ("… is allowed for Cohort 2 if followed by another ALK TKI", "… acceptable only if stopped
    /// for intolerance"): it neither excludes nor makes its drugs exceptions; the record cannot settle the condition, so it is to check.</summary>
    private static bool ConditionalPermission(string s) => PermittingSentence(s) && Rx(@"\bonly if\b|\bprovided\b|\bunless\b|\bif\b|\bonly when\b").IsMatch(s);

    /// <summary>"ALK negative", "ALK-", "non-ALK", "ALK wild-type" in one condition or keyword.</summary>
    private static bool IsAlkNegativePart(string part) =>
        AlkNegative.IsMatch(part) || Rx(@"non-?ALK|\bALK\s*(?:-|–)\s*(?:$|neg|\))|\bALK[- ]?neg").IsMatch(part);

    /// <summary>ALK TKIs named after "other than" / "except" ("an ALK inhibitor other than crizotinib" → crizotinib).</summary>
    private static List<string> ExceptedAgents(string t)
    {
        var result = new List<string>();
        foreach (Match m in ExceptList.Matches(t))
            foreach (Match a in Tki.Matches(m.Groups[1].Value))
                if (!result.Contains(Agent(a.Value))) result.Add(Agent(a.Value));
        // "…; prior crizotinib, ceritinib or alectinib is allowed": the drugs of a clause that permits them.
        foreach (var clause in Rx(@";|\.\s").Split(t))
            if (PermittingSentence(clause) && !ConditionalPermission(clause))
                foreach (Match a in Tki.Matches(clause))
                    if (!result.Contains(Agent(a.Value))) result.Add(Agent(a.Value));
        return result;
    }

    /// <summary>
    /// ALK TKIs of a generation: first crizotinib; second ceritinib, alectinib, brigatinib, ensartinib, iruplinalkib, envonalkib;
    /// third lorlatinib; fourth neladalkib, zotizalkib. "Next-", "later-" and "newer-generation" are how trials name every ALK TKI
    /// after crizotinib (Katayama 2014 calls alectinib "the next-generation ALK inhibitor"), so they cover all of those, not only the newest.
    /// </summary>
    private static string[] OfGeneration(string word) => word.ToLowerInvariant() switch
    {
        "first" or "1st" => ["crizotinib"],
        "second" or "2nd" => ["ceritinib", "alectinib", "brigatinib", "ensartinib", "iruplinalkib", "envonalkib"],
        "third" or "3rd" => ["lorlatinib"],
        "fourth" or "4th" => ["neladalkib", "zotizalkib"],
        _ => [.. AfterCrizotinib],
    };

    /// <summary>Every ALK TKI after crizotinib: what "next-generation ALK inhibitor" means in eligibility criteria.</summary>
    internal static readonly string[] AfterCrizotinib =
        ["ceritinib", "alectinib", "brigatinib", "lorlatinib", "ensartinib", "iruplinalkib", "envonalkib", "neladalkib", "zotizalkib"];

    /// <summary>
    /// An exclusion about prior ALK-directed therapy: "more than 2 prior ALK TKIs" caps the count; "a third-generation ALK inhibitor"
    /// excludes that generation's agents; "an ALK inhibitor other than crizotinib" spares crizotinib; otherwise any prior ALK TKI excludes.
    /// </summary>
    private static void ExcludedAlkTherapy(TrialCriteria c, Item i)
    {
        // A sentence that permits ("Prior crizotinib is allowed for Cohort 2 if followed by at least one other ALK TKI") excludes nothing:
        // its drugs are exceptions (ExceptedAgents), its counts no cap.
        var t = KeptSentences(i.Text, s => !PermittingSentence(s)) is { Length: > 0 } own ? own : i.Text;
        if (Sentences(i.Text).Any(ConditionalPermission) && !c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem("therapy", true, i.Text));
        if (!AlkTherapy.IsMatch(t) && !Tki.IsMatch(t))
        {
            c.Understood.Add(i.Text); // ALK therapy is named only where it is permitted
            return;
        }
        // "Prior ALK inhibitor other than as allowed above": an exception another criterion sets (a few days of a standard TKI before
        // randomisation), which the record's dates decide — to check for a record with treatment.
        if (Rx(@"(?:other than|except|unless|beyond)\s+(?:as\s+|what is\s+|those\s+)(?:allowed|permitted|specified|described|defined|stated|noted|outlined|indicated)\b(?![^.;]{0,20}\bprotocol\b)").IsMatch(t)
            && Rx(@";|,?\s+or\s+(?=(?:any|prior|previous|more|>|≥)\b)").Split(t).Length == 1)
        {
            if (!c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem("therapy", true, i.Text));
            c.Understood.Add(i.Text);
            return;
        }
        // "Already switched to a subsequent ALK TKI for the current progression": a change of TKI, not any TKI taken (to check for a
        // record with two or more). The item's other clauses are read on ("More than 2 prior ALK TKIs, or started a new ALK inhibitor …").
        if (LaterAlkTki.IsMatch(t))
        {
            if (!c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem(CheckItem.LaterAlkTki, true, i.Text));
            c.Understood.Add(i.Text);
            t = string.Join(", ", Rx(@";\s*|,?\s+or\s+|,\s+(?=(?:any|prior|previous|more|at least)\b)").Split(t).Where(x => !LaterAlkTki.IsMatch(x)));
            if (!AlkTherapy.IsMatch(t) && !Tki.IsMatch(t)) return;
        }
        // "Any anticancer therapy within 14 days; prior ALK TKI within 5 days before the first dose": a washout (the TKI may have been
        // taken, only not lately), in every sentence that names ALK therapy.
        if (Sentences(t).SelectMany(s => Rx(@",?\s+(?:or|and/or)\s+(?=(?:with|any|prior|previous|an?|the)\b)|,\s+(?=(?:any|prior|previous)\b)").Split(s))
                .Where(s => AlkTherapy.IsMatch(s) || Tki.IsMatch(s)).ToList() is { Count: > 0 } alkParts
            && alkParts.All(s => Rx(@"\bwithin\s+(?:\d+|the (?:last|past|previous))|\b\d+\s*(?:days?|weeks?|half-lives)\b").IsMatch(s) && !RequirementWord.IsMatch(s) && !MoreThan.IsMatch(s)))
        {
            c.Understood.Add(t);
            return;
        }
        if (MoreThan.Match(t) is { Success: true } more && AlkTherapy.IsMatch(t[more.Index..Math.Min(t.Length, more.Index + 70)]))
        {
            var cap = more.Groups[1].Success ? Number(more.Groups[1].Value) : Number(more.Groups[2].Success ? more.Groups[2].Value : more.Groups[3].Value) - 1;
            if (c.MaxPriorAlkTkis is null || cap < c.MaxPriorAlkTkis)
            {
                c.MaxPriorAlkTkis = cap;
                c.Quotes[nameof(TrialCriteria.MaxPriorAlkTkis)] = t;
                c.Understood.Add(t);
            }
            return;
        }
        var generations = Generation.Matches(t).Select(m => m.Groups[1].Value).ToList();
        if (generations.Count > 0)
        {
            foreach (var g in generations)
                foreach (var a in OfGeneration(g)) AddAgent(c.AgentsExcluded, a, c, nameof(TrialCriteria.AgentsExcluded), i);
            return;
        }
        // "Prior lorlatinib or any investigational ALK inhibitor", "an ALK inhibitor developed to target G1202R": that class only
        // (named agents are read apart).
        if (Rx(@"(?:investigational|experimental|unapproved|novel)\s+(?:\w+[- ]){0,2}ALK").IsMatch(t) && !Rx(@"\bany (?:prior )?ALK\b(?! \w+ investigational)|approved ALK").IsMatch(t)
            || DrugForTarget.IsMatch(t))
        {
            c.Understood.Add(t);
            return;
        }
        // "Prior progression on any ALK TKI" excludes progression, not use: left to check (not understood), as the record's stop
        // reasons are not always given.
        if (Rx(@"progress\w* (?:\w+ ){0,2}(?:on|while|during|after|despite)\b|progressed|refractory|resistan\w* to|failure (?:of|on)").IsMatch(t))
        {
            if (!c.ToCheck.Any(x => x.Text == t)) c.ToCheck.Add(new CheckItem("therapy", true, t));
            return;
        }
        // "Any lorlatinib before the current course": a record does not tell one course of a drug from another, so it is to check.
        if (CurrentCourse.IsMatch(t))
        {
            if (!c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem("therapy", true, i.Text));
            c.Understood.Add(i.Text);
            return;
        }
        // "Prior ALK TKI other than adjuvant alectinib": a record does not say which course was adjuvant, so it is to check.
        if (Rx(@"(?:other than|except(?: for)?|besides|apart from|excluding|with the exception of)\s+(?:prior\s+)?(?:neo-?)?adjuvant\b").IsMatch(t))
        {
            if (!c.ToCheck.Any(x => x.Text == t)) c.ToCheck.Add(new CheckItem("therapy", true, t));
            c.Understood.Add(t);
            return;
        }
        Flag(c, nameof(TrialCriteria.PriorAlkTkiExcluded), i);
        foreach (var a in ExceptedAgents(i.Text))
            if (!c.PriorAlkTkisAllowed.Contains(a)) c.PriorAlkTkisAllowed.Add(a);
    }

    /// <summary>
    /// One inclusion clause about ALK TKIs: counts ("at least 1", "no more than 2", "one or two"), named agents required or excluded.
    /// Permissive wording ("is allowed", "permitted", "may have received") requires nothing; "progression on or intolerance to X" requires X.
    /// Agents inside "e.g." / "such as" / "including" are examples, not requirements.
    /// </summary>
    private static void AlkTkiClause(TrialCriteria c, Item i, string clause)
    {
        // "with or without prior crizotinib" permits either.
        var u = Rx(@"\bwith or without\b[^.;,]*").Replace(Examples.Replace(clause, " "), " ");
        var therapy = AlkTherapy.IsMatch(u);
        // "Progression on at least one prior ALK TKI other than lorlatinib": the drug named as the exception is not required.
        var excepted = Rx(@"\b(?:other than|except(?: for)?|excluding|apart from|besides|with the exception of)\s+[^.;)]*").Replace(u, " ");
        var agents = Tki.Matches(excepted).Select(m => Agent(m.Value)).Distinct().ToList();
        var examples = Tki.Matches(clause).Select(m => Agent(m.Value)).Distinct().Except(agents).Except(Tki.Matches(u).Select(m => Agent(m.Value))).ToList();
        if (!therapy && agents.Count == 0 && examples.Count == 0) return;
        var max = AlkTkiMax.Match(u);
        c.Understood.Add(i.Text);
        void SetMax(int n)
        {
            c.MaxPriorAlkTkis = n;
            c.Quotes.TryAdd(nameof(TrialCriteria.MaxPriorAlkTkis), i.Text);
        }
        var saysExcluded = StatedExcluded.IsMatch(u) || Rx(@"\bnot eligible\b|\bineligible\b").IsMatch(u);
        // "Pts with > 2 prior ALK TKIs are not eligible" inside an inclusion: a cap.
        if (saysExcluded && MoreThan.Match(u) is { Success: true } more && AlkTherapy.IsMatch(u[more.Index..Math.Min(u.Length, more.Index + 70)]))
        {
            var cap = more.Groups[1].Success ? Number(more.Groups[1].Value) : Number(more.Groups[2].Success ? more.Groups[2].Value : more.Groups[3].Value) - 1;
            if (c.MaxPriorAlkTkis is null || cap < c.MaxPriorAlkTkis)
            {
                c.MaxPriorAlkTkis = cap;
                c.Quotes[nameof(TrialCriteria.MaxPriorAlkTkis)] = i.Text;
            }
            return;
        }
        // "Patients previously treated with crizotinib are not eligible" inside an inclusion: that agent is excluded (not when the
        // sentence excludes its absence: "patients who have not received crizotinib are not eligible").
        if (agents.Count > 0 && saysExcluded
            && !Rx(@"\bnot (?:\w+ )?(?:received|been treated|had)\b|\bwithout\b|\bnever\b|na[iï]ve|intoleran|progress|\bfail|recurr|relaps|refractor|\bduring\b").IsMatch(u))
        {
            foreach (var a in agents) AddAgent(c.AgentsExcluded, a, c, nameof(TrialCriteria.AgentsExcluded), i);
            return;
        }
        // "… whose disease recurred during adjuvant alectinib are not eligible": a condition on that course, which a record does not show.
        if (agents.Count > 0 && saysExcluded && Rx(@"recurr|relaps|refractor|\bduring\b").IsMatch(u) && !Rx(@"\bnot (?:\w+ )?(?:received|been treated|had)\b|\bwithout\b|\bnever\b|na[iï]ve").IsMatch(u))
        {
            if (!c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem("therapy", false, i.Text));
            return;
        }
        // "(NSCLC, lorlatinib-naive): progression on one second-generation ALK TKI (alectinib, brigatinib or ceritinib)": only the agent
        // the negation names is excluded; the rest of the clause is read as usual.
        if (NegatedAgent.Matches(u) is { Count: > 0 } negations && !Rx(@"\bno (?:prior|previous) (?:\w+[- ]){0,3}(?:ALK|TKI|tyrosine)|\b(?:ALK|TKI)[- ](?:\w+[- ])?na[iï]ve").IsMatch(u))
        {
            var negated = negations.SelectMany(m => Tki.Matches(m.Value)).Select(m => Agent(m.Value)).Distinct().ToList();
            if (negated.Count > 0 && agents.Except(negated).Any())
            {
                foreach (var a in negated) AddAgent(c.AgentsExcluded, a, c, nameof(TrialCriteria.AgentsExcluded), i);
                u = NegatedAgent.Replace(u, " ");
                agents = agents.Except(negated).ToList();
            }
        }
        // "… and no prior progression on any ALK TKI" rules out progression, not the drug: to check (stop reasons are not always given).
        if (Rx(@"\b(?:no|without)\s+(?:(?:prior|previous|evidence of|radiographic|radiological|clinical|documented|disease)\s+)*progression\b").IsMatch(u))
        {
            u = Rx(@"\b(?:and\s+|with\s+)?(?:no|without)\s+(?:(?:prior|previous|evidence of|radiographic|radiological|clinical|documented|disease)\s+)*progression\b[^,;.]*").Replace(u, " ");
            if (!c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem("therapy", false, i.Text));
        }
        if (NoPriorStrict.IsMatch(OtherNaive.Replace(u, " ")))
        {
            foreach (var a in agents) AddAgent(c.AgentsExcluded, a, c, nameof(TrialCriteria.AgentsExcluded), i);
            if (therapy) Flag(c, nameof(TrialCriteria.PriorAlkTkiExcluded), i);
            return;
        }
        if (Permissive.IsMatch(u))
        {
            if (max.Success) SetMax(Number(max.Groups[1].Value));
            else if (AlkTkiRange.Match(u) is { Success: true } pr) SetMax(Math.Max(Number(pr.Groups[1].Value), Number(pr.Groups[2].Value)));
            else if (AlkTkiExactly.Match(u) is { Success: true } ex && !Rx(@"generation").IsMatch(ex.Value)) SetMax((ex.Groups[1].Success ? Number(ex.Groups[1].Value) : 1) + AgentsBefore(u, ex.Index));
            return;
        }
        var prior = PriorWord.IsMatch(u);
        var range = AlkTkiRange.Match(u);
        var n = AlkTkiCount.Match(u);
        if (range.Success)
        {
            int a = Number(range.Groups[1].Value), b = Number(range.Groups[2].Value);
            SetMin(c, Math.Min(a, b), i);
            SetMax(Math.Max(a, b));
        }
        else if (AlkTkiExactly.Match(u) is { Success: true } exactly)
        {
            // "one and only one prior ALK TKI", "exactly one second-generation ALK TKI": at least and at most that many.
            // "crizotinib followed by exactly one next-generation inhibitor": the count is of that generation, besides the agents named;
            // a count of one generation caps nothing else ("exactly one second-generation TKI" says nothing of crizotinib).
            var count = (exactly.Groups[1].Success ? Number(exactly.Groups[1].Value) : 1) + AgentsBefore(u, exactly.Index);
            SetMin(c, count, i);
            if (!Rx(@"generation").IsMatch(exactly.Value)) SetMax(count);
        }
        else if (max.Success) SetMax(Number(max.Groups[1].Value));
        else if (n.Success) SetMin(c, Number(n.Groups[1].Success ? n.Groups[1].Value : n.Groups[2].Value), i);
        else if (therapy && prior && !NoPrior.IsMatch(u)) SetMin(c, 1, i);
        if (!prior) return;
        // "alectinib or another ALK TKI": any ALK TKI will do.
        var alternative = Rx(@"\bor\b[^.;]{0,30}(?:other|another|any|\bALK\b|TKI|inhibitor|targeted)|(?:other|another|any)\b[^.;]{0,30}\bor\b").IsMatch(u);
        if (agents.Count == 1 && !alternative) AddAgent(c.AgentsRequired, agents[0], c, nameof(TrialCriteria.AgentsRequired), i);
        else if (agents.Count > 0 || examples.Count > 0) SetMin(c, 1, i);
    }

    /// <summary>Agents given before a counted TKI ("crizotinib followed by exactly one next-generation inhibitor": 1); alternatives
    /// or examples of the counted one ("exactly one ALK TKI (alectinib or brigatinib)") are not before it.</summary>
    private static int AgentsBefore(string clause, int index) =>
        Rx(@"(?:followed by|\bthen|\band|\bplus|\bafter)\s*$").IsMatch(clause[..index].TrimEnd()) ? Tki.Matches(clause[..index]).Select(m => Agent(m.Value)).Distinct().Count() : 0;

    /// <summary>An exact count of earlier ALK TKIs: "exactly one", "one and only one", "only one", "a single (second-generation) ALK TKI".</summary>
    [GeneratedRegex(@"\b(?:exactly|(?:one and )?only)\s+(one|two|three|1|2|3)\s+(?:other\s+|additional\s+|further\s+)?(?:prior\s+|previous\s+)?(?:lines? of\s+)?(?:\w+[- ]generation\s+)?(?:ALK|anaplastic|TKI)|\b(?:a|one) single\s+(?:prior\s+|previous\s+)?(?:\w+[- ]generation\s+)?(?:ALK|anaplastic|TKI)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AlkTkiExactly { get; }

    /// <summary>"Naive" about another treatment ("chemotherapy-naive", "TRK-TKI-naive", "IO-naive") or as one of two options ("naive or
    /// pretreated"): it says nothing against earlier ALK TKIs.</summary>
    [GeneratedRegex(@"(?:chemo\w*|immuno\w*|platinum|N?TRK|EGFR|ROS-?1|MET|RET|KRAS|ICI|IO|taxane|docetaxel|PD-?L?1|checkpoint inhibitor)[- ]?(?:\w+[- ])?(?:TKI[- ])?na[iï]ve|na[iï]ve\s*,?\s*or\s+(?:\w+[- ]){0,3}(?:pre-?treated|treated|previously|received|intoleran\w*|progress\w*)|(?:pre-?)?treated or (?:\w+[- ])?na[iï]ve", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OtherNaive { get; }

    /// <summary>A cap on earlier ALK TKIs in a clause that only lists what is allowed ("up to 2 ALK TKIs", "no more than one prior ALK TKI").</summary>
    private static void AlkTkiCap(TrialCriteria c, Item i, string clause)
    {
        var max = AlkTkiMax.Match(clause);
        var range = AlkTkiRange.Match(clause);
        var n = max.Success ? Number(max.Groups[1].Value) : range.Success ? Math.Max(Number(range.Groups[1].Value), Number(range.Groups[2].Value)) : (int?)null;
        if (n is null || c.MaxPriorAlkTkis is { } cur && cur <= n) return;
        c.MaxPriorAlkTkis = n;
        c.Quotes.TryAdd(nameof(TrialCriteria.MaxPriorAlkTkis), i.Text);
    }

    private static bool IsDriverPositive(string t) =>
        GenericDriverPositive.IsMatch(t) && !GenericDriverNegative.IsMatch(t) || Alk.IsMatch(t) && AlkAlteration.IsMatch(t) && !AlkNegative.IsMatch(t);

    /// <summary>Every mention of ALK in the item lies in the scope of a list negation ("Do not have an EGFR mutation, ALK
    /// translocation, RET, ROS1 or other actionable alterations"; "without EGFR, ALK or ROS1 alterations"): ALK is excluded.</summary>
    private static bool AlkNegatedInList(string text)
    {
        var u = AlkSpelledOut.Replace(text, "ALK");
        var any = false;
        foreach (Match m in Rx(@"\bALK\b").Matches(u))
        {
            var start = u.LastIndexOfAny(['.', ';', ':'], Math.Max(0, m.Index - 1)) + 1;
            var span = u[start..m.Index];
            var cue = ListNegation.Matches(span).LastOrDefault();
            if (cue is null || NegationReopens.IsMatch(span[(cue.Index + cue.Length)..])) return false;
            any = true;
        }
        return any;
    }

    private static bool IsOnlyAlkTherapy(string t) => AlkTherapy.IsMatch(t) && !AlkAlteration.IsMatch(AlkTherapy.Replace(t, " "));

    private static string? OtherDriver(Trial trial, List<Item> inclusion, TrialCriteria c)
    {
        foreach (var source in new[] { trial.Title, trial.Conditions, trial.OfficialTitle })
        {
            if (string.IsNullOrWhiteSpace(source)) continue;
            foreach (Match m in Drivers.Matches(source))
            {
                var around = Around(source, m.Index, 40);
                var part = Part(source, m.Index);
                if (OtherCancerName.IsMatch(part) && !Lung.IsMatch(part) || IsNegativeSign(source, m)) continue;
                // "NSCLC With EGFR Mutations or Other Genomic Alterations": EGFR is one driver among others the trial takes.
                var rest = source[m.Index..Math.Min(source.Length, m.Index + 100)].Split('|')[0];
                if (OrOtherAlterations.IsMatch(rest))
                {
                    if (!c.ToCheck.Any(x => x.Text == source)) c.ToCheck.Add(new CheckItem("driver", false, source));
                    return null;
                }
                if (DriverPositiveWord.IsMatch(around) && !Negation.IsMatch(around) && !Rx(@"\bTKIs?\b|inhibitor|negative").IsMatch(around))
                {
                    c.Quotes[nameof(TrialCriteria.OtherDriverRequired)] = source;
                    return Driver(m.Value, around);
                }
            }
        }
        foreach (var i in inclusion)
        {
            if (!Drivers.IsMatch(i.Text)) continue;
            // Sentence by sentence: a subgroup ("Patients with BRAF V600 mutation must have received …"), a test ("prior testing
            // for BRAF") or one driver among others ("EGFR mutation or other actionable alteration") is not a driver requirement.
            var t = KeptSentences(i.Stripped, x => !SubgroupSentence.IsMatch(x) && !DriverTest.IsMatch(x) && !OrOtherAlterations.IsMatch(x));
            if (!Drivers.IsMatch(t)) continue;
            if (ConditionalPopulation.IsMatch(t) || Negation.IsMatch(t) || GenericDriverPositive.IsMatch(t) || OtherCancerName.IsMatch(t) && !Lung.IsMatch(t)) continue;
            if (!Rx(@"confirm|documented|must (?:have|harbou?r)|harbou?r|positive for|presence of|with (?:an? )?(?:activating |known |documented )?\w+ (?:mutation|deletion|alteration|fusion)|^\W*\w*\s*(?:mutation|deletion|fusion)|NSCLC with|tumou?rs? with|cancer with|[- ](?:mutant|mutated|rearranged|altered|amplified|positive)\s+(?:\(\w+\)\s+)?(?:NSCLC|non-small|lung|cancer|carcinoma|tumou?rs?|disease)").IsMatch(t)) continue;
            foreach (Match m in Drivers.Matches(t))
            {
                if (IsNegativeSign(t, m) || OtherCancerName.IsMatch(Clause(t, m.Index))) continue;
                var around = Around(t, m.Index, 30);
                if (DriverPositiveWord.IsMatch(around) && !Rx(@"\bTKIs?\b|inhibitor|status|test").IsMatch(around))
                {
                    c.Quotes[nameof(TrialCriteria.OtherDriverRequired)] = t;
                    c.Understood.Add(i.Text);
                    return Driver(m.Value, around);
                }
            }
        }
        return null;
    }

    /// <summary>"HER2-" or "HER2 negative" right after the gene.</summary>
    private static bool IsNegativeSign(string s, Match m)
    {
        var after = s[(m.Index + m.Length)..Math.Min(s.Length, m.Index + m.Length + 12)];
        return after.StartsWith('-') && !after.StartsWith("-mut", StringComparison.OrdinalIgnoreCase) && !after.StartsWith("-alt", StringComparison.OrdinalIgnoreCase)
            && !after.StartsWith("-pos", StringComparison.OrdinalIgnoreCase) && !after.StartsWith("-rea", StringComparison.OrdinalIgnoreCase)
            && !after.StartsWith("-del", StringComparison.OrdinalIgnoreCase) && !after.StartsWith("-ampl", StringComparison.OrdinalIgnoreCase)
            || Rx(@"^\s*(?:negative|wild|WT\b)").IsMatch(after);
    }

    /// <summary>The comma- or semicolon-separated clause around an index.</summary>
    private static string Clause(string s, int index)
    {
        var from = s.LastIndexOfAny([',', ';', ':'], Math.Max(0, index - 1)) + 1;
        var to = s.IndexOfAny([',', ';', ':'], index);
        return s[from..(to < 0 ? s.Length : to)];
    }

    /// <summary>The '|'-separated condition (or the whole text) around an index.</summary>
    private static string Part(string s, int index)
    {
        var from = s.LastIndexOf('|', Math.Max(0, index - 1)) + 1;
        var to = s.IndexOf('|', index);
        return s[from..(to < 0 ? s.Length : to)];
    }

    private static string Driver(string gene, string around)
    {
        var detail = Rx(@"G12C|L858R|T790M|C797S|V600E|exon ?(?:19|20|14)|deletion|amplification|fusion").Match(around);
        return detail.Success && !detail.Value.Equals("fusion", StringComparison.OrdinalIgnoreCase) ? $"{gene} {detail.Value}" : gene;
    }

    private static string Around(string s, int index, int radius)
    {
        var from = Math.Max(0, index - radius);
        return s.Substring(from, Math.Min(s.Length, index + radius) - from);
    }

    private static string Before(string s, Regex r) => r.Match(s) is { Success: true } m ? Before(s, m.Index) : s;

    private static string Before(string s, int index) => s[Math.Max(0, index - 40)..index];

    /// <summary>The text with each bracketed aside replaced by a space. A generated regex: the static Regex.Replace it replaces
    /// looked its pattern up in the shared regex cache on every call, a tenth of an import's CPU.</summary>
    internal static string Strip(string t) => Bracketed.Replace(t, " ");

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Bracketed { get; }

    private static void Flag(TrialCriteria c, string key, Item i)
    {
        typeof(TrialCriteria).GetProperty(key)!.SetValue(c, true);
        c.Quotes.TryAdd(key, i.Text);
        c.Understood.Add(i.Text);
    }

    private static void SetMin(TrialCriteria c, int n, Item i)
    {
        c.Understood.Add(i.Text);
        if (c.MinPriorAlkTkis is { } cur && cur >= n) return;
        c.MinPriorAlkTkis = n;
        c.Quotes[nameof(TrialCriteria.MinPriorAlkTkis)] = i.Text;
    }

    private static void AddAgent(List<string> list, string agent, TrialCriteria c, string key, Item i)
    {
        c.Understood.Add(i.Text);
        if (list.Contains(agent)) return;
        list.Add(agent);
        c.Quotes.TryAdd(key + ":" + agent, i.Text);
    }

    /// <summary>A metastatic site as the record names it ("Hepatic" → "liver", "pleural" → "pleura").</summary>
    private static string SiteName(string site) =>
        site.ToLowerInvariant() switch { "hepatic" => "liver", var x when x.StartsWith("pleura", StringComparison.Ordinal) => "pleura", var x => x };

    private static void AddSite(List<string> list, string site, TrialCriteria c, string key, Item i)
    {
        c.Understood.Add(i.Text);
        var s = SiteName(site);
        if (list.Contains(s)) return;
        list.Add(s);
        c.Quotes.TryAdd(key + ":" + s, i.Text);
    }

    private static int Number(string s) => s.ToLowerInvariant() switch { "one" => 1, "two" => 2, "three" => 3, var d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>
    /// The stage groups an inclusion takes: those it names, less those a sentence of it rules out ("Completely resected stage IB-IIIA.
    /// Note: stage IA tumours are not eligible", "stage III-IV, excluding IIIA") — a stage named to exclude it is not one the trial takes.
    /// </summary>
    private static List<string> StagesTaken(string text)
    {
        var found = Stages(text).Union(Stages(Strip(text))).ToList();
        if (found.Count == 0 || !Rx(@"excluded|eligible|allowed|permitted|\bexcept|excluding|other than").IsMatch(text)) return found;
        var ruledOut = new List<string>();
        foreach (var sentence in Rx(@"\.\s+(?=[A-Z])|;\s+").Split(text))
        {
            if (Rx(@"\b(?:excluding|except(?: for)?|other than)\b").Match(sentence) is { Success: true } but) ruledOut.AddRange(Stages(sentence[but.Index..]));
            else if (StatedExcluded.IsMatch(sentence)) ruledOut.AddRange(Stages(sentence));
        }
        var taken = found.Except(ruledOut).ToList();
        return taken.Count > 0 ? taken : found;
    }

    /// <summary>AJCC stage groups an item names ("Stage IIA to IIIB" → IIA, IIB, IIIA, IIIB); "IV" means IVA and IVB.</summary>
    public static List<string> Stages(string text)
    {
        var result = new List<string>();
        foreach (Match m in StageList.Matches(text))
        {
            var before = text[Math.Max(0, m.Index - 12)..m.Index];
            if (Rx(@"GOLD|\bN\d|\bT\d").IsMatch(before)) continue;
            string? previous = null;
            var range = false;
            foreach (Match tok in StageToken.Matches(m.Groups[1].Value))
            {
                if (tok.Groups[3].Success)
                {
                    range = true;
                    continue;
                }
                var stage = tok.Groups[1].Value.ToUpperInvariant() + tok.Groups[2].Value.ToUpperInvariant();
                var group = Expand(stage);
                if (range && previous is not null && Expand(previous) is [var first, ..] && group.Count > 0)
                {
                    var from = Array.IndexOf(StageOrder, first);
                    var to = Array.IndexOf(StageOrder, group[^1]);
                    for (var k = from; k >= 0 && k <= to; k++) result.Add(StageOrder[k]);
                }
                result.AddRange(group);
                previous = stage;
                range = false;
            }
        }
        return result.Distinct().ToList();
    }

    /// <summary>"III" → IIIA, IIIB, IIIC; "IA" → IA1, IA2, IA3; "IVB" → IVB.</summary>
    public static List<string> Expand(string stage)
    {
        var exact = StageOrder.Where(s => s == stage).ToList();
        if (exact.Count > 0) return exact;
        var prefixed = StageOrder.Where(s => s.StartsWith(stage, StringComparison.Ordinal) && (stage.EndsWith('A') || stage.EndsWith('B') || stage.EndsWith('C') || s.Length > stage.Length && s[stage.Length] is 'A' or 'B' or 'C')).ToList();
        return prefixed.Count > 0 ? prefixed : [];
    }

    /// <summary>
    /// The highest ECOG grade an inclusion leaves to check beyond its bound <paramref name="max"/>: a Karnofsky floor of 90, 70, 50 or 30,
    /// which the two usual conversion tables put in different ECOG grades (ECOG 2 is Karnofsky 50–60 in one and 60–70 in the other), or a
    /// higher grade the text permits for some patients ("Note: ECOG PS 2 is permitted in cohort B"). Null when there is none.
    /// </summary>
    private static int? EcogToCheck(string text, int max)
    {
        int? result = null;
        var k = Karnofsky.Match(text);
        if (k.Success && int.TryParse(k.Groups[1].Value, CultureInfo.InvariantCulture, out var kps) && kps is 30 or 50 or 70 or 90
            && !Rx(@">(?!=)|greater than(?! or)|above").IsMatch(k.Value))
            result = max + 1;
        foreach (Match m in EcogPermitted.Matches(text))
            if (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var g && g > max && g > (result ?? -1)) result = g;
        return result;
    }

    [GeneratedRegex(@"(?:(?:ECOG|\bPS|performance status)\s*(?:of\s*|score\s*|=\s*)?|\(\s*)([0-4])\s+(?:(?:is|are|will be|may be)\s+)?(?:also\s+)?(?:permitted|allowed|eligible|acceptable)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EcogPermitted { get; }

    /// <summary>The lowest ECOG grade an exclusion rules out ("ECOG ≥ 3", "ECOG PS 3-4", "performance status of 2 or more", "ECOG > 2");
    /// null when it states none.</summary>
    private static int? EcogExcludedFrom(string text)
    {
        var e = Ecog.Match(text);
        if (!e.Success || Karnofsky.IsMatch(text)) return null;
        var tail = text[e.Index..Math.Min(text.Length, e.Index + 60)];
        if (Rx(@"(?:>=|≥|=>|at least|greater than or equal to|of at least)\s*([0-4])\b").Match(tail) is { Success: true } atLeast)
            return int.Parse(atLeast.Groups[1].Value, CultureInfo.InvariantCulture);
        if (Rx(@"(?:>|greater than|more than|higher than|worse than|above)\s*([0-4])\b").Match(tail) is { Success: true } above)
            return int.Parse(above.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
        if (Rx(@"\b([0-4])\s*(?:or|and)\s*(?:greater|higher|more|worse|above)\b|\b([0-4])\s*(?:-|–|to|or)\s*4\b").Match(tail) is { Success: true } range)
            return int.Parse(range.Groups[1].Success ? range.Groups[1].Value : range.Groups[2].Value, CultureInfo.InvariantCulture);
        // "ECOG performance status of 4." among the exclusions: grade 4 (the worst) is the one excluded.
        if (Rx(@"^[^0-9]{0,40}?\b(?:of\s+)?4\W*$").IsMatch(tail)) return 4;
        return null;
    }

    /// <summary>The ECOG bounds an item states (max, min), converting Karnofsky; (null, null) when it states none.</summary>
    public static (int? Max, int? Min) EcogOf(string text)
    {
        var k = Karnofsky.Match(text);
        if (k.Success && int.TryParse(k.Groups[1].Value, CultureInfo.InvariantCulture, out var kps) && kps is >= 30 and <= 100)
        {
            var strict = Rx(@">(?!=)|greater than(?! or)|above").IsMatch(k.Value);
            var floor = strict ? kps + 10 : kps;
            return (floor >= 90 ? 0 : floor >= 70 ? 1 : floor >= 50 ? 2 : 3, null);
        }
        var e = Ecog.Match(text);
        if (!e.Success) return (null, null);
        var tail = text[e.Index..Math.Min(text.Length, e.Index + 90)];
        var max = EcogMaxWords.Match(tail);
        // "1 or less", "2 or lower", "2 or below", "2 or better": a maximum.
        var postfix = Rx(@"\b([0-4])\s*(?:or (?:less|lower|below|better|under|fewer)|and (?:less|lower|below|under)|or less than)\b").Match(tail);
        if (postfix.Success && (!max.Success || postfix.Index < max.Index)) return (int.Parse(postfix.Groups[1].Value, CultureInfo.InvariantCulture), 0);
        if (max.Success) return (int.Parse(max.Groups[1].Value, CultureInfo.InvariantCulture) - (max.Value.TrimStart().StartsWith('<') && !max.Value.Contains('=') ? 1 : 0), 0);
        var numbers = EcogNumbers.Match(tail);
        if (numbers.Success)
        {
            var values = numbers.Value.Where(char.IsAsciiDigit).Select(ch => ch - '0').ToList();
            return (values.Max(), values.Min());
        }
        var single = EcogSingle.Match(tail);
        // A single number is an upper bound, never a minimum ("ECOG PS of 1").
        if (single.Success) return (int.Parse(single.Groups[1].Value, CultureInfo.InvariantCulture), null);
        return (null, null);
    }

    /// <summary>ALK kinase-domain resistance mutations named in a text ("G1202R", "L1196M"); residues 1100–1299 only, so EGFR T790M is not one.</summary>
    public static List<string> MutationNames(string text)
    {
        var names = new List<string>();
        foreach (Match m in ResistanceMutation.Matches(text))
        {
            names.Add(m.Value);
            // "I1171T/N/S": the same position with other amino acids.
            if (m.Groups[3].Length == 1 && SlashAlternatives.Match(text, m.Index + m.Length) is { Success: true } alt)
                names.AddRange(alt.Groups["aa"].Captures.Select(x => m.Groups[1].Value + m.Groups[2].Value + x.Value));
        }
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"\G(?:/(?<aa>[A-Z])(?![A-Za-z0-9]))+")]
    private static partial Regex SlashAlternatives { get; }

    /// <summary>The ALK categories (TrialCategories ids) the criteria imply.</summary>
    public static List<string> CategoriesOf(TrialCriteria c, Trial trial)
    {
        var cats = new List<string>();
        // ALK-targeted: for ALK-positive lung cancer (or solid tumours including it), not a lymphoma- or neuroblastoma-only trial,
        // not one that requires another driver, and not one that shuts ALK-positive cancer out.
        var alkTrial = c.AlkRequired && !c.AlkExcluded && c.OtherDriverRequired is null
            && c.Disease is DiseaseKinds.Nsclc or DiseaseKinds.SolidTumours
            && c.HistologyRequired is null or "non-squamous";
        var about = trial.Title + " " + trial.OfficialTitle + " " + trial.BriefSummary + " " + trial.Keywords;
        if (alkTrial) cats.Add("alk-targeted");
        if (alkTrial && (c.TreatmentNaiveRequired || c.PriorAlkTkiExcluded)) cats.Add("first-line");
        if (alkTrial && (c.MinPriorAlkTkis > 0 || c.PretreatedRequired || c.AgentsRequired.Count > 0)) cats.Add("after-tki");
        if (alkTrial && (c.AgentsRequired.Contains("lorlatinib")
                || Rx(@"(?:after|following|progress\w* (?:on|after|following)|resistant to|refractory to|pretreated with|previously treated with|failure of|failed)\s+(?:\w+[- ]?){0,4}(?:lorlatinib|third[- ]generation)").IsMatch(about)))
            cats.Add("after-lorlatinib");
        if (alkTrial && (c.ResistanceMutations.Count > 0 || Rx(@"resistan\w* mutation|compound mutation|solvent[- ]front|\bG1202R\b|\bI1171[NST]\b|\bL1196M\b|\bG1269A\b").IsMatch(about)))
            cats.Add("resistance-mutation");
        if (c.BrainMetsRequired || Rx(@"brain metasta|CNS metasta|intracranial|leptomening").IsMatch(trial.Title + " " + trial.Conditions + " " + trial.Keywords))
            cats.Add("brain-mets");
        if (c.EarlyRequired) cats.Add("early-stage");
        if (c.Disease == DiseaseKinds.SolidTumours) cats.Add("solid-tumours");
        if (Rx(@"quality of life|supportive|palliative|symptom|exercise|nutrition|diet|meditation|psycho|depress|anxiety|distress|fatigue|survivorship|smoking cessation|caregiver|well-being").IsMatch(trial.Title + " " + trial.OfficialTitle + " " + trial.Conditions)
            && c.Disease is DiseaseKinds.Nsclc or DiseaseKinds.SolidTumours)
            cats.Add("supportive-care");
        return cats.Where(id => TrialCategories.All.Any(a => a.Id == id)).Distinct().ToList();
    }
}
