using System.Text.RegularExpressions;
using AlkNavigator.Features.Interactions;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// Conditions and medicines outside the cancer that trials commonly exclude (hepatitis B, a statin, an anticoagulant, a strong CYP3A
/// inhibitor, …). Nearly every trial names some of them, and most records hold none, so such an exclusion does not make every trial
/// "possibly": it is kept with the kinds it names (<see cref="CheckItem.Facts"/>), and it concerns only a patient whose record mentions
/// the same kind (a result, a procedure or note, another medicine). Then it is "to check", never "excludes": whether hepatitis B is
/// active, or a medicine is current, is for the study team. Medicine classes read the interaction table's classes
/// (Features/Interactions/interactions.yaml), so that one list says which medicine is a strong CYP3A inhibitor everywhere.
/// </summary>
public static class HealthFacts
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    /// <summary>One kind: its key, how a reason names it, how a criterion names it, how a record names it (and which interaction classes are it).</summary>
    /// <param name="InCriterion">The pattern, compiled only as part of <see cref="AnyInCriterion"/>.</param>
    /// <param name="Medicine">A kind of medicine (a stopped one does not count), not a condition (a past one does).</param>
    /// <param name="Lab">A laboratory result: a criterion's limit on it concerns a record that gives a value (inclusions too).</param>
    private sealed record Kind(string Key, string Label, string InCriterion, Regex? InRecord, string[] Classes, bool Medicine = false, bool Lab = false);

    /// <summary>A condition named in the same words in a criterion and in a record.</summary>
    private static Kind Same(string key, string label, string pattern) => new(key, label, pattern, new(pattern, Opt), []);

    private static readonly Kind[] Kinds =
    [
        Same("hepatitis-b", "hepatitis B", @"hepatitis\s*B\b|\bHBV\b|\bHBsAg\b|\bHBcAb\b|anti-?HBc"),
        Same("hepatitis-c", "hepatitis C", @"hepatitis\s*C\b|\bHCV\b"),
        Same("hiv", "HIV", @"\bHIV\b|human immunodeficiency virus|(?-i:\bAIDS\b)"),
        new("tuberculosis", "tuberculosis", @"tubercul|\bTB\b", new(@"tubercul|\bTB\b|\blatent TB", Opt), []),
        new("lipid-lowering", "a lipid-lowering medicine", @"lipid[- ]lowering|cholesterol[- ]lowering|\bstatins?\b|HMG-?CoA|ezetimibe|\bfibrates?\b|PCSK9",
            new(@"\b(?:atorva|rosuva|simva|prava|fluva|lova|pitava)statin|\bstatins?\b|ezetimibe|fenofibrat|gemfibrozil|bezafibrat|evolocumab|alirocumab|inclisiran|bempedoic|lipid[- ]lowering|\b(?:Lipitor|Crestor|Zocor|Pravachol|Livalo|Zetia|Ezetrol|Repatha|Praluent|Leqvio)\b", Opt), ["cyp3a-statin"], Medicine: true),
        new("anticoagulant", "an anticoagulant", @"anti-?coagula|warfarin|coumadin|heparin|\b[DN]OACs?\b|factor Xa|thrombin inhibitor|vitamin K antagonist|apixaban|rivaroxaban|edoxaban|dabigatran",
            new(@"anti-?coagula|warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|edoxaban|lixiana|savaysa|dabigatran|pradaxa|enoxaparin|lovenox|clexane|dalteparin|fragmin|tinzaparin|fondaparinux|heparin", Opt), [], Medicine: true),
        new("cyp3a", "a medicine or food that changes CYP3A activity", @"\bCYP\s*3A", null,
            ["cyp3a-strong-inhibitor", "cyp3a-moderate-inhibitor", "cyp3a-strong-inducer", "cyp3a-moderate-inducer"], Medicine: true),
        new("qt-drug", "a medicine that can prolong the QT interval", @"prolong\w*\s+(?:the\s+)?QTc?|QTc?[- ]prolong\w*|torsades", null, ["qt-prolonging"], Medicine: true),
        new("steroid-immunosuppressant", "a corticosteroid or immunosuppressant", @"immuno-?suppress|corticosteroid|\bsteroids?\b|prednis|dexamethason",
            new(@"prednis|dexamethason|methylprednis|hydrocortison|budesonide|corticosteroid|\bsteroids?\b|tacrolimus|cyclosporin|ciclosporin|mycophenol|azathioprin|sirolimus|immuno-?suppress", Opt), [], Medicine: true),
        new("autoimmune", "an autoimmune disease", @"auto-?immun",
            new(@"auto-?immun|lupus|rheumatoid arthritis|crohn|ulcerative colitis|psoria|multiple sclerosis|hashimoto|graves|myasthenia|type 1 diabetes|co?eliac|vitiligo", Opt), []),
        Same("transplant", "an organ or stem-cell transplant", @"transplant"),
        new("heart", "heart disease", @"heart failure|\bCHF\b|myocardial infarction|unstable angina|cardiomyopathy|\bNYHA\b|arrhythmi|atrial fibrillation|heart block|coronary (?:artery )?(?:disease|bypass|stent)|cardiac (?:disease|failure|dysfunction)",
            new(@"heart failure|\bCHF\b|myocardial infarction|heart attack|\bangina\b|cardiomyopathy|arrhythmi|atrial fibrillation|\bA-?fib\b|heart block|pacemaker|coronary (?:artery|disease|bypass|stent)|\bCABG\b|(?:cardiac|coronary|drug-eluting|LAD|RCA) stents?|cardiac (?:disease|failure|dysfunction)", Opt), []),
        Same("stroke", "a stroke or TIA", @"\bstroke|cerebrovascular|transient isch(?:a)?emic|\bTIA\b"),
        new("seizures", "seizures or epilepsy", @"seizure|(?:^|[^\w-])(?:epilep|convuls)", new(@"seizure|epilep|convuls|levetiracetam|keppra|lamotrigine|valpro", Opt), []),
        new("diabetes", "diabetes or high blood sugar", @"diabet|hyperglyc|\bHbA1c\b", new(@"diabet|hyperglyc|metformin|insulin|\bHbA1c\b", Opt), []),
        new("lung-disease", "interstitial lung disease or pneumonitis", @"interstitial lung|\bILD\b|pneumonitis|pulmonary fibrosis",
            new(@"interstitial lung|\bILD\b|pneumonitis|pulmonary fibrosis|pulmonary (?:event|toxicity)|\bEOPE\b|lung inflammation|alveolitis|organi[sz]ing pneumonia", Opt), []),
        new("long-qt", "a long QT interval or a high QTc", @"long[- ]QT|\bQTc?[FB]?\b\)?\s*(?:interval\s*)?(?:\(\s*)?(?:prolong|>|≥|>=|of (?:more|greater) than|greater than|above|over)|prolonged QTc?",
            new(@"long[- ]QT|\bQTc?[FB]?\b\s*(?:interval\s*)?prolong|prolonged QT", Opt), []),
        new("language", "a language need (an interpreter, another language)", @"\b(?:English|Spanish|French|German|Italian|Portuguese|Mandarin|Cantonese|Chinese|Japanese|Korean|Dutch|Arabic)\b|\binterpreter|\blanguages?\b",
            new(@"interpreter|preferred language|does not (?:read|speak|understand|write)|non-English|limited English|language barrier|(?:reads?|speaks?) only", Opt), []),
        new("palliative-care", "palliative or hospice care", @"palliative care|hospice", new(@"palliative (?:care|team|medicine|physician|consult\w*|clinic|nurse|service)|hospice", Opt), []),
        new("pregnancy", "a pregnancy, a recent birth or breastfeeding", @"pregnan|breast-?feed|\blactating|\blactation|\bnursing\b",
            new(@"pregnan|breast-?feed|\blactating|\blactation|post-?partum|gave birth|delivered (?:a |her )?(?:\w+ )?baby|\bnursing (?:mother|infant|a baby)", Opt), []),
        Same("copd", "COPD or emphysema", @"\bCOPD\b|chronic obstructive|emphysema"),
        new("hypertension", "high blood pressure", @"hypertension", new(@"hypertension|high blood pressure", Opt), []),
        Same("liver-disease", "chronic liver disease", @"cirrho|Child-?Pugh|chronic liver disease"),
        // Another cancer: an exclusion of other malignancies (with its exceptions) concerns a record that mentions one.
        new("other-cancer", "another cancer", @"(?:other|another|second|prior|previous|concurrent|synchronous|additional)\s+(?:\w+\s+)?(?:primary\s+)?(?:malignan|cancer|neoplas)|history of (?:an?other |other )?(?:malignan|cancer)",
            new(@"breast cancer|\bDCIS\b|ductal carcinoma|prostate (?:cancer|adenocarcinoma)|colo(?:n|rectal) cancer|melanoma|lymphoma|leuka?emia|myeloma|thyroid (?:cancer|carcinoma)|bladder cancer|urothelial|renal cell|kidney cancer|cervical cancer|ovarian cancer|endometrial|uterine cancer|gastric cancer|stomach cancer|o?esophageal cancer|pancreatic cancer|head and neck cancer|oral cancer|laryngeal|basal cell carcinoma|(?:skin|cutaneous) squamous|testicular cancer|sarcoma|mesothelioma|carcinoma in situ", Opt), []),
        new("implanted-device", "an implanted device (pacemaker, defibrillator, metal implant)", @"pacemaker|defibrillator|\bICDs?\b|implant\w* (?:cardiac |electronic |medical )?devices?|metal(?:lic)? (?:implant|fragment|clip)|MR-?(?:conditional|unsafe|compatible)|cochlear implant|neurostimulator",
            new(@"pacemaker|defibrillator|\bICD\b|cochlear implant|neurostimulator|metal(?:lic)? (?:implant|fragment|clip|plate|rod)|aneurysm clip|joint replacement|hip replacement|knee replacement", Opt), []),
        // Laboratory results with a value in the record ("ANC 1.3 x 10^9/L", "creatinine 1.4 mg/dL"): the trial's limit is to check
        // against it (the study team's own measurement decides; the record's may be old or on another unit).
        new("neutrophils", "a neutrophil count", @"\bANC\b|neutrophil", new(@"(?:\bANC\b|neutrophil\w*)\D{0,25}\d", Opt), [], Lab: true),
        new("kidney-function", "a kidney function result (creatinine or its clearance)", @"creatinine|\bCrCl\b|(?-i:\beGFR\b)|glomerular filtration",
            new(@"(?:creatinine|\bCrCl\b|(?-i:\beGFR\b)|glomerular filtration)\D{0,25}\d", Opt), [], Lab: true),
        new("liver-tests", "a liver test result (ALT, AST or bilirubin)", @"\bALT\b|\bAST\b|\bSGPT\b|\bSGOT\b|transaminase|aminotransferase|bilirubin",
            new(@"(?:\bALT\b|\bAST\b|\bSGPT\b|\bSGOT\b|transaminase|aminotransferase|bilirubin)\D{0,25}\d", Opt), [], Lab: true),
        new("platelets", "a platelet count", @"platelet", new(@"platelet\w*\D{0,25}\d", Opt), [], Lab: true),
        new("haemoglobin", "a haemoglobin result", @"ha?emoglobin|\bHg?b\b", new(@"(?:ha?emoglobin|\bHg?b\b)\D{0,25}\d", Opt), [], Lab: true),
        // Radiotherapy to the chest: trials exclude it within a window or above a dose (pneumonitis risk); a record that lists some is to check.
        new("thoracic-radiotherapy", "radiotherapy to the chest", @"(?:thorac\w*|thorax|chest|lungs?|mediastin\w*|pulmonary)\W+(?:\w+\W+){0,3}?(?:radiotherap|radiation(?! pneumonitis)|irradiat|RT\b)|(?:radiotherap\w*|radiation|irradiation|\bRT)\s+(?:\w+\s+){0,2}?(?:to|of|involving|including)\s+(?:the\s+)?(?:\w+\s+)?(?:lungs?|thorax|chest|mediastin)",
            new(@"(?:radiotherap|radiation(?! pneumonitis)|irradiat|\b\d+(?:\.\d+)?\s*Gy\b|\bSBRT\b|\bSABR\b|chemoradi)[^.;]{0,80}(?:thora|chest|lung|hilar|hilum|mediastin|bronch|\blobe\b)|(?:thora|chest|lung|hilar|hilum|mediastin|bronch|\blobe\b)[^.;]{0,60}(?:radiotherap|radiation(?! pneumonitis)|irradiat|\b\d+(?:\.\d+)?\s*Gy\b|\bSBRT\b|\bSABR\b)", Opt), []),
        // Bleeding: haemoptysis and bleeding exclusions (bevacizumab, anticoagulation, VEGF agents) concern a record that mentions some.
        new("bleeding", "bleeding or coughing up blood", @"ha?emoptysis|bleed|ha?emorrhag",
            new(@"ha?emoptysis|\bbleed(?:ing|s)?\b|ha?emorrhag|cough\w*(?: up)?(?: [\w-]+){0,4}? (?:of )?blood\b|blood[- ]streaked sputum|blood in (?:the |his |her )?sputum|ha?ematemesis|mela?ena", Opt), []),
        new("kidney-disease", "kidney disease or dialysis", @"dialysis|renal failure|(?:chronic )?kidney disease|end-stage renal", new(@"dialysis|renal failure|kidney disease|end-stage renal|\bCKD\b", Opt), []),
    ];

    private static readonly Dictionary<string, Kind> ByKey = Kinds.ToDictionary(k => k.Key, StringComparer.Ordinal);

    /// <summary>All criterion patterns in one regex, a group per kind: an item is scanned once at import, not once per kind.</summary>
    private static readonly Regex AnyInCriterion = new(string.Join("|", Kinds.Select((k, n) => $"(?<k{n}>{k.InCriterion})")), Opt);
    private static readonly int[] GroupOf = Kinds.Select((_, n) => AnyInCriterion.GroupNumberFromName($"k{n}")).ToArray();

    /// <summary>An aside or sentence that permits ("(vitiligo or type 1 diabetes are permitted)", "Controlled hypertension is eligible.").</summary>
    private static readonly Regex PermitWord = new(@"permitted|allowed|eligible|acceptable|may (?:enrol|enroll|participate)", Opt);
    private static readonly Regex PermitAside = new(@"\([^()]*\b(?:permitted|allowed|eligible|acceptable|may (?:enrol|enroll|participate))\b[^()]*\)", Opt);
    private static readonly Regex PermitSentence = new(@"\b(?:are|is) (?:also )?(?:permitted|allowed|eligible|acceptable)\b", Opt);

    /// <summary>An inclusion asking for a language ("able to read and complete questionnaires in English or Spanish without assistance"):
    /// like an exclusion of a condition, it concerns only a record that mentions a language need.</summary>
    public static bool AsksLanguage(string text) => Language.IsMatch(text);

    private static readonly Regex Language = new(ByKey["language"].InCriterion, Opt);

    /// <summary>Items that may name medicines (read against the interaction table only then: it costs more than one scan).</summary>
    private static readonly Regex MedicineContext = new(@"medic|drugs?\b|agents?\b|inhibitor|inducer|\buse\b|\btak(?:ing|e)\b|concomitant|concurrent|receiv", Opt);

    /// <summary>The kind of a medicine the record mentions without its name.</summary>
    public const string UnnamedMedicine = "unnamed-medicine";

    /// <summary>The marker an item's kinds carry when it excludes only the uncontrolled condition.</summary>
    public const string Uncontrolled = "~uncontrolled";

    /// <summary>Whether the record's words for a kind say it is controlled ("hypertension, well controlled on amlodipine").</summary>
    public static bool SaysControlled(string words) =>
        Regex.IsMatch(words, @"(?<!\bun)(?<!poorly )(?<!not )(?<!not well )(?<!not adequately )\bcontrolled\b|well[- ]controlled", RegexOptions.IgnoreCase);

    /// <summary>How a reason names a kind ("hepatitis B", "a lipid-lowering medicine"); a named medicine by its name.</summary>
    public static string Label(string key) => key.StartsWith("agent:", StringComparison.Ordinal) ? key[6..] : key == UnnamedMedicine ? "a medicine it does not name"
        : ByKey.TryGetValue(key, out var k) ? k.Label : key;

    /// <summary>Whether a kind is a medicine (the reason says "people taking it") rather than a condition ("people with it").</summary>
    public static bool IsMedicine(string key) => key.StartsWith("agent:", StringComparison.Ordinal) || key == UnnamedMedicine || ByKey.TryGetValue(key, out var k) && k.Medicine;

    /// <summary>The laboratory results an inclusion sets a limit on ("ANC ≥ 1.5 × 10^9/L", "creatinine clearance ≥ 45 mL/min").</summary>
    public static string[] LabsIn(string text)
    {
        List<string>? keys = null;
        for (var m = AnyLab.Match(text); m.Success; m = m.NextMatch())
            for (var n = 0; n < Labs.Length; n++)
                if (m.Groups[LabGroupOf[n]].Success && !(keys ??= []).Contains(Labs[n].Key)) keys.Add(Labs[n].Key);
        return keys?.ToArray() ?? [];
    }

    /// <summary>The laboratory kinds' criterion patterns in one regex (read on every inclusion item, without the medicine reading).</summary>
    private static readonly Kind[] Labs = Kinds.Where(k => k.Lab).ToArray();
    private static readonly Regex AnyLab = new(string.Join("|", Labs.Select((k, n) => $"(?<l{n}>{k.InCriterion})")), Opt);
    private static readonly int[] LabGroupOf = Labs.Select((_, n) => AnyLab.GroupNumberFromName($"l{n}")).ToArray();

    /// <summary>The kinds an exclusion criterion names outside its exceptions ("… except hepatitis B on antiviral treatment"); empty when none.</summary>
    public static string[] InCriterion(string text)
    {
        var names = MedicineContext.IsMatch(text);
        if (!names && !AnyInCriterion.IsMatch(text)) return []; // most items name no kind and no medicine: one or two scans decide
        // Outside exceptions ("except hepatitis B on antiviral therapy") and asides that permit ("(vitiligo, type 1 diabetes are permitted)").
        var outside = CheckItem.DrugText(text);
        if (PermitWord.IsMatch(outside))
            outside = string.Join(". ", PermitAside.Replace(outside, " ").Split('.', ';').Where(s => !PermitSentence.IsMatch(s)));
        List<string>? keys = null;
        // One scan; the kinds' patterns are short words and phrases, so one kind's match does not hide another's ("therapy with
        // anticoagulants or drugs that prolong QT").
        for (var m = AnyInCriterion.Match(outside); m.Success; m = m.NextMatch())
            for (var n = 0; n < Kinds.Length; n++)
                if (m.Groups[GroupOf[n]].Success) (keys ??= []).Add(Kinds[n].Key);
        // Medicines named in the item ("enzyme-inducing anti-epileptics (phenytoin, carbamazepine)"): the record's medicine of that name.
        if (names)
        {
            // The interaction table's reader normalises every word (costly on 100,000 studies): only an item with a word that begins one of
            // its names is read by it.
            if (InteractionCheck.MayNameAgent(outside))
                foreach (var agent in InteractionCheck.AgentsIn(outside)) (keys ??= []).Add("agent:" + agent.Name);
            // Any exclusion of medicines concerns a record that mentions a medicine without naming it ("something from the GP to help quit").
            if (Regex.IsMatch(outside, @"\b(?:use of|taking|treatment with|medications?|medicines?|drugs?)\b", RegexOptions.IgnoreCase)) (keys ??= []).Add(UnnamedMedicine);
        }
        // "Uncontrolled hypertension": a record that says it is controlled is not concerned (Concerns).
        if (keys is not null && Regex.IsMatch(outside, @"\buncontrolled|poorly controlled|not (?:adequately |well )?controlled", RegexOptions.IgnoreCase)) keys.Add(Uncontrolled);
        return keys?.Distinct().ToArray() ?? [];
    }

    /// <summary>
    /// The kinds the record mentions, each with the words that show it: positive results (a negative one, "HBsAg negative", is not one),
    /// procedures and notes (a mention a negation governs, "no hepatitis", "HIV negative", is not one), and other medicines, whose
    /// interaction classes count too (itraconazole is a strong CYP3A inhibitor).
    /// </summary>
    public static Dictionary<string, string> InRecord(MatchProfile p)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var texts = new List<string>();
        foreach (var (gene, alteration) in p.Biomarkers ?? [])
            foreach (var clause in Regex.Split(alteration, @"[;,]"))
                if (clause.Trim().Length > 0 && !BiomarkerResults.IsNegative(clause)) texts.Add($"{gene} {clause.Trim()}");
        foreach (var (kind, name) in p.Procedures ?? []) texts.Add($"{kind}: {name}");
        foreach (var m in p.Medicines ?? []) texts.Add(m);
        if (!string.IsNullOrWhiteSpace(p.Notes)) texts.AddRange(Regex.Split(p.Notes, @"(?<=[.;!?\n])\s+"));
        foreach (var text in texts)
            foreach (var k in Kinds)
                if (!found.ContainsKey(k.Key) && k.InRecord is not null && !(k.Medicine && Stopped(text)) && Affirmed(k.InRecord, text) is { } words) found[k.Key] = words;
        foreach (var text in texts)
            if (Regex.IsMatch(text, @"(?:name|product|drug|medicine|medication)\s+(?:was\s+)?(?:not (?:recorded|known|documented|given|available)|unknown)|\bunnamed\b|\bunknown (?:medicine|medication|drug|product|tablet)|\bsomething\b[^.;]{0,30}\b(?:from|by|prescribed)", RegexOptions.IgnoreCase))
                found.TryAdd(UnnamedMedicine, text.Length <= 120 ? text : text[..120]);
        // A QTc the record gives above 450 ms ("ECG: QTcF 481 ms") is a long QT interval for this purpose; a lower one is not.
        foreach (var text in texts)
            foreach (Match m in Regex.Matches(text, @"\bQTc?[FB]?\b\D{0,12}?(\d{3})\s*(?:ms|msec)", RegexOptions.IgnoreCase))
                if (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 450) found.TryAdd("long-qt", m.Value);
        foreach (var m in texts.Where(x => !Stopped(x)))
            foreach (var agent in InteractionCheck.AgentsIn(m))
            {
                found.TryAdd("agent:" + agent.Name, agent.Name);
                foreach (var k in Kinds)
                    if (!found.ContainsKey(k.Key) && k.Classes.Length > 0 && agent.Classes.Any(k.Classes.Contains)) found[k.Key] = agent.Name;
            }
        return found;
    }

    /// <summary>A medicine the text says was stopped ("itraconazole …, stopped October 2025", "taper completed; no steroids since"): not a current one.</summary>
    private static bool Stopped(string text) =>
        Regex.IsMatch(text, @"\b(?:stopped|discontinued|no longer|ceased|finished|tapered off|weaned off|taper completed|completed (?:a |the )?(?:taper|course))\b", RegexOptions.IgnoreCase);

    /// <summary>The first mention of a kind in a text that no negation governs ("no", "without", "denies", "… negative", "not detected"), or null.</summary>
    internal static string? Affirmed(Regex kind, string text)
    {
        foreach (Match m in kind.Matches(text))
        {
            var before = text[Math.Max(0, m.Index - 50)..m.Index];
            var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 40)];
            // "No hepatitis B, hepatitis C or HIV", "Negative for HIV, HBV and HCV", "father had a stroke"
            if (Regex.IsMatch(before, @"\b(?:no|not|never|without|denies|denied|free of|negative|negative for|ruled out|no history of|no known)\b(?:[\s,/]+[\w-]+){0,5}[\s,/]*$|\b(?:family history|father|mother|brother|sister|parents?|grand\w+|son|daughter|husband|wife|partner)\b[^.;]{0,30}$", RegexOptions.IgnoreCase)) continue;
            // "HIV, HBV, HCV negative", "HIV test: negative", "Pregnancy urine test negative", "hepatitis B vaccinated"
            if (Regex.IsMatch(after, @"^\w*[\s,:/-]{0,3}(?:(?:and |or )?[\w-]+[\s,:/]+){0,4}(?:negative|neg\b|not detected|non-?reactive|undetectable|ruled out|vaccinat|immuni[sz])", RegexOptions.IgnoreCase)) continue;
            if (text.Length <= 120) return text;
            var from = Math.Max(0, m.Index - 50);
            return text[from..Math.Min(text.Length, m.Index + m.Length + 50)].Trim();
        }
        return null;
    }
}
