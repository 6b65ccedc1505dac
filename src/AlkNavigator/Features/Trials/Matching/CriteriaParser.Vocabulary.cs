using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>CriteriaParser: the vocabulary of eligibility text (terms, drugs, drivers, stages; every regex compiled once).</summary>
public static partial class CriteriaParser
{
    // ------------------------------------------------------------------ vocabulary (compiled once)

    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const RegexOptions Exact = RegexOptions.CultureInvariant;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Cache = new();
    /// <summary>The short patterns written where they are used, each compiled once on first use.</summary>
    private static Regex Rx(string pattern) => Cache.GetOrAdd(pattern, p => new Regex(p, Opt | RegexOptions.Compiled));

    [GeneratedRegex(@"\\([\\\[\]<>*_\-=~()#.+!|])")]
    private static partial Regex Unescape { get; }
    [GeneratedRegex(@"^(\s*)(?:[*\-•·]|\d{1,2}[.)]|[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)])\s+(.*)$")]
    private static partial Regex Bullet { get; }
    [GeneratedRegex(@"^\W*(?:key\s+)?inclusion(?:\s+criteria)?\b", Opt)]
    private static partial Regex InclusionHeading { get; }
    [GeneratedRegex(@"^\W*(?:key\s+)?exclusion(?:\s+criteria)?\b", Opt)]
    private static partial Regex ExclusionHeading { get; }

    [GeneratedRegex(@"\bALK\b|anaplastic lymphoma kinase", Opt)]
    private static partial Regex Alk { get; }
    [GeneratedRegex(@"\bALK\b[- ]?(?:\(?TKIs?\)?|tyrosine kinase inhibitors?|inhibitors?|targeted|directed)|anaplastic lymphoma kinase (?:\(ALK\) )?(?:tyrosine kinase )?inhibitors?", Opt)]
    private static partial Regex AlkTherapy { get; }
    [GeneratedRegex(@"\bALK\b[^.;]{0,40}(?:rearrange|fusion|positiv|translocat|alteration|mutation|aberration|amplif|\+)|(?:rearrange|fusion|positiv|translocat|alteration|mutation|aberration)[^.;]{0,30}\bALK\b|ALK[- ]positive|anaplastic lymphoma kinase", Opt)]
    private static partial Regex AlkAlteration { get; }
    [GeneratedRegex(@"\bALK\b(?:(?!positiv|EGFR|KRAS|NRAS|ROS|BRAF|RET\b|MET\b|HER-?2|ERBB2|NTRK|TP53|PD-?L1)[^.;]){0,30}(?:negative|wild[- ]?type|\bWT\b)|(?:\bno\b(?! (?:more|longer|later|less|other|standard|curative|available)\b)|\bnot\b(?! (?:be |been |yet |considered |)(?:amenable|candidates?|a candidate|eligible|suitable|curable|appropriate|available|responsive|resectable|operable|tolerat|exist|an option|possible))|without|negative (?:for|test)|absence of|lack of)(?:\s+(?:have|has|had|harbou?r\w*|carry\w*|contain\w*|be|been|known|documented|confirmed|with|show\w*|any|an?|evidence of|tested positive for|test positive for))*(?:(?!\bharbou?r|\bwith\b|\bhav(?:e|ing)\b|\bhas\b|\bdocumented\b|\bconfirmed\b|\bwho\b|\bwhich\b|\bthat\b|\bbut\b|\bcarrying\b|\bcontaining\b)[^.;:]){0,60}\bALK\b", Opt)]
    private static partial Regex AlkNegative { get; }
    [GeneratedRegex(@"(?:other than|except(?: for)?|besides|apart from|excluding|in addition to|beyond)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?\bALK\b", Opt)]
    private static partial Regex OtherThanAlk { get; }
    [GeneratedRegex(@"(?:other than|except(?: for)?|besides|apart from)\s+(?:an?\s+)?(?:\w+\s+)?\b([A-Z][A-Z0-9]{1,5})\b", Opt)]
    private static partial Regex OtherThanGene { get; }
    [GeneratedRegex(@"actionable|targetable|druggable|sensiti[sz]ing|(?:oncogenic )?driver (?:gene |mutation|alteration|oncogene)|oncogenic (?:driver|mutation|alteration)|(?:genomic|molecular) (?:alteration|aberration)s? (?:for which|amenable|with)|approved targeted therap|amenable to targeted|targeted (?:therapy|treatment) (?:is|are) (?:approved|available|indicated)|for which (?:an? )?(?:approved |first[- ]line )?targeted", Opt)]
    private static partial Regex GenericDriver { get; }
    [GeneratedRegex(@"(?:\bwith\b|\bhave\b|\bharbou?r\w*|presence of|confirming)\s+(?:an?\s+|one or more\s+|documented\s+|known\s+)*(?:actionable|targetable|oncogenic driver|driver (?:gene|mutation|alteration))", Opt)]
    private static partial Regex GenericDriverPositive { get; }
    [GeneratedRegex(@"(?:\bno\b(?!\s+(?:upper\s+)?(?:limit|maximum|restriction|cap)\b)|without|\bnot\b|absence of|negative for|ineligible for|excluding any other)[^.;]{0,60}(?:actionable|targetable|druggable|driver|oncogen|targeted therap|genomic alteration|\bAGAs?\b)", Opt)]
    private static partial Regex GenericDriverNegative { get; }
    [GeneratedRegex(@"not (?:be )?(?:eligible|a candidate|candidates|suitable) for (?:an? )?(?:approved |available )?targeted", Opt)]
    private static partial Regex NotEligibleTargeted { get; }

