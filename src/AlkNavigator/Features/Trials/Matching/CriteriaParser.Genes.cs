using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// CriteriaParser: criteria that name specific genes or ALK resistance mutations, compared at matching time with the patient's
/// biomarkers. Exclusions ("Known EGFR sensitising mutation, ROS1 rearrangement, BRAF V600E, KRAS G12C, MET exon 14 skipping or RET
/// fusion", "co-occurring TP53 mutation", "MET amplification", "documented ALK G1202R", "compound ALK mutations"), negated inclusions
/// ("EGFR wild-type", "without a KRAS mutation", "no known ALK G1202R") and requirements ("documented ALK resistance mutation (e.g.
/// G1202R, I1171N)", "G1202R or compound mutation", "MET amplification after an ALK TKI" in an ALK trial). A gene named as a
/// therapy ("prior EGFR TKI", "anti-EGFR antibody", "MET inhibitor"), a test or a status ("EGFR status must be known"), a kidney
/// value ("eGFR", "estimated glomerular filtration rate (EGFR)") or another cancer ("HER2-positive breast cancer") is not a biomarker.
/// </summary>
public static partial class CriteriaParser
{
    // ------------------------------------------------------------------ vocabulary

    /// <summary>Spelled-out gene names as registries write them, each with its optional "(SYMBOL)", read as the symbol.</summary>
    [GeneratedRegex(@"(?<HER2>human epidermal growth factor receptor[- ]?2(?:\s*\((?:HER-?2|ERBB2)\))?|\bHER-2\b)|(?<EGFR>epidermal growth factor receptor(?:\s*\(EGFR\))?)|(?<ROS1>(?:c-)?ROS (?:proto-)?oncogene[- ]1(?:,? receptor tyrosine kinase)?(?:\s*\(ROS-?1\))?|\bROS-1\b)|(?<RET>rearranged during transfection(?: proto-oncogene)?(?:\s*\(RET\))?)|(?<NTRK>neurotrophic (?:tyrosine|tropomyosin)[- ]receptor kinase(?:\s*\(NTRK\d?\))?)|(?<BRAF>B-?Raf proto-oncogene(?:,? serine/threonine kinase)?(?:\s*\(BRAF\))?)|(?<MET>(?:MET proto-oncogene(?:,? receptor tyrosine kinase)?|mesenchymal[- ]epithelial transition(?: factor)?(?: receptor)?)(?:\s*\((?:c-)?MET\))?|\bc-MET\b)|(?<KRAS>Kirsten rat sarcoma(?: viral oncogene homolog| virus)?(?:\s*\(KRAS\))?)", Opt)]
    private static partial Regex GeneSpelledOut { get; }

    /// <summary>A gene symbol other than ALK (case-sensitive: "eGFR" is a kidney value); glued to its variant ("KRASG12C") it is that gene.</summary>
    [GeneratedRegex(@"\b(?<gene>EGFR|KRAS|NRAS|HRAS|HER2|ERBB2|RET|ROS1|BRAF|MET|NTRK[1-3]?|NRG1|PIK3CA|FGFR[1-4]?|TP53|STK11|LKB1|KEAP1|SMARCA4|CDKN2A|MTAP)(?:\b|(?=[A-Z]\d{2,4}(?:[A-Z]|del|ins|fs)\b))", Exact)]
    private static partial Regex GeneSymbol { get; }

    /// <summary>Right after a gene: a drug or therapy against it ("EGFR TKI", "MET inhibitor", "HER2-directed therapy"), not a biomarker.</summary>
    [GeneratedRegex(@"^\s*[-/]?\s*(?:\(\w+\)\s*)?(?:TKIs?\b|tyrosine kinase inhibitors?|inhibit|(?:-|\s)?targeted|(?:-|\s)?directed|antibod|therap|blockers?|\bADCs?\b|antagonist|agents?\b|drugs?\b|degrader)", Opt)]
    private static partial Regex GeneTherapyAfter { get; }

    /// <summary>Where a gene mention is a test, a status or a kidney value rather than an alteration.</summary>
    [GeneratedRegex(@"glomerular|filtration|mL/min|\bstatus\b|\bunknown\b|\btest(?:ing|ed|s)?\b(?! positive)|\bscreen(?:ed|ing)\b|\bassess|\bresults? (?:must|should)|\bprovide\b|\bsample", Opt)]
    private static partial Regex GeneTestOrStatus { get; }

    /// <summary>A clause that states an alteration (so a gene in it is a biomarker).</summary>
    [GeneratedRegex(@"mutat|mutant|variant|fusion|rearrang|translocat|amplif|alteration|aberration|abnormalit|deletion|insertion|skipping|exon|positive|\+|overexpress|driver|activating|sensiti[sz]|harbou?r|carr(?:y|ies|ying)|\bknown\b|documented|presence|detected|\b[GVLTCDEQ]\d{2,4}[A-Z]\b|wild[- ]?type|negative", Opt)]
    private static partial Regex AlterationWord { get; }

    /// <summary>An exclusion stated inside the inclusion list ("Patients whose tumours harbour ALK L1196M are excluded").</summary>
    /// <remarks>"Not eligible for curative therapy" / "ineligible for chemotherapy" describe the population (a requirement), not an exclusion.</remarks>
    [GeneratedRegex(@"\b(?:are|is|will be|would be)\s+(?:\w+\s+)?(?:excluded|(?:ineligible|not eligible)(?!\s+(?:for|to)\b))\b|\bnot (?:be )?(?:allowed|permitted)\b|\bexcluded\b", Opt)]
    private static partial Regex StatedExcluded { get; }

    /// <summary>
    /// The sentences of an inclusion item that state a requirement: not those that say who is excluded or that are negated. A
    /// requirement and an exclusion often share an item ("Documented ALK G1202R mutation. Patients with squamous histology are
    /// excluded."): judged per sentence, the exclusion does not cancel the requirement.
    /// </summary>
    internal static string RequirementText(string text) =>
        KeptSentences(text, s => !StatedExcluded.IsMatch(s)
            && !(Negation.IsMatch(NotEligibleFor.Replace(s, " ")) && !Rx(@"\bwith or without\b").IsMatch(s)));

    /// <summary>"not eligible for curative therapy", "ineligible for chemotherapy", "not a candidate for surgery": who the trial is for.</summary>
    [GeneratedRegex(@"\b(?:not eligible|ineligible|not (?:a )?candidates?|unsuitable|not suitable) (?:for|to)\b[^,;]*", Opt)]
    private static partial Regex NotEligibleFor { get; }

    /// <summary>ALK resistance mutations as a class: "compound mutations", "ALK resistance mutation", "secondary ALK kinase domain mutation".</summary>
    [GeneratedRegex(@"\bcompound\b[^.;]{0,25}mutation|resistan\w*[- ]mutation|mutations?[^.;]{0,25}(?:conferring|associated with|known to confer) resistance|(?:secondary|acquired|on-target)[^.;]{0,20}(?:ALK )?(?:kinase[- ]domain )?mutation|ALK kinase[- ]domain mutation", Opt)]
    private static partial Regex ResistanceClass { get; }

    /// <summary>Primary lung cancer drivers that practically never occur with an ALK fusion (mutually exclusive at diagnosis).</summary>
    internal static readonly string[] MutuallyExclusiveWithAlk = ["EGFR", "KRAS", "NRAS", "HRAS", "ROS1", "RET", "BRAF", "MET", "MET exon 14", "HER2", "NTRK", "NRG1"];

    // ------------------------------------------------------------------ reader