    /// <remarks>A gene glued to its variant ("KRASG12C", "EGFRL858R", "BRAFV600E") is that gene.</remarks>
    [GeneratedRegex(@"\b(EGFR|KRAS|HER2|ERBB2|RET|ROS1|BRAF|MET|NTRK\d?|MTAP|NRG1|PIK3CA|FGFR\d?|IDH\d|BRCA\d?|HRAS|NRAS|STK11|KEAP1)(?:\b|(?=[A-Z]\d{2,4}(?:[A-Z]|del|ins|fs)\b))", Exact)]
    private static partial Regex Drivers { get; }
    [GeneratedRegex(@"mutat|mutant|deleti|deleted|fusion|amplif|alter|positive|(?:EGFR|HER2|RET|ROS1|MET|BRAF|KRAS)\+|G12C|exon|L858R|T790M|C797S|V600|rearrang|insertion|overexpress|skipping|activating", Opt)]
    private static partial Regex DriverPositiveWord { get; }
    [GeneratedRegex(@"\bno\b|\bnot\b|without|negative|wild[- ]?type|excluding|absence|\bunknown\b|lack of", Opt)]
    private static partial Regex Negation { get; }
    [GeneratedRegex(@"^(?:\W*\w+\s*\d*\w?:\s*)?(?:for\s+|if\s+|in\s+)?(?:patients|participants|subjects|those)\s+(?:with|whose|who have|harbou?ring)\b|^\s*if\b|^\s*for (?:patients|participants|subjects|those)|^\s*(?:patients|participants|subjects) (?:in|of) (?:cohort|arm|part)", Opt)]
    private static partial Regex ConditionalPopulation { get; }

    [GeneratedRegex(@"non[- ]?small[- ]?cell|\bNSCLC\b|\blung (?:cancer|carcinoma|adenocarcinoma|neoplasm|malignan|tumou?r)|carcinoma,? non-small|cancer,? lung|lung non-small|pulmonary (?:adeno)?carcinoma|\bthoracic (?:cancer|malignan|oncology)", Opt)]
    private static partial Regex Lung { get; }
    [GeneratedRegex(@"(?<!non[- ]?)(?<!non)\bsmall[- ]cell (?:lung )?(?:cancer|carcinoma)|\bSCLC\b|\bES-SCLC\b|\bLS-SCLC\b", Opt)]
    private static partial Regex SmallCellOnly { get; }
    [GeneratedRegex(@"solid (?:tumou?r|cancer|neoplasm|malignanc)|advanced (?:cancer|malignanc)|metastatic (?:cancer|malignanc|disease)|\bany (?:cancer|malignanc|tumou?r)|^cancer$|^neoplasms?$|^carcinoma$|^malignant neoplasms?$|^advanced cancer|^metastatic cancer|\bcancers?\b of all|all (?:solid )?cancers|form of cancer", Opt)]
    private static partial Regex Solid { get; }
    [GeneratedRegex(@"cancer|carcinoma|tumou?r|neoplas|malignan|lymphoma|leuka?emia|melanoma|sarcoma|myeloma|blastoma|oncolog|metasta|histiocytosis|mesothelioma|glioma|NSCLC", Opt)]
    private static partial Regex CancerWord { get; }
    [GeneratedRegex(@"(?:diagnos\w*|confirm\w*|histolog\w*|cytolog\w*|patholog\w*|documented|(?:biopsy|tissue)[- ]proven|\bproven|\bwith|\bhave|\bhas|patients|participants)\b[^.;]{0,80}(?:cancer|carcinoma|NSCLC|tumou?r|malignan|neoplasm|lymphoma|leuka?emia|melanoma|sarcoma)|(?:cancer|carcinoma|NSCLC|tumou?r|malignan\w*)\b[^.;]{0,40}\b(?:confirmed|documented|diagnosed|proven)\b|\bstage\s*(?:I{1,3}V?|IV|[1-4])[A-C]?\b[^.;]{0,60}(?:cancer|carcinoma|NSCLC|tumou?r)", Opt)]
    private static partial Regex CancerRequired { get; }
    [GeneratedRegex(@"\b(?:other|another|second|additional|concurrent)\b[^.;]{0,30}malignan|malignan\w* other than|\bdouble cancers?\b|\b(?:synchronous|metachronous)\s+(?:\w+\s+){0,2}(?:cancers?|malignan)", Opt)]
    private static partial Regex OtherMalignancy { get; }
    [GeneratedRegex(@"\b(?:response to|responding to|treated with|receiving|undergoing|candidates? for|on)\s+(?:\w+\s+){0,2}(?:immunotherapy|immune checkpoint|checkpoint inhibitor|anti-?PD-?L?1|PD-?L?1 inhibitor|pembrolizumab|nivolumab|atezolizumab|durvalumab)", Opt)]
    private static partial Regex SummaryImmunotherapy { get; }
    [GeneratedRegex(@"\b(?:physicians?|pulmonologists?|clinicians?|providers?|oncologists?|nurses?|surgeons?|practitioners?|staff)\b", Opt)]
    private static partial Regex Clinicians { get; }
    [GeneratedRegex(@"\bsurvey\b|\bquestionnaire for (?:physicians|clinicians)", Opt)]
    private static partial Regex SurveyTitle { get; }
    [GeneratedRegex(@"(?:active|current|prior|history of|diagnosis of|diagnosed with|previous)[^.;]{0,40}(?:cancer|malignan)", Opt)]
    private static partial Regex CancerHistoryExclusion { get; }
    [GeneratedRegex(@"pa?ediatric (?:origin|solid|tumou?r|cancer)|childhood (?:cancer|tumou?r)", Opt)]
    private static partial Regex Paediatric { get; }