    /// <summary>
    /// Named genes and ALK resistance mutations in the exclusions, the negated or stated-excluded inclusions, and the requirements of
    /// ALK trials. Each item a reader turns into a criterion is understood (not "to check").
    /// </summary>
    private static void GenesOf(TrialCriteria c, List<Item> inclusion, List<Item> exclusion)
    {
        foreach (var i in exclusion)
        {
            if (AnotherCancer(i.Text)) continue;
            foreach (var sentence in Sentences(Normalised(i.Text)))
            {
                // "If EGFR-positive, …", "Has an EGFR T790M mutation and has not received osimertinib", "unless …": conditional.
                // "… are eligible", "may be enrolled": what the trial allows, not what it excludes.
                if (Rx(@"^\W*(?:if|when|unless)\b|\bunless\b|\band (?:has|have) not\b|\bwho (?:has|have) not\b|\bwithout (?:prior|previous)\b|\bmust have (?:received|had)\b|\b(?:are|is) (?:also )?(?:eligible|allowed|permitted)\b|\bmay (?:be )?(?:enrol|includ|participat)").IsMatch(sentence)) continue;
                // "RET fusions that co-occurred with another driver at initial diagnosis are excluded; acquired ones are eligible": when the
                // alteration arose, which a result does not say — to check for a record that lists the gene as found. ("Known co-existing
                // EGFR mutation" has no such condition: it excludes.)
                if (Rx(@"\b(?:are|is|remains?) (?:also |still )?(?:eligible|allowed|permitted)\b|\bmay (?:be )?(?:enrol|includ|participat)").IsMatch(i.Text) && !Rx(@"\bwhether\b|\bregardless\b|\beither\b").IsMatch(sentence)
                    && Rx(@"\bat (?:the time of )?(?:initial |first |original )?diagnosis|\bde novo\b|before any (?:\w+ )?(?:TKI|treatment|therapy|exposure)|\bacquired\b").IsMatch(sentence)
                    && GenesIn(sentence).Where(g => !g.Negated).Select(g => g.Gene).ToArray() is { Length: > 0 } conditioned)
                {
                    if (!c.ToCheck.Any(x => x.Text == i.Text)) c.ToCheck.Add(new CheckItem(CheckItem.GeneWithCondition, true, i.Text) { Facts = conditioned });
                    c.Understood.Add(i.Text);
                    continue;
                }
                foreach (var (gene, negated) in GenesIn(sentence))
                    if (!negated) AddGene(c.GenesExcluded, gene, c, "GenesExcluded", i);
                // "Prior ALK inhibitor developed to target G1202R": a drug class, not the mutation.
                if (!DrugForTarget.IsMatch(sentence)) MutationsExcluded(c, i, sentence);
            }
        }
        // Each inclusion item with spelled-out gene names as symbols, for the three readings below.
        var included = inclusion.Select(i => (Item: i, Text: Normalised(i.Text))).ToList();
        foreach (var (i, text) in included)
        {
            if (AnotherCancer(i.Text)) continue;
            foreach (var sentence in Sentences(text))
            {
                if (SubgroupSentence.IsMatch(sentence) && !StatedExcluded.IsMatch(sentence) || Rx(@"^\W*(?:if|when)\b|presence or absence|positive or negative|with or without|whether or not").IsMatch(sentence)) continue;
                var excluded = StatedExcluded.IsMatch(sentence);
                foreach (var (gene, negated) in GenesIn(sentence))
                    if (negated || excluded) AddGene(c.GenesExcluded, gene, c, "GenesExcluded", i);
                if (excluded) MutationsExcluded(c, i, sentence);
                else if (MutationNames(sentence) is { Count: > 0 } named && NegatedBefore(sentence, sentence.IndexOf(named[0], StringComparison.Ordinal)))
                    MutationsExcluded(c, i, sentence);
            }
        }
        // Requirements: "a documented ALK resistance mutation (e.g. G1202R, I1171N, compound)", "G1202R or compound mutation".
        foreach (var (i, text) in included)
        {
            if (ConditionalPopulation.IsMatch(text)) continue;
            var t = RequirementText(text);
            if (t.Length == 0) continue;
            var named = MutationNames(t);
            var withoutExamples = Examples.Replace(t, " ");
            var outsideExamples = MutationNames(withoutExamples);
            var compound = Rx(CompoundMutation).IsMatch(t) && !Rx(@"with or without (?:\w+ ){0,3}compound").IsMatch(t);
            var asClass = ResistanceClass.IsMatch(withoutExamples) && (Alk.IsMatch(t) || named.Count > 0 || compound);
            if (named.Count == 0 && !asClass) continue;
            if (compound && !c.ResistanceMutations.Contains("compound")) c.ResistanceMutations.Add("compound");
            foreach (var m in named) if (!c.ResistanceMutations.Contains(m)) c.ResistanceMutations.Add(m);
            // Named only as examples, or as a class: any resistance mutation; "compound" outside the examples ("a compound ALK
            // resistance mutation", "compound ALK mutations") asks for a compound one.
            if (outsideExamples.Count == 0 && !(compound && Rx(CompoundMutation).IsMatch(withoutExamples)))
                c.AnyResistanceMutation = true;
            Flag(c, nameof(TrialCriteria.ResistanceMutationRequired), i);
        }
        // An ALK trial that also requires another alteration ("MET amplification after an ALK TKI", "ALK-positive NSCLC with MET
        // amplification"); a trial for people after an ALK TKI is an ALK trial whether or not it says "ALK-positive".
        if (c.AlkRequired || c.MinPriorAlkTkis > 0)
            foreach (var (i, t) in included)
            {
                if (ConditionalPopulation.IsMatch(t) || Alternative.IsMatch(t)) continue;
                // "Cohort 1, EGFR exon 19 deletion …; Cohort 2, ALK rearrangement …": a gene named only in a cohort that is not the ALK one is
                // that cohort's way in, not a second requirement ("Cohort 1 and Cohort 2: ALK-rearranged NSCLC with MET amplification" keeps MET).
                var parts = Rx(@"\b(?:cohort|arm|group|part)\s+(?:\d{1,2}[A-Za-z]?|(?-i:[A-Z]\d?))\b").Split(i.Text);
                var cohorts = parts.Length >= 3 ? parts.Skip(1).Where(x => x.Trim(' ', ',', ':', ';', '-', '–', '(', ')').Length > 0).ToList() : null;
                foreach (var sentence in Sentences(t))
                {
                    if (StatedExcluded.IsMatch(sentence)) continue;
                    if (SubgroupSentence.IsMatch(sentence) || DriverTest.IsMatch(sentence) || OrOtherAlterations.IsMatch(sentence)) continue;
                    if (!Rx(@"confirm|documented|must (?:have|harbou?r)|harbou?r|positive|presence of|detected|evidence of|with|\bhave\b|^\W*\w+[\s-]+(?:amplifi\w*|mutat\w*|mutant|fusion|rearranged|overexpress\w*)").IsMatch(sentence)) continue;
                    foreach (var (gene, negated) in GenesIn(sentence))
                    {
                        if (negated) continue;
                        if (OneOfSeveralDrivers(sentence, gene)) continue;
                        if (cohorts is { Count: >= 2 } && !cohorts.Any(x => Alk.IsMatch(x) && Rx(@"\b" + Regex.Escape(gene) + @"\b").IsMatch(Normalised(x)))) continue;
                        AddGene(c.GenesRequired, gene, c, "GenesRequired", i);
                    }
                }
            }
    }

    /// <summary>An item about another cancer (a breast cohort's "HR+/HER2- BC", "HER2-positive breast cancer"), not the lung cancer patient's genes.</summary>
    private static bool AnotherCancer(string t) =>
        (OtherCancerName.IsMatch(Strip(t)) || Rx(@"\bBC\b|ductal|lobular|\bHR[+-]|hormone[- ]receptor|\bER[+-]|\bER/PR\b|triple[- ]negative").IsMatch(t)) && !Lung.IsMatch(t);

    /// <summary>The text with spelled-out gene names as symbols ("epidermal growth factor receptor (EGFR)" → "EGFR").</summary>
    private static string Normalised(string text) =>
        GeneSpelledOut.Replace(AlkSpelledOut.Replace(text, "ALK"), m => m.Groups.Cast<Group>().Skip(1).First(g => g.Success).Name);

    /// <summary>
    /// The alterations of other genes a sentence names as biomarkers ("BRAF V600E", "MET exon 14", "EGFR"), each with whether a
    /// negation reaches it ("without EGFR or KRAS mutations", "EGFR wild-type", "negative for ROS1").
    /// </summary>
    private static List<(string Gene, bool Negated)> GenesIn(string sentence)
    {
        var result = new List<(string, bool)>();
        if (Rx(@"glomerular|filtration|mL/min|creatinine clearance").IsMatch(sentence)) return result;
        var matches = GeneSymbol.Matches(sentence);
        for (var k = 0; k < matches.Count; k++)
        {
            var m = matches[k];
            var after = sentence[(m.Index + m.Length)..];
            // A therapy against the gene ("EGFR TKI", "anti-EGFR", "treatment for EGFR C797S mutation"), the one gene spared ("other than
            // RET"), or a gene of another cancer ("HER2- breast cancer") is not a biomarker of the patient's lung cancer.
            var rawBefore = sentence[Math.Max(0, m.Index - 40)..m.Index];
            // "an EGFR exon 20 insertion-directed TKI", "a KRAS G12C inhibitor": the variant's therapy, not the variant.
            if (GeneTherapyAfter.IsMatch(after) || Rx(@"^\s*(?:(?:exon\s*\d+|insertions?|deletions?|skipping|[A-Z]\d{2,4}[A-Z]|amplification|mutations?|mutant|fusions?|rearrangements?|alterations?)[\s-]+){1,3}(?:directed|targeted|targeting|inhibitors?|TKIs?)\b").IsMatch(after) || Rx(@"anti-?\s*$|(?:other than|except(?: for)?|besides|apart from)\s+(?:an?\s+)?(?:\w+\s+)?$|(?:treatment|therap\w*|agents?|drugs?|inhibitors?)\s+(?:for|against|targeting|directed (?:at|against))\s+(?:\w+\s+){0,2}$").IsMatch(rawBefore)
                || OtherCancerName.IsMatch(sentence[m.Index..Math.Min(sentence.Length, m.Index + 40)]) && !Lung.IsMatch(sentence[m.Index..Math.Min(sentence.Length, m.Index + 40)])
                || Rx(@"hormone[- ]receptor|\bHR\s*[+-]|\bHR\b|\bER\s*[+-]|\bER/PR\b|\bTNBC\b|breast").IsMatch(sentence[Math.Max(0, m.Index - 100)..m.Index].Split([',', ';']).Last())) continue;
            // The gene's own stretch: to the next gene or list break after it, from the previous one before it.
            var end = k + 1 < matches.Count ? matches[k + 1].Index : sentence.Length;
            var afterWindow = sentence[(m.Index + m.Length)..Math.Min(end, m.Index + m.Length + 45)];
            var cut = Rx(@"[,;]|\bor\b|\band\b|\(").Match(afterWindow);
            // "(e.g. G12C)" right after the gene belongs to it; a list break does not.
            if (cut.Success && !(cut.Value == "(" && cut.Index < 3)) afterWindow = afterWindow[..cut.Index];
            var start = k > 0 ? matches[k - 1].Index + matches[k - 1].Length : 0;
            var beforeWindow = sentence[Math.Max(start, m.Index - 30)..m.Index];
            var lastBreak = Rx(@"[,;(]|\bor\b|\band\b").Matches(beforeWindow).LastOrDefault();
            if (lastBreak is not null) beforeWindow = beforeWindow[(lastBreak.Index + lastBreak.Length)..];
            var own = beforeWindow + " " + m.Value + afterWindow;
            if (GeneTestOrStatus.IsMatch(own)) continue;
            // A bare symbol counts when the sentence states alterations ("Known EGFR, ROS1 or BRAF alterations").
            if (!AlterationWord.IsMatch(sentence)) continue;
            var gene = Canonical(m.Groups["gene"].Value, own);
            var negated = IsNegativeSign(sentence, m) || Rx(@"^\W*(?:mutation|alteration|fusion|rearrangement)?[- ]?(?:negative|wild[- ]?type|\bWT\b|not detected)").IsMatch(after)
                || NegatedBefore(sentence, m.Index);
            if (!result.Any(r => r.Item1 == gene)) result.Add((gene, negated));
        }
        return result;
    }