    [GeneratedRegex(@"metasta|advanced|unresectable|\bstage (?:III[BC]?\s*(?:-|to|/|or)\s*)?IV|recurren|relapsed|refractory|incurable|not (?:amenable|eligible|suitable|candidates?) for (?:curative|surgery|surgical|resection|radical|definitive)|inoperable|non-operable", Opt)]
    private static partial Regex Advanced { get; }
    [GeneratedRegex(@"unresectable|not (?:be )?(?:amenable|eligible|suitable|candidates?|a candidate|potentially curable) (?:for|to|by) (?:curative|surgery|surgical|resection|radical|definitive|radiotherapy)|inoperable|non-?operable|not (?:considered )?(?:to be )?(?:potentially )?curative", Opt)]
    private static partial Regex NotCurative { get; }
    [GeneratedRegex(@"\bresect(?:able|ed|ion)\b|neo-?adjuvant|\badjuvant\b|early[- ]stage|curative[- ]intent|surgical candidates?|candidates? for (?:surgery|surgical)|amenable to (?:surgical )?resection|planned (?:for )?(?:surgery|surgical|resection|lobectomy)", Opt)]
    private static partial Regex Early { get; }
    [GeneratedRegex(@"neo-?adjuvant|\bresectable\b|amenable to (?:surgical )?resection|surgical candidates?|candidates? for (?:surgery|surgical resection)|planned (?:for )?(?:surgery|surgical|resection|lobectomy)|prior to (?:surgery|resection)|pre-?operative", Opt)]
    private static partial Regex NotYetResected { get; }
    [GeneratedRegex(@"confirm|diagnos|histolog|cytolog|documented|NSCLC|non[- ]?small|solid tumou?r|cancer|carcinoma|disease|patients with|participants with|subjects with|stage", Opt)]
    private static partial Regex DiseaseStatement { get; }
    /// <summary>Brain lesions limited by place, size, complication or consequence ("within 5 mm of either hippocampus", "in the brainstem",
    /// "larger than 3 cm", "with haemorrhage", "causing cognitive impairment that prevents participation"): a rule about only some
    /// lesions, which a record does not describe.</summary>
    [GeneratedRegex(@"within\s*\d+(?:\.\d+)?\s*(?:mm|cm|millimet|centimet)|\b(?:near|adjacent to|close to|abutting)\b|hippocamp|brain\s?stem|posterior fossa|midline shift|ha?emorrhag|bleeding|(?:larger|greater|bigger) than (?:\d|one|two|three|four|five)|more than \d|(?:>|≥|>=|exceeding|over)\s*\d+(?:\.\d+)?\s*(?:mm|cm|millimet|centimet)|\b\d+(?:\.\d+)?\s*(?:mm|cm) or (?:larger|more|greater)|\bcausing\b|resulting in|leading to|that (?:would )?(?:prevents?|precludes?|interferes?|impairs?)|requir\w* (?:immediate|urgent|emergency)|impending", Opt)]
    private static partial Regex BrainSizeOrPlace { get; }

    /// <summary>Whether a clause about the brain in the item limits the lesions by place, size, complication or consequence
    /// (<see cref="BrainSizeOrPlace"/>): judged on the clause that names the brain ("No brain metastases; life expectancy of more than
    /// 3 months" limits nothing), cut at a semicolon, a full stop, "and", "or" or ", no".</summary>
    private static bool BrainLimited(string t)
    {
        foreach (Match m in BrainMention.Matches(t))
        {
            var before = t[..m.Index];
            var start = ClauseCut.Matches(before) is { Count: > 0 } cuts ? cuts[^1].Index + cuts[^1].Length : 0;
            var after = ClauseCut.Match(t, m.Index + m.Length);
            if (BrainSizeOrPlace.IsMatch(t[start..(after.Success ? after.Index : t.Length)])) return true;
        }
        return false;
    }

    [GeneratedRegex(@"brain|\bCNS\b|central nervous|intracranial|cerebral|lepto", Opt)]
    private static partial Regex BrainMention { get; }
    [GeneratedRegex(@";|\.\s|,?\s+and\s+(?!(?:larger|greater|bigger|more)\b)|,?\s+or\s+(?!(?:larger|greater|bigger|more|within|near|adjacent|in the)\b)|,\s+no\b", Opt)]
    private static partial Regex ClauseCut { get; }
    [GeneratedRegex(@"colorectal|\bbreast|melanoma|gastric|stomach|esophag|oesophag|ovarian(?! (?:stimulation|reserve|function|tissue|suppression|hyperstimulation|cryopreservation))|cervical|endometri|pancrea|prostate|bladder|urothelial|renal|kidney|hepatocell|\bliver cancer|head and neck|thym|wilms|lymphoma|leuka?emia|myeloma|sarcoma|glioma|mesothelioma|\bCRC\b|\bTNBC\b|\bHNSCC\b|\bPDAC\b|\bGEJ?\b|\bGOLD\b|COPD|neuroendocrine", Opt)]
    private static partial Regex OtherCancerName { get; }
    [GeneratedRegex(@"\bstages?\s*((?:I{1,3}V?|IV)(?:[ABC]\d?)?(?:\s*(?:-|–|to|through|/|,\s*(?:and/or|or|and)?|and/or|or|and)\s*(?:stages?\s*)?(?:I{1,3}V?|IV)(?:[ABC]\d?)?)*)\b", Opt)]
    private static partial Regex StageList { get; }
    [GeneratedRegex(@"(I{1,3}V?|IV)([ABC]\d?)?|(-|–|to|through)", Opt)]
    private static partial Regex StageToken { get; }