    /// <summary>
    /// In an ALK trial, a gene named beside ALK as an alternative ("ALK or ROS1 rearrangement", "ALK, ROS1, or NTRK fusion", "ROS1/ALK")
    /// rather than as an extra alteration ("ALK-positive NSCLC with MET amplification", "MET amplification after an ALK TKI").
    /// </summary>
    private static bool OneOfSeveralDrivers(string sentence, string gene)
    {
        var symbol = gene.Split(' ')[0] == "HER2" ? @"(?:HER2|ERBB2)" : Regex.Escape(gene.Split(' ')[0]);
        var g = Rx(@"(?-i:\b" + symbol + ")").Match(sentence);
        var a = Rx(@"(?-i:\bALK\b)").Match(sentence);
        if (!g.Success || !a.Success) return false;
        var between = a.Index < g.Index ? sentence[(a.Index + a.Length)..g.Index] : sentence[(g.Index + g.Length)..a.Index];
        // "EGFR mutation (exon 19 deletion, L858R, or other TKI-sensitive mutation) or ALK rearrangement": an aside's words do not link them.
        between = Rx(@"\([^()]*\)").Replace(between, " ");
        return !Rx(@"\bwith\b|\bplus\b|in addition|\bafter\b|following|concurrent|co-?occurr|co-?mutat|harbou?r|\bhave\b|\bhas\b|\band (?:an?|concurrent|co)\b|resistan|progress|\bTKIs?\b|inhibitor").IsMatch(between);
    }

    /// <summary>A list negation before the index reaches it ("Do not have an EGFR mutation, ROS1 or BRAF …"), with nothing reopening a positive statement.</summary>
    private static bool NegatedBefore(string sentence, int index)
    {
        if (index <= 0) return false;
        var span = sentence[..index];
        var cue = ListNegation.Matches(span).LastOrDefault();
        if (cue is null) return false;
        var between = span[(cue.Index + cue.Length)..];
        return !NegationReopens.IsMatch(between) && !Rx(@"\bALK\b[^,;]{0,30}(?:positiv|rearrang|fusion|translocat)").IsMatch(between);
    }

    /// <summary>
    /// One name per gene, for the criteria and the patient's results alike: spellings joined ("ERBB2" = "HER2", "NTRK1" = "NTRK",
    /// "ROS-1" = "ROS1", "c-MET" = "MET", "LKB1" = "STK11").
    /// </summary>
    internal static string GeneKey(string gene)
    {
        var g = gene.Trim().ToUpperInvariant();
        // "ALK IHC (Ventana D5F3, central)", "EGFR (tissue PCR assay)": the gene is the first word, the rest names the test.
        if (g.IndexOfAny([' ', '(']) is var cut and > 0) g = g[..cut];
        g = g.Replace("-", "", StringComparison.Ordinal);
        if (g.StartsWith("CMET", StringComparison.Ordinal)) g = "MET";
        return g switch
        {
            "ERBB2" => "HER2",
            "ROS" => "ROS1",
            "LKB1" => "STK11",
            _ when g.StartsWith("NTRK", StringComparison.Ordinal) => "NTRK",
            _ when g.StartsWith("FGFR", StringComparison.Ordinal) => "FGFR",
            _ => g,
        };
    }