    [GeneratedRegex(@"treatment[- ]na[iï]ve(?! to)|previously untreated|(?:no|not (?:have )?(?:received|had)|without) (?:any )?(?:prior |previous )?(?:systemic|anti-?cancer|palliative)[^.;]{0,40}(?:therapy|treatment)|untreated (?:advanced|metastatic|stage|locally)|chemotherapy[- ]na[iï]ve|have not (?:yet )?(?:received|started) (?:any )?(?:treatment|therapy)|as first[- ]line (?:treatment|therapy) for (?:advanced|metastatic)|(?:no|not received) (?:prior )?systemic (?:anti-?cancer )?(?:therapy|treatment) (?:for|in the) (?:advanced|metastatic)", Opt)]
    private static partial Regex TreatmentNaive { get; }
    [GeneratedRegex(@"^(?:any )?(?:prior|previous) (?:systemic|anti-?cancer|palliative) (?:anti-?cancer )?(?:therapy|treatment)(?: for (?:advanced|metastatic|stage iv))?\.?$|received (?:any )?(?:prior )?systemic (?:anti-?cancer )?(?:therapy|treatment) for (?:advanced|metastatic)|^(?:any )?(?:prior|previous) systemic (?:anti-?cancer )?(?:therapy|treatment)(?: for (?:NSCLC|(?:non-small cell )?lung cancer|(?:the )?current (?:NSCLC|cancer|disease)))?,? (?:including|such as) (?:\w+ ){0,2}(?:neo-?adjuvant|adjuvant)", Opt)]
    private static partial Regex PriorSystemicExclusion { get; }
    [GeneratedRegex(@"standard (?:of care )?(?:therapy|therapies|treatment|treatments|options?)[^.;]{0,60}(?:fail|exhaust|not (?:available|exist|appropriate|tolerated)|no longer|ineffective|refus|progress)|no (?:available |appropriate |effective |further |curative )*standard (?:therapy|therapies|treatment|treatments|options?)|for which no standard|(?:does|do) not exist|alternative therapies do not exist|relapsed|refractory|progress(?:ed|ion|ing)?\s+(?:on|after|following|during|despite|to)\b|disease progression (?:on|after|following|during)|previously treated|pre-?treated|after (?:at least )?(?:one|1|two|2) (?:prior )?(?:line|regimen)|at least (?:one|1|two|2) prior|treatment failure|who (?:have )?failed|(?:intoleran(?:t|ce)|refractory) (?:to|of)|following (?:SoC|standard)|no longer (?:effective|benefit)|must have received (?:prior |at least )?(?:\w+ )?(?:platinum|chemotherapy|systemic|treatment|therapy|targeted)|have received (?:at least )?(?:one|1|two|2) (?:prior )?(?:line|regimen)|prior (?:line|lines) of (?:systemic )?(?:therapy|treatment)", Opt)]
    private static partial Regex Pretreated { get; }
    [GeneratedRegex(@"platinum|chemotherapy|docetaxel|pemetrexed|carboplatin|cisplatin", Opt)]
    private static partial Regex Chemo { get; }
    [GeneratedRegex(@"\bprior\b|previous|received|progress|after|following|failure|failed|treated with|exposure|intoleran", Opt)]
    private static partial Regex PriorWord { get; }
    [GeneratedRegex(@"\bno (?:prior|previous)\b|\bnot (?:have )?(?:received|had)\b|without (?:prior|previous)|na[iï]ve|\bunless\b|\bif (?:eligible|appropriate)|may have (?:received|had)|allowed|permitted|ineligible|\bor\b[^.;]{0,20}(?:targeted|TKI)", Opt)]
    private static partial Regex NoPrior { get; }
    [GeneratedRegex(@"\bno (?:prior|previous)\b|\bnot (?:have )?(?:been )?(?:received|had|treated|exposed)\b|\bwithout (?:any )?(?:prior|previous)\b|na[iï]ve|must not have|never (?:received|been treated|taken)|\bno (?:\w+ ){0,3}(?:ALK[- ]?)?(?:TKIs?|tyrosine kinase inhibitors?|inhibitors?) (?:treatment|therapy|exposure)", Opt)]
    private static partial Regex NoPriorStrict { get; }
    [GeneratedRegex(@"\ballowed\b|\bpermitted\b|\bmay have\b|\bmay (?:also )?(?:be|have been) (?:treated|enrolled|included)|\bacceptable\b|\bis optional\b|\bcan have (?:received|had)\b|\bare (?:also )?allowed\b|\bnot (?:required|mandatory|necessary)\b", Opt)]
    private static partial Regex Permissive { get; }
    [GeneratedRegex(@"(one|two|three|1|2|3)\s*(?:or|to|-|–|through)\s*(one|two|three|1|2|3)\s*(?:prior\s+|previous\s+)?(?:lines? of\s+)?(?:\w+[- ]generation\s+)?(?:ALK|anaplastic|TKI)", Opt)]
    private static partial Regex AlkTkiRange { get; }
    [GeneratedRegex(@"(?:more than|greater than|over|>(?!=))\s*(one|two|three|1|2|3)\b|(?:at least|≥|>=|minimum of)\s*(one|two|three|1|2|3)\b|\b(one|two|three|1|2|3)\s*or more\b", Opt)]
    private static partial Regex MoreThan { get; }
    [GeneratedRegex(@"\b(first|1st|second|2nd|third|3rd|fourth|4th|next|later|newer)\b(?=[- ]?(?:or|and|/|,|\s)*(?:(?:first|1st|second|2nd|third|3rd|fourth|4th)[- ]?)?(?:or|and|/|,|\s)*generation(?![- ]?sequenc))", Opt)]
    private static partial Regex Generation { get; }
    [GeneratedRegex(@"(?:other than|except(?: for)?|besides|apart from|excluding|with the exception of)\s+((?:(?:(?:prior|previous|adjuvant|neoadjuvant|approved)\s+)?\w+(?:-\w+)?(?:\s*,\s*|\s+(?:and|or|and/or)\s+)?){1,6})", Opt)]
    private static partial Regex ExceptList { get; }
    [GeneratedRegex(@"\((?:e\.\s?g\.?|eg\b|such as|including|for example|for instance|like)[^)]*\)|\b(?:e\.\s?g\.|such as|including but not limited to|for example|for instance)[^.;)]*", Opt)]
    private static partial Regex Examples { get; }
    [GeneratedRegex(@"(?<=[a-z0-9)\]]|[A-Z]{2})\.\s+(?=[A-Z])|;\s+|,\s*(?:and\s+|but\s+)?(?=(?:any\s+)?(?:prior|previous|patients|participants|subjects|those)\b)|,?\s+but\s+|,\s*(?:however|although|whereas|while)\b|,?\s+and\s+(?=may\b|(?:\w+\s+){1,4}(?:is|are)\s+(?:also\s+)?(?:allowed|permitted)\b)")]
    private static partial Regex ClauseBreak { get; }
    [GeneratedRegex(@"\bPD-?\(?L\)?-?1\b|\bPD-?1\b|\bPD-?L1\b|checkpoint inhibitor|immune checkpoint|\bICIs?\b|immunotherapy|pembrolizumab|nivolumab|atezolizumab|durvalumab|cemiplimab|ipilimumab", Opt)]
    private static partial Regex Immunotherapy { get; }
    [GeneratedRegex(@"\bprior\b|previous|received|progress|after|following|failure|failed|treated with|planned|receiving|currently on|\bon (?:standard|adjuvant|SOC|an?|anti)|about to start|candidate for|scheduled|on-label|eligible for (?:treatment with )?(?:standard|SOC|nivolumab|pembrolizumab|immuno)|will (?:receive|be treated)|to be treated|initiat|starting", Opt)]
    private static partial Regex ImmunotherapyNeed { get; }
    [GeneratedRegex(@"PD-?L1 (?:expression|status|testing|test|TPS|tumou?r proportion|IHC|score|assay|positive|negative|\d|>|≥|<)|for PD-?L1|\bTPS\b", Opt)]
    private static partial Regex PdL1Test { get; }
    [GeneratedRegex(@"(?:currently|actively|presently) (?:receiving|on|undergoing|being treated)|must be (?:receiving|on) (?:treatment|therapy|systemic)", Opt)]
    private static partial Regex OnTreatment { get; }
    [GeneratedRegex(@"(?:at least|≥|>=|minimum of)\s*(one|two|three|1|2|3)\s*(?:prior\s+)?(?:lines? of\s+)?(?:\w+[- ]generation\s+)?(?:ALK|anaplastic)|(one|two|three|1|2|3)\s*(?:or more\s+)?prior\s+(?:\w+[- ]generation\s+)?ALK", Opt)]
    private static partial Regex AlkTkiCount { get; }
    [GeneratedRegex(@"(?:no more than|not more than|at most|up to|≤|<=|maximum of)\s*(one|two|three|1|2|3)\s*(?:prior\s+)?(?:lines? of\s+)?(?:\w+[- ]generation\s+)?(?:ALK|anaplastic|TKI)", Opt)]
    private static partial Regex AlkTkiMax { get; }
    [GeneratedRegex(@"\b(lorlatinib|alectinib|brigatinib|crizotinib|ceritinib|ensartinib|iruplinalkib|envonalkib|NVL-?655|neladalkib|zotizalkib|TPX-?0131|xalkori|zykadia|alecensa|alunbrig|lorbrena|lorviqua|ensacove)\b", Opt)]
    private static partial Regex Tki { get; }
    /// <summary>ALK TKIs a negation names: "lorlatinib-naive", "no prior lorlatinib", "without previous alectinib or brigatinib".</summary>
    [GeneratedRegex(@"\b(?:lorlatinib|alectinib|brigatinib|crizotinib|ceritinib|ensartinib)[- ]na[iï]ve\b|\b(?:no|without|never received)\s+(?:prior\s+|previous\s+|any\s+)*(?:treatment with\s+)?(?:lorlatinib|alectinib|brigatinib|crizotinib|ceritinib|ensartinib)(?:\s*(?:,|or|and|/)\s*(?:lorlatinib|alectinib|brigatinib|crizotinib|ceritinib|ensartinib))*\b", Opt)]
    private static partial Regex NegatedAgent { get; }
    [GeneratedRegex(@"\b([GLICFVSTDEQ])(1[12]\d\d)([A-Z]|del|ins)\b", Exact)]
    private static partial Regex ResistanceMutation { get; }
    [GeneratedRegex(@"\bbrain\b|\bCNS\b|central nervous system|intracranial|cerebral|\bcranial", Opt)]
    private static partial Regex Brain { get; }
    [GeneratedRegex(@"(?:\bbrain\b|\bCNS\b|central nervous system|intracranial|cerebral)[^.;]{0,40}(?:metasta|mets\b|lesion|disease|involvement)|metasta\w* (?:to|in|of) the (?:brain|central nervous system|CNS)", Opt)]
    private static partial Regex BrainMets { get; }
    [GeneratedRegex(@"leptomening|carcinomatous mening|meningeal (?:disease|metasta|carcinomatosis)|neoplastic mening", Opt)]
    private static partial Regex Lepto { get; }
    [GeneratedRegex(@"untreated|active|symptomatic|symptoms|unstable|uncontrolled|progressive|progressing|(?:requir|need)\w* (?:\w+ ){0,3}(?:steroid|corticosteroid|anticonvulsant|treatment|immunosuppress|radiotherapy|radiation|surgery|local therapy)|not (?:clinically |radiologically )?stable|growing|newly diagnosed|unless|except|provided|allowed|permitted|eligible|may (?:be|participate|enroll)|can be enrolled|\bstable\b|treated|> ?\d+ ?cm|greater than", Opt)]
    private static partial Regex ActiveBrain { get; }
    [GeneratedRegex(@"including asymptomatic|regardless(?! of (?:their |the |lesion )?(?:size|number|location|count))|any (?:history|evidence)|known or suspected (?:brain|CNS)", Opt)]
    private static partial Regex AnyBrain { get; }
    [GeneratedRegex(@"(?:treated|stable|asymptomatic)[^;]{0,120}(?:eligible|allowed|permitted|may (?:be|participate|enroll)|can be enrolled|must meet)|are eligible|allowed|permitted", Opt)]
    private static partial Regex BrainAllowed { get; }
    [GeneratedRegex(@"(?:without|\bno\b)\s+(?:known\s+|evidence of\s+)?(?:brain|CNS|central nervous system)\s+metasta", Opt)]
    private static partial Regex BrainNoneInclusion { get; }
    [GeneratedRegex(@"(?:with|have|has|presence of|diagnos\w+ (?:of|with))\s+(?:an?\s+|at least one\s+|\w+\s+){0,2}(?:brain|CNS|intracranial)\s+metasta", Opt)]
    private static partial Regex BrainRequired { get; }
    [GeneratedRegex(@"\bECOG\b|Eastern Cooperative|Zubrod|\bWHO\b performance|performance (?:status|score)|\bPS\b", Opt)]
    private static partial Regex Ecog { get; }
    [GeneratedRegex(@"(?:<=|≤|=<|<|less than or equal to|no (?:greater|more|higher) than|up to|at most|of less than|maximum of|not exceeding)\s*([0-4])\b", Opt)]
    private static partial Regex EcogMaxWords { get; }
    [GeneratedRegex(@"(?:of|score|status|PS|ECOG)\s*(?:is\s*)?(?:=\s*)?([0-4])\b(?!\s*(?:-|–|to|months|weeks|days|years|%))", Opt)]
    private static partial Regex EcogSingle { get; }
    [GeneratedRegex(@"(?:Karnofsky|\bKPS\b)[^.;0-9]{0,40}?(?:>=|≥|=>|>|at least|of|greater than or equal to|greater than|above)?\s*(\d{2,3})\s*%?", Opt)]
    private static partial Regex Karnofsky { get; }
    [GeneratedRegex(@"measurable (?:disease|lesion|tumou?r)|\bRECIST\b[^.;]{0,40}measurable|at least one (?:\w+ )?lesion[^.;]{0,40}RECIST", Opt)]
    private static partial Regex Measurable { get; }
    [GeneratedRegex(@"archival (?:tumou?r )?tissue|tumou?r (?:tissue|sample|specimen)|fresh (?:tumou?r )?biopsy|new biopsy|willing to undergo (?:a )?biopsy", Opt)]
    private static partial Regex Tissue { get; }
    [GeneratedRegex(@"\b(liver|hepatic|bone|adrenal|pleura\w*|lung|peritoneal)\s+metasta", Opt)]
    private static partial Regex SiteWord { get; }
    [GeneratedRegex(@"(?:\bwith|\bhave|\bhas|presence of|harbou?r\w*)\s+(?:\w+\s+){0,3}?(liver|hepatic|bone|adrenal|pleura\w*|peritoneal)\s+metasta", Opt)]
    private static partial Regex SiteRequired { get; }
    [GeneratedRegex(@"\bULN\b|upper limit|bilirubin|transaminase|\bAST\b|\bALT\b|\bSGOT\b|\bSGPT\b|\bif\b|unless|in case|in the presence|allowed|permitted|\bmay\b", Opt)]
    private static partial Regex LabOrConditional { get; }
    [GeneratedRegex(@"(?<=[a-z0-9)\]]|[A-Z]{2})\.\s+(?=[A-Z])|;\s+")]
    private static partial Regex SentenceBreak { get; }
    [GeneratedRegex(@"\b[0-4](?:\s*(?:-|–|to|through|thru|/|,|,?\s*or|,?\s*and)\s*[0-4]\b)+", Opt)]
    private static partial Regex EcogNumbers { get; }
    [GeneratedRegex(@"\bOR\s*$|^\s*OR\b", Exact)]
    private static partial Regex Alternative { get; }
    [GeneratedRegex(@"depress|anxiety|insomnia|sleep|pain|fatigue|cachexia|dyspnea|cough|nausea|neuropathy|smok|tobacco|covid|heart failure|diabet|obes|\bCOPD\b|pulmonary disease|dementia|delirium", Opt)]
    private static partial Regex AlsoCondition { get; }
    [GeneratedRegex(@"\bveterans?\b|\bVHA\b|\bVA (?:primary|medical|health|care)", Opt)]
    private static partial Regex Veteran { get; }
    [GeneratedRegex(@"tumou?r[^.;]{0,40}?\d+(?:\.\d+)?\s*(?:-|–|to)\s*\d+(?:\.\d+)?\s*cm|tumou?r (?:size|diameter)[^.;]{0,20}(?:≥|>=|>|at least|≤|<=|<)\s*\d+(?:\.\d+)?\s*cm", Opt)]
    private static partial Regex TumourSize { get; }

    /// <summary>A negation whose scope runs to the end of its clause over a list ("Do not have an EGFR mutation, ALK translocation,
    /// RET, ROS1 or other actionable alterations"; "without", "must not harbor", "absence of", "negative for", "no known", "lack of",
    /// "wild-type for"). The verb is part of the cue, so a later "have"/"with" reopens a positive statement.</summary>
    [GeneratedRegex(@"\b(?:do|does|did|must|should|shall|may|can|will)\s*(?:not|n't)\s+(?:have|harbou?r|carry|contain|show|exhibit|be (?:positive|known) for|test positive for)\b|\bnot\s+(?:have|harbou?r|carry|contain)\b|\bwithout\b(?:\s+(?:a|an|any|known|documented|evidence of))*|\babsence of\b|\bnegative (?:for|tests? for|results? for)\b|\bno\b(?!\s+(?:more|longer|later|less|fewer|prior|previous|standard|curative|available|further)\b)(?:\s+(?:known|documented|evidence of|other|detectable|identified))*|\black(?:s|ing)?(?: of)?\b|\bwild[- ]?type (?:for|in|at)\b|\bfree of\b|\bexcluding\b", Opt)]
    private static partial Regex ListNegation { get; }
    /// <summary>What ends a negation's scope before a gene: a positive verb or clause ("with", "who have", "but", "must have").</summary>
    [GeneratedRegex(@"\bwith\b|\bwho\b|\bwhich\b|\bthat\b|\bbut\b|\bhav(?:e|ing)\b|\bhas\b|\bharbou?r|\bpositive for\b|\bpresence of\b|\bmust\b|\bexcept\b|other than|\bcarrying\b|\bcontaining\b|\b(?:prior|previous|treat\w*|therap\w*|chemo\w*|metasta\w*|brain|history|surgery|radiation|histolog\w*|squamous|small[- ]cell|stage)\b", Opt)]
    private static partial Regex NegationReopens { get; }
    /// <summary>A sentence about a subgroup, not about who the trial is for: "Patients with BRAF V600 mutation must have received a
    /// BRAF/MEK inhibitor", "Participants whose tumours harbour EGFR mutations should have had osimertinib", "If EGFR-positive, …".
    /// A population that names the disease ("Patients with ALK-positive NSCLC must have progressed on …") is the trial's own.</summary>
    [GeneratedRegex(@"^\W*(?:\w+\s*\d*\w?:\s*)?(?:for\s+|in\s+)?(?:patients|participants|subjects|those|people|persons|individuals)\s+(?:with|whose|who (?:have|harbou?r|are)|harbou?ring|positive for)\b(?:(?!NSCLC|non-small|cancer|carcinoma|disease|\blung|malignan)[^.;]){0,100}?\b(?:must|should|need|needs|are required|is required|will be required|have to|has to)\b|^\W*(?:if|when|where|for those|in case of)\b", Opt)]
    private static partial Regex SubgroupSentence { get; }
    /// <summary>A rule for the participants without a driver alteration ("Participants without an actionable genomic alteration must also
    /// have received an anti-PD-1 antibody"): it does not apply to someone with one, and it excludes no one with one.</summary>
    [GeneratedRegex(@"^\W*(?:for\s+)?(?:patients|participants|subjects|those|people|persons|individuals)\s+(?:without|lacking|with no|who (?:do|does) not (?:have|harbou?r)|negative for)\b[^.;]{0,100}?\b(?:must|should|need|needs|are required|is required|have to|has to)\b", Opt)]
    private static partial Regex NoDriverSubgroup { get; }
    /// <summary>"… before the current course", "other than the qualifying treatment": earlier use apart from a course going on now.</summary>
    [GeneratedRegex(@"(?:before|prior to|other than|besides|apart from) (?:the |this |their )?(?:current|ongoing|present|qualifying) (?:course|treatment|line|therapy|regimen)", Opt)]
    private static partial Regex CurrentCourse { get; }
    /// <summary>A sentence about a test for a gene, not a requirement to carry it ("prior testing for BRAF V600 mutations",
    /// "tested for EGFR and ALK", "EGFR status must be known").</summary>
    [GeneratedRegex(@"\b(?:testing|tested|test|screened|screening|assessment|assessed)\s+(?:for|of)\s+(?:\w+\s+){0,2}?(?-i:[A-Z][A-Z0-9]{1,6})\b|\bstatus\s+(?:must|should|has to)\s+be\s+(?:known|available|documented|determined|assessed)", Opt)]
    private static partial Regex DriverTest { get; }
    /// <summary>"… or other genomic alterations", "or another actionable alteration": the named driver is one of several.</summary>
    [GeneratedRegex(@"\b(?:or|and/or|and)\s+(?:\w+\s+)?(?:other|another|additional)\s+(?:\w+\s+){0,2}(?:genomic|actionable|molecular|oncogenic|driver|targetable|genetic)\s*(?:\w+\s+)?(?:alterations?|aberrations?|mutations?|drivers?|oncogenes?|changes?)", Opt)]
    private static partial Regex OrOtherAlterations { get; }
    /// <summary>Time since an earlier treatment (a washout): the treatment is allowed, not required.</summary>
    [GeneratedRegex(@"\bat least\s+\d+\s*(?:days?|weeks?|months?)\b|[≥>]=?\s*\d+\s*(?:days?|weeks?|months?)\b|\b\d+\s*(?:days?|weeks?|months?|half-lives)\s*(?:\([^)]*\)\s*)?(?:or\s+\d+\s+half-lives\s*)?(?:\([^)]*\)\s*)?(?:must have )?(?:elapsed |passed )?(?:from|since|after|before|prior to|between)\b|\b(?:from|since|after)\s+(?:the\s+)?(?:last|previous|prior|most recent|final|end of)\s+(?:dose|administration|treatment|therapy|surgery|major surgery|radiotherapy|cycle)|\bwashout\b|\bmust (?:have been|be) (?:completed|discontinued|stopped)\b", Opt)]
    private static partial Regex Washout { get; }
    /// <summary>What makes a sentence a requirement of earlier treatment even beside a time limit ("progressed on … within 6 months").</summary>
    [GeneratedRegex(@"progress|fail|refractory|relapse|recurr|resist|intoleran|must have (?:received|had|been treated)|at least (?:one|two|1|2) (?:prior|previous|line|regimen)|(?:one|two|1|2) (?:or more )?(?:prior )?lines?|documented", Opt)]
    private static partial Regex RequirementWord { get; }
    /// <summary>"No standard therapy exists or standard therapy has failed", "alternative therapies do not exist or are no longer
    /// effective", "standard treatment exhausted or intolerable".</summary>
    [GeneratedRegex(@"no (?:available |appropriate |effective |further |curative |other )*standard (?:of care )?(?:therapy|therapies|treatments?|options?)|for which no standard|standard (?:of care )?(?:therapy|therapies|treatments?|options?|regimens?)[^.;]{0,60}(?:fail|exhaust|not (?:be )?(?:available|exist|appropriate|tolerated|suitable)|no longer|ineffective|refus|intoleran|unsuitable)|(?:alternative|standard|available|effective|approved) (?:therapies|therapy|treatments?|options?)[^.;]{0,30}(?:do|does) not exist|(?:therapies|treatments|therapy|treatment) (?:are|is|were|was) (?:intolerable|not tolerated|no longer effective)|no longer effective|exhausted (?:all )?(?:standard|available|approved)|(?:refractory|intolerant) to (?:all )?standard|failure of (?:all )?(?:available )?standard|after (?:all )?standard (?:therapy|therapies|treatments?) (?:have|has) failed", Opt)]
    private static partial Regex StandardExhausted { get; }
    /// <summary>A count of earlier lines ("failure of ≥ 1 line of standard treatment"): a number of lines, not exhausted standard therapy.</summary>
    [GeneratedRegex(@"(?:≥|>=|at least|minimum of|\bone\b|\btwo\b|\b\d)\s*(?:prior\s+|previous\s+)?(?:lines?|regimens?)\b", Opt)]
    private static partial Regex LineCount { get; }
    /// <summary>An exclusion of ongoing or concurrent anticancer therapy (not steroids or other supportive systemic treatment).</summary>
    [GeneratedRegex(@"(?:ongoing|concurrent|concomitant|current|actively receiving|currently receiving|presently receiving)\b[^.;]{0,30}?(?:(?:anti-?cancer|anti-?neoplastic|anti-?tumou?r)\s+(?:\w+\s+)?(?:therapy|therapies|treatments?|agents?|drugs?)|systemic (?:anti-?cancer |cancer )?(?:therapy|therapies|treatments?)(?!\s+(?:with|for|of) (?:\w+ )?(?:steroid|corticosteroid|immunosuppress|infection|hepatitis|HIV|autoimmune)))", Opt)]
    private static partial Regex ConcurrentTherapy { get; }

    /// <summary>Metastatic disease offered beside a stage ("stage IIIB or metastatic", "advanced (stage III …) or metastatic",
    /// "metastatic or locally advanced (stage III)"): stage IV is included.</summary>
    [GeneratedRegex(@"\b(?:or|and/or)\s+(?:recurrent\s+|relapsed\s+|distant\s+)?(?<![-\w])metastatic\b|(?<![-\w])metastatic\s*(?:,\s*)?(?:or|and/or|/)\s", Opt)]
    private static partial Regex OrMetastatic { get; }

    private const int MaxQuote = 300;

    private static readonly string[] StageOrder = ["IA1", "IA2", "IA3", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB"];

}