    /// <summary>A drug named by what it targets ("an ALK inhibitor specifically developed to target G1202R", "designed to overcome").</summary>
    [GeneratedRegex(@"(?:developed|designed|intended|engineered)\s+(?:\w+\s+)?(?:to|for)\s+(?:target|overcome|inhibit|treat)|\btargeting\s+(?:ALK\s+)?[A-Z]\d{3,4}[A-Z]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DrugForTarget { get; }

    /// <summary>A compound mutation, with room for an aside between the words ("compound (two or more) ALK resistance mutation").</summary>
    private const string CompoundMutation = @"\bcompound\b[^.;]{0,40}mutation";

    /// <summary>Words for a gene amplification, in a criterion or a result.</summary>
    internal const string AmplificationWords = @"amplif|copy[- ]number|\bCNV?\b|\bgain\b";

    /// <summary>Words for MET exon 14 skipping, in a criterion or a result.</summary>
    internal const string MetExon14Words = @"exon\s*14|\bex14|skipping";

    /// <summary>The gene and, when the text names one, its variant ("MET" + "exon 14 skipping" → "MET exon 14").</summary>
    private static string Canonical(string symbol, string own)
    {
        var gene = GeneKey(symbol);
        var amplified = Rx(AmplificationWords).IsMatch(own);
        var protein = Rx(@"(?-i:\b(?:p\.)?([A-Z]\d{2,4}[A-Z]?)\b)").Match(own.Replace(symbol, " ", StringComparison.Ordinal));
        return gene switch
        {
            "MET" when amplified => "MET amplification",
            "MET" when Rx(MetExon14Words).IsMatch(own) => "MET exon 14",
            "MET" when Rx(@"overexpress|\bIHC\b|protein expression|high expression").IsMatch(own) => "MET overexpression",
            "HER2" when amplified || Rx(@"overexpress|\bIHC\b|positive|\+").IsMatch(own) && !Rx(@"mutat").IsMatch(own) => "HER2 amplification",
            "EGFR" when amplified => "EGFR amplification",
            "EGFR" when Rx(@"exon\s*20|\bex20|ins20").IsMatch(own) => "EGFR exon 20",
            "EGFR" when Rx(@"T790M").IsMatch(own) => "EGFR T790M",
            "EGFR" when Rx(@"C797S").IsMatch(own) => "EGFR C797S",
            "BRAF" when Rx(@"V600E").IsMatch(own) => "BRAF V600E",
            "BRAF" when Rx(@"V600").IsMatch(own) => "BRAF V600",
            "KRAS" or "NRAS" when protein.Success => $"{gene} {protein.Groups[1].Value}",
            _ => gene,
        };
    }

    /// <summary>ALK resistance mutations a sentence excludes: named ones, "compound", or "any" for the class.</summary>
    private static void MutationsExcluded(TrialCriteria c, Item i, string sentence)
    {
        var found = MutationNames(sentence);
        if (Rx(@"\bcompound\b[^.;]{0,25}mutation").IsMatch(sentence)) found.Add("compound");
        else if (found.Count == 0 && ResistanceClass.IsMatch(sentence) && Alk.IsMatch(sentence)) found.Add("any");
        if (found.Count == 0) return;
        foreach (var m in found)
        {
            if (!c.ResistanceMutationsExcluded.Contains(m)) c.ResistanceMutationsExcluded.Add(m);
            if (m is not ("any" or "compound") && !c.ResistanceMutations.Contains(m)) c.ResistanceMutations.Add(m);
        }
        c.Quotes.TryAdd(nameof(TrialCriteria.ResistanceMutationsExcluded), i.Text);
        c.Understood.Add(i.Text);
    }

    private static void AddGene(List<string> list, string gene, TrialCriteria c, string key, Item i)
    {
        c.Understood.Add(i.Text);
        if (list.Contains(gene)) return;
        list.Add(gene);
        c.Quotes.TryAdd(key + ":" + gene, i.Text);
    }

    /// <summary>An item about ALK resistance mutations ("Documented ALK G1202R", "compound ALK mutations"), not about ALK-positive cancer as such.</summary>
    private static bool IsAlkMutationItem(string t) =>
        (MutationNames(t).Count > 0 || ResistanceClass.IsMatch(t))
        && !Rx(@"\bALK\b[- ]?(?:positive|rearrange|fusion|translocat)|(?:rearrange|fusion|translocat)\w*[^.;]{0,20}\bALK\b").IsMatch(t);

    /// <summary>An exclusion of ALK-negative (or untested) disease: "ALK-negative NSCLC", "ALK rearrangement not detected", "unknown ALK status".</summary>
    /// <summary>
    /// An exclusion of ALK-negative disease, sentence by sentence without asides: "Known EGFR mutation, ALK rearrangement or ROS1
    /// rearrangement (i.e. no known EGFR/ALK/ROS1 alterations). Note: pts must have documented negative EGFR and ALK status" excludes
    /// ALK-positive disease — its "negative" sentence is a test the trial requires, not an exclusion of ALK-negative patients.
    /// </summary>
    private static bool ExcludesAlkNegative(string t) =>
        Sentences(Strip(AlkSpelledOut.Replace(t, "ALK"))).Any(s => IsAlkNegativeExclusion(s) && !Rx(@"\bmust\b|\brequired\b").IsMatch(s));

    private static bool IsAlkNegativeExclusion(string t) =>
        AlkNegated(t) && !Rx(@"(?:EGFR|KRAS|ROS-?1|BRAF|RET|MET|HER2)\b[^.;]{0,40}\bALK\b[^.;]{0,30}(?:negative|wild)").IsMatch(t)
        || Rx(@"unknown (?:\w+ )?ALK (?:status|result)|ALK (?:status|result) (?:is )?unknown").IsMatch(t) && !Rx(@"EGFR|ROS|KRAS").IsMatch(t);
}
