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

    /// <summary>One eligibility item: its text, whether it is an exclusion, and the heading it sits under (or null).</summary>
    public sealed class Item(string text, bool exclusion, string? parent)
    {
        public string Text { get; } = text;
        public bool Exclusion { get; } = exclusion;
        public string? Parent { get; } = parent;
        private string Lower { get; } = text.ToLowerInvariant();

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
    [GeneratedRegex(@"\bALK\b[^.;]{0,30}(?:negative|wild[- ]?type|\bWT\b)|(?:\bno\b(?! (?:more|longer|later|less|other|standard|curative|available)\b)|\bnot\b(?! (?:be |been |yet |considered |)(?:amenable|candidates?|a candidate|eligible|suitable|curable|appropriate|available|responsive|resectable|operable|tolerat|exist|an option|possible))|without|negative (?:for|test)|absence of|lack of)(?:\s+(?:have|has|had|harbou?r\w*|carry\w*|contain\w*|be|been|known|documented|confirmed|with|show\w*|any|an?|evidence of|tested positive for|test positive for))*(?:(?!\bharbou?r|\bwith\b|\bhav(?:e|ing)\b|\bhas\b|\bdocumented\b|\bconfirmed\b|\bwho\b|\bwhich\b|\bthat\b|\bbut\b|\bcarrying\b|\bcontaining\b)[^.;:]){0,60}\bALK\b", Opt)]
    private static partial Regex AlkNegative { get; }
    [GeneratedRegex(@"(?:other than|except(?: for)?|besides|apart from|excluding)\s+(?:an?\s+)?(?:\w+\s+)?\bALK\b", Opt)]
    private static partial Regex OtherThanAlk { get; }
    [GeneratedRegex(@"(?:other than|except(?: for)?|besides|apart from)\s+(?:an?\s+)?(?:\w+\s+)?\b([A-Z][A-Z0-9]{1,5})\b", Opt)]
    private static partial Regex OtherThanGene { get; }
    [GeneratedRegex(@"actionable|targetable|druggable|sensiti[sz]ing|(?:oncogenic )?driver (?:gene |mutation|alteration|oncogene)|oncogenic (?:driver|mutation|alteration)|(?:genomic|molecular) (?:alteration|aberration)s? (?:for which|amenable|with)|approved targeted therap|amenable to targeted|targeted (?:therapy|treatment) (?:is|are) (?:approved|available|indicated)|for which (?:an? )?(?:approved |first[- ]line )?targeted", Opt)]
    private static partial Regex GenericDriver { get; }
    [GeneratedRegex(@"(?:\bwith\b|\bhave\b|\bharbou?r\w*|presence of|confirming)\s+(?:an?\s+|one or more\s+|documented\s+|known\s+)*(?:actionable|targetable|oncogenic driver|driver (?:gene|mutation|alteration))", Opt)]
    private static partial Regex GenericDriverPositive { get; }
    [GeneratedRegex(@"(?:\bno\b|without|\bnot\b|absence of|negative for|ineligible for|excluding any other)[^.;]{0,60}(?:actionable|targetable|druggable|driver|oncogen|targeted therap|genomic alteration|\bAGAs?\b)", Opt)]
    private static partial Regex GenericDriverNegative { get; }
    [GeneratedRegex(@"not (?:be )?(?:eligible|a candidate|candidates|suitable) for (?:an? )?(?:approved |available )?targeted", Opt)]
    private static partial Regex NotEligibleTargeted { get; }

    [GeneratedRegex(@"\b(EGFR|KRAS|HER2|ERBB2|RET|ROS1|BRAF|MET|NTRK\d?|MTAP|NRG1|PIK3CA|FGFR\d?|IDH\d|BRCA\d?|HRAS|NRAS|STK11|KEAP1)\b", Exact)]
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
    [GeneratedRegex(@"(?:diagnos\w*|confirm\w*|histolog\w*|cytolog\w*|documented|\bwith|\bhave|\bhas|patients|participants)\b[^.;]{0,80}(?:cancer|carcinoma|NSCLC|tumou?r|malignan|neoplasm|lymphoma|leuka?emia|melanoma|sarcoma)", Opt)]
    private static partial Regex CancerRequired { get; }
    [GeneratedRegex(@"\b(?:other|another|second|additional|concurrent)\b[^.;]{0,30}malignan|malignan\w* other than", Opt)]
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
    [GeneratedRegex(@"colorectal|\bbreast|melanoma|gastric|stomach|esophag|oesophag|ovarian|cervical|endometri|pancrea|prostate|bladder|urothelial|renal|kidney|hepatocell|\bliver cancer|head and neck|thym|wilms|lymphoma|leuka?emia|myeloma|sarcoma|glioma|mesothelioma|\bCRC\b|\bTNBC\b|\bHNSCC\b|\bPDAC\b|\bGEJ?\b|\bGOLD\b|COPD|neuroendocrine", Opt)]
    private static partial Regex OtherCancerName { get; }
    [GeneratedRegex(@"\bstages?\s*((?:I{1,3}V?|IV)(?:[ABC]\d?)?(?:\s*(?:-|–|to|through|/|,\s*(?:and/or|or|and)?|and/or|or|and)\s*(?:stages?\s*)?(?:I{1,3}V?|IV)(?:[ABC]\d?)?)*)\b", Opt)]
    private static partial Regex StageList { get; }
    [GeneratedRegex(@"(I{1,3}V?|IV)([ABC]\d?)?|(-|–|to|through)", Opt)]
    private static partial Regex StageToken { get; }

    [GeneratedRegex(@"treatment[- ]na[iï]ve(?! to)|previously untreated|(?:no|not (?:have )?(?:received|had)|without) (?:any )?(?:prior |previous )?(?:systemic|anti-?cancer|palliative)[^.;]{0,40}(?:therapy|treatment)|untreated (?:advanced|metastatic|stage|locally)|chemotherapy[- ]na[iï]ve|have not (?:yet )?(?:received|started) (?:any )?(?:treatment|therapy)|as first[- ]line (?:treatment|therapy) for (?:advanced|metastatic)|(?:no|not received) (?:prior )?systemic (?:anti-?cancer )?(?:therapy|treatment) (?:for|in the) (?:advanced|metastatic)", Opt)]
    private static partial Regex TreatmentNaive { get; }
    [GeneratedRegex(@"^(?:any )?(?:prior|previous) (?:systemic|anti-?cancer|palliative) (?:anti-?cancer )?(?:therapy|treatment)(?: for (?:advanced|metastatic|stage iv))?\.?$|received (?:any )?(?:prior )?systemic (?:anti-?cancer )?(?:therapy|treatment) for (?:advanced|metastatic)", Opt)]
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
    [GeneratedRegex(@"\ballowed\b|\bpermitted\b|\bmay have\b|\bmay (?:also )?(?:be|have been) (?:treated|enrolled|included)|\bacceptable\b|\bis optional\b|\bcan have (?:received|had)\b|\bare (?:also )?allowed\b", Opt)]
    private static partial Regex Permissive { get; }
    [GeneratedRegex(@"(one|two|three|1|2|3)\s*(?:or|to|-|–|through)\s*(one|two|three|1|2|3)\s*(?:prior\s+|previous\s+)?(?:lines? of\s+)?(?:\w+[- ]generation\s+)?(?:ALK|anaplastic|TKI)", Opt)]
    private static partial Regex AlkTkiRange { get; }
    [GeneratedRegex(@"(?:more than|greater than|over|>(?!=))\s*(one|two|three|1|2|3)\b|(?:at least|≥|>=|minimum of)\s*(one|two|three|1|2|3)\b|\b(one|two|three|1|2|3)\s*or more\b", Opt)]
    private static partial Regex MoreThan { get; }
    [GeneratedRegex(@"\b(first|1st|second|2nd|third|3rd|fourth|4th|next|later|newer)\b(?=[- ]?(?:or|and|/|,|\s)*(?:(?:first|1st|second|2nd|third|3rd|fourth|4th)[- ]?)?(?:or|and|/|,|\s)*generation(?![- ]?sequenc))", Opt)]
    private static partial Regex Generation { get; }
    [GeneratedRegex(@"(?:other than|except(?: for)?|besides|apart from|excluding|with the exception of)\s+((?:(?:prior\s+)?\w+(?:-\w+)?(?:\s*,\s*|\s+(?:and|or|and/or)\s+)?){1,6})", Opt)]
    private static partial Regex ExceptList { get; }
    [GeneratedRegex(@"\((?:e\.\s?g\.?|eg\b|such as|including|for example|for instance|like)[^)]*\)|\b(?:e\.\s?g\.|such as|including but not limited to|for example|for instance)[^.;)]*", Opt)]
    private static partial Regex Examples { get; }
    [GeneratedRegex(@"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])|;\s+|,\s*(?:and\s+|but\s+)?(?=(?:any\s+)?(?:prior|previous|patients|participants|subjects|those)\b)|,?\s+but\s+|,\s*(?:however|although|whereas|while)\b|,?\s+and\s+(?=may\b|(?:\w+\s+){1,4}(?:is|are)\s+(?:also\s+)?(?:allowed|permitted)\b)")]
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
    [GeneratedRegex(@"\b([GLICFVSTDEQ])(1[12]\d\d)([A-Z]|del|ins)\b", Exact)]
    private static partial Regex ResistanceMutation { get; }
    [GeneratedRegex(@"\bbrain\b|\bCNS\b|central nervous system|intracranial|cerebral|\bcranial", Opt)]
    private static partial Regex Brain { get; }
    [GeneratedRegex(@"(?:\bbrain\b|\bCNS\b|central nervous system|intracranial|cerebral)[^.;]{0,40}(?:metasta|mets\b|lesion|disease|involvement)|metasta\w* (?:to|in|of) the (?:brain|central nervous system|CNS)", Opt)]
    private static partial Regex BrainMets { get; }
    [GeneratedRegex(@"leptomening|carcinomatous mening|meningeal (?:disease|metasta|carcinomatosis)|neoplastic mening", Opt)]
    private static partial Regex Lepto { get; }
    [GeneratedRegex(@"untreated|active|symptomatic|unstable|uncontrolled|progressive|progressing|requir\w* (?:\w+ ){0,3}(?:steroid|corticosteroid|anticonvulsant|treatment|immunosuppress)|not (?:clinically |radiologically )?stable|growing|newly diagnosed|unless|except|provided|allowed|permitted|eligible|may (?:be|participate|enroll)|can be enrolled|\bstable\b|treated|> ?\d+ ?cm|greater than", Opt)]
    private static partial Regex ActiveBrain { get; }
    [GeneratedRegex(@"including asymptomatic|regardless|any (?:history|evidence)|known or suspected (?:brain|CNS)", Opt)]
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
    [GeneratedRegex(@"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])|;\s+")]
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

    private const int MaxQuote = 300;

    private static readonly string[] StageOrder = ["IA1", "IA2", "IA3", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB"];

    // ------------------------------------------------------------------ splitting

    /// <summary>
    /// The trial's items: from its eligibility text when there is one (keeps the nesting, so cohort headings are known), else from
    /// InclusionJson / ExclusionJson as the catalogue parser split them.
    /// </summary>
    public static List<Item> Items(Trial trial)
    {
        if (!string.IsNullOrWhiteSpace(trial.EligibilityText)) return Split(trial.EligibilityText);
        var items = new List<Item>();
        items.AddRange(ReadList(trial.InclusionJson).Select(s => new Item(Clean(s), false, null)));
        items.AddRange(ReadList(trial.ExclusionJson).Select(s => new Item(Clean(s), true, null)));
        return items;
    }

    private static List<string> ReadList(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            return JsonSerializer.Deserialize(json, TrialCriteriaJson.Default.ListString) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Clean(string s) => Unescape.Replace(s, "$1").Replace('\u00a0', ' ').Trim();

    /// <summary>Splits ClinicalTrials.gov eligibility text into items under "Inclusion" and "Exclusion" headings (text before any heading counts as inclusion).</summary>
    public static List<Item> Split(string text)
    {
        var items = new List<Item>();
        var exclusion = false;
        var stack = new List<(int Indent, string Text)>();
        string? current = null;
        var currentIndent = 0;

        void Flush()
        {
            if (current is null) return;
            var parent = stack.LastOrDefault(s => s.Indent < currentIndent).Text;
            items.Add(new Item(current.Trim(), exclusion, parent));
            stack.RemoveAll(s => s.Indent >= currentIndent);
            stack.Add((currentIndent, current.Trim()));
            current = null;
        }

        foreach (var raw in Clean(text).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Trim().Length == 0) continue;
            var trimmed = line.Trim();
            var isHeading = trimmed.Length < 160 && !Bullet.IsMatch(line) || trimmed.Length < 100 && trimmed.EndsWith(':');
            if (isHeading && (InclusionHeading.IsMatch(trimmed) || trimmed.Contains("inclusion criteria", StringComparison.OrdinalIgnoreCase)))
            {
                Flush();
                exclusion = false;
                stack.Clear();
                continue;
            }
            if (isHeading && (ExclusionHeading.IsMatch(trimmed) || trimmed.Contains("exclusion criteria", StringComparison.OrdinalIgnoreCase)))
            {
                Flush();
                exclusion = true;
                stack.Clear();
                continue;
            }
            var m = Bullet.Match(line);
            if (m.Success)
            {
                Flush();
                currentIndent = m.Groups[1].Value.Length;
                current = m.Groups[2].Value;
            }
            else if (current is not null && raw.StartsWith(' ')) current += " " + trimmed;
            else
            {
                Flush();
                currentIndent = line.Length - line.TrimStart().Length;
                current = trimmed;
            }
        }
        Flush();
        return items;
    }

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

        c.Disease = Disease(header, conditions, trial.Title + " " + trial.OfficialTitle, inclusion, exclusion);

        // ---- ALK and other drivers
        foreach (var i in exclusion)
        {
            var t = i.Text;
            if (!i.Mentions(AlkOrDriverWords) || OtherThanAlk.IsMatch(t)) continue;
            var alkAlteration = Alk.IsMatch(t) && !IsOnlyAlkTherapy(t);
            var otherThan = OtherThanGene.Match(t);
            var genericDriver = GenericDriver.IsMatch(t) && (otherThan.Success || !Drivers.IsMatch(t) || Alk.IsMatch(t) || t.Contains("e.g", StringComparison.OrdinalIgnoreCase) || t.Contains("such as", StringComparison.OrdinalIgnoreCase));
            if (alkAlteration || genericDriver && !Rx(@"\bunknown\b").IsMatch(t))
                Flag(c, nameof(TrialCriteria.AlkExcluded), i);
            if (AlkTherapy.IsMatch(t) && PriorWord.IsMatch(t))
                ExcludedAlkTherapy(c, i);
        }
        var alkExcludedByInclusion = false;
        var alkRequiredByInclusion = false;
        foreach (var i in inclusion)
        {
            var t = i.Text;
            if (!i.Mentions(AlkOrDriverWords)) continue;
            if (Alk.IsMatch(t) && AlkNegative.IsMatch(t) && !OtherThanAlk.IsMatch(t) && !AlkTherapy.IsMatch(t))
            {
                Flag(c, nameof(TrialCriteria.AlkExcluded), i);
                alkExcludedByInclusion = true;
            }
            else if ((GenericDriverNegative.IsMatch(t) || NotEligibleTargeted.IsMatch(t)) && !GenericDriverPositive.IsMatch(t) && !OtherThanAlk.IsMatch(t))
            {
                Flag(c, nameof(TrialCriteria.AlkExcluded), i);
                alkExcludedByInclusion = true;
            }
            else if (Alk.IsMatch(t) && AlkAlteration.IsMatch(t) && !AlkNegative.IsMatch(AlkTherapy.Replace(t, " ")))
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
        if (c.AlkRequired && !alkExcludedByInclusion && !exclusion.Any(i => i.Mentions(AlkOrDriverWords) && Alk.IsMatch(i.Text) && !OtherThanAlk.IsMatch(i.Text) && !IsOnlyAlkTherapy(i.Text)))
        {
            c.AlkExcluded = false;
            c.Quotes.Remove(nameof(TrialCriteria.AlkExcluded));
        }
        if (!c.AlkRequired) c.OtherDriverRequired = OtherDriver(trial, inclusion, c);

        // ---- stage and setting
        var stageItems = inclusion.Where(i => i.Mentions(SettingWords) && (!OtherCancerName.IsMatch(Strip(i.Text)) || Lung.IsMatch(i.Text))).ToList();
        var stages = new HashSet<string>();
        foreach (var i in stageItems)
        {
            var found = Stages(i.Text);
            if (found.Count == 0) continue;
            stages.UnionWith(found);
            c.Quotes.TryAdd(nameof(TrialCriteria.Stages), i.Text);
        }
        c.Stages = StageOrder.Where(stages.Contains).ToList();
        var diseaseItems = stageItems.Where(i => DiseaseStatement.IsMatch(i.Text) && !Brain.IsMatch(i.Text) && !Tissue.IsMatch(i.Text)).ToList();
        bool anyAdvanced = false, anyEarly = false;
        foreach (var i in diseaseItems)
        {
            var t = i.Text;
            var advanced = Advanced.IsMatch(t) && !Rx(@"absence of|no evidence of|without (?:\w+ )?metasta").IsMatch(t);
            var early = Early.IsMatch(NotCurative.Replace(t, ""));
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
                if (m.Index < 60 && !LabOrConditional.IsMatch(i.Text) && !Rx(@"excluding|except|other than|radiotherapy|radiation|irradiat|surgery|resection|treatment (?:of|to|for)").IsMatch(i.Text))
                    AddSite(c.SitesExcluded, m.Groups[1].Value, c, "SitesExcluded", i);

        // ---- prior therapy
        var position = new Dictionary<Item, int>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < items.Count; k++) position[items[k]] = k;
        foreach (var i in inclusion)
        {
            var t = i.Text;
            if (!i.Mentions(TherapyWords) || i.Mentions(BrainWords) && Brain.IsMatch(t) && !Rx(@"NSCLC|cancer|tumou?r|carcinoma").IsMatch(t)) continue;
            var conditional = ConditionalPopulation.IsMatch(t) && Drivers.IsMatch(t) && !Alk.IsMatch(t) && !GenericDriverPositive.IsMatch(t);
            if (conditional) continue;
            var index = position[i];
            var alternative = Alternative.IsMatch(t) || index > 0 && Alternative.IsMatch(items[index - 1].Text);
            if (alternative || OtherCancerName.IsMatch(Strip(t)) && !Lung.IsMatch(t)) continue;
            if (TreatmentNaive.IsMatch(t) && !Rx(@"allowed|permitted|may have|\bsince\b|provided").IsMatch(t)) Flag(c, nameof(TrialCriteria.TreatmentNaiveRequired), i);
            if (Pretreated.IsMatch(t) && !Rx(@"no (?:evidence of )?(?:radiolog|clinical)\w* progression|rapidly progress").IsMatch(t))
                Flag(c, nameof(TrialCriteria.PretreatedRequired), i);
            if (OnTreatment.IsMatch(t)) Flag(c, nameof(TrialCriteria.OnTreatmentRequired), i);
            foreach (var sentence in Sentences(t))
                TherapySentence(c, i, sentence);

            // ALK TKIs: how many, which — clause by clause ("...at least 1 ALK TKI; prior chemotherapy is permitted")
            if (AlkTherapy.IsMatch(t) || Tki.IsMatch(t))
                foreach (var clause in ClauseBreak.Split(t).Where(x => x.Trim().Length > 0))
                    AlkTkiClause(c, i, clause);

            // resistance mutations
            var mutations = MutationNames(t);
            if (mutations.Count > 0)
            {
                foreach (var m in mutations) if (!c.ResistanceMutations.Contains(m)) c.ResistanceMutations.Add(m);
                if (!Negation.IsMatch(t)) Flag(c, nameof(TrialCriteria.ResistanceMutationRequired), i);
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
            foreach (Match m in Tki.Matches(t))
                if (PriorWord.IsMatch(t) && !Rx(@"within \d|\bdays\b|\bweeks\b|half-lives").IsMatch(t) && !spared.Contains(Agent(m.Value)))
                    AddAgent(c.AgentsExcluded, Agent(m.Value), c, nameof(TrialCriteria.AgentsExcluded), i);
            foreach (var m in MutationNames(t))
                if (!c.ResistanceMutations.Contains(m)) c.ResistanceMutations.Add(m);
        }
        foreach (Match m in Tki.Matches(trial.Title + " " + trial.OfficialTitle))
            if (Rx(@"(?:after|following|progress\w* on|previously treated with|pretreated with|resistant to|refractory to)\s+(?:\w+\s+){0,3}" + m.Value).IsMatch(trial.Title + " " + trial.OfficialTitle))
                AddAgent(c.AgentsRequired, Agent(m.Value), c, nameof(TrialCriteria.AgentsRequired), new Item(trial.Title ?? "", false, null));
        if (!c.TreatmentNaiveRequired && !c.PretreatedRequired && !string.IsNullOrWhiteSpace(trial.BriefSummary))
            foreach (var sentence in trial.BriefSummary.Split(". "))
                if (Pretreated.IsMatch(sentence) && Rx(@"patients|participants|subjects|people|adults").IsMatch(sentence) && !Rx(@"no (?:evidence of )?(?:radiolog|clinical)\w* progression|rapidly progress").IsMatch(sentence))
                {
                    Flag(c, nameof(TrialCriteria.PretreatedRequired), new Item(sentence.Trim(), false, null));
                    break;
                }
        if (!c.ImmunotherapyRequired && !string.IsNullOrWhiteSpace(trial.BriefSummary) && SummaryImmunotherapy.Match(trial.BriefSummary) is { Success: true } io
            && !inclusion.Any(i => i.Mentions(TherapyWords) && Immunotherapy.IsMatch(i.Text)))
            Flag(c, nameof(TrialCriteria.ImmunotherapyRequired), new Item(SentenceAround(trial.BriefSummary, io.Index), false, null));
        if (c.TreatmentNaiveRequired && c.Quote(nameof(TrialCriteria.TreatmentNaiveRequired)) is { } naiveQuote
            && Rx(@"(?:for|in|of) (?:the )?(?:locally )?(?:advanced|metastatic|recurrent|unresectable|stage (?:III[BC]?[-/ ]*)?IV)|untreated (?:advanced|metastatic|stage|locally|recurrent)|first[- ]line|(?:advanced|metastatic) (?:setting|disease)").IsMatch(naiveQuote))
            c.TreatmentNaiveForAdvanced = true;
        if (c.TreatmentNaiveRequired && c.PretreatedRequired)
        {
            // Cohorts of both kinds (or "no prior therapy for metastatic disease" beside "progressed after adjuvant"): neither decides.
            c.TreatmentNaiveRequired = c.PretreatedRequired = false;
        }

        // ---- brain
        foreach (var i in exclusion)
        {
            var t = i.Text;
            if (!i.Mentions(BrainWords)) continue;
            if (Lepto.IsMatch(t)) Flag(c, nameof(TrialCriteria.LeptomeningealExcluded), i);
            if (!BrainMets.IsMatch(t) || Rx(@"primary (?:\w+ )?(?:tumou?rs?|malignan\w*) of the (?:brain|central|CNS)|\bprimary CNS|leuka?emia|lymphoma").IsMatch(t)) continue;
            if (AnyBrain.IsMatch(t) || !ActiveBrain.IsMatch(t)) Flag(c, nameof(TrialCriteria.BrainMetsExcluded), i);
            else Flag(c, nameof(TrialCriteria.ActiveBrainMetsExcluded), i);
        }
        foreach (var i in inclusion)
        {
            var t = i.Text;
            if (!i.Mentions(BrainWords)) continue;
            if (BrainNoneInclusion.IsMatch(t)) Flag(c, nameof(TrialCriteria.BrainMetsExcluded), i);
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
        if (Rx(@"brain metasta").IsMatch(trial.Conditions ?? "")) c.BrainMetsRequired = true;
        if (c.BrainMetsAllowed && c.BrainMetsExcluded && !exclusion.Any(i => i.Mentions(BrainWords) && BrainMets.IsMatch(i.Text) && AnyBrain.IsMatch(i.Text)))
            c.BrainMetsExcluded = false;

        // ---- other requirements a profile cannot show: a second condition, a population, a tumour size
        var also = conditions.Length <= 3 ? conditions.FirstOrDefault(x => AlsoCondition.IsMatch(x) && !CancerWord.IsMatch(x)) : null;
        if (inclusion.FirstOrDefault(i => i.Mentions(OtherWords) && Veteran.IsMatch(i.Text)) is { } vet)
        {
            c.AlsoRequired = "being a veteran in VA care";
            c.Quotes[nameof(TrialCriteria.AlsoRequired)] = vet.Text;
        }
        else if (inclusion.FirstOrDefault(i => i.Mentions(OtherWords) && TumourSize.IsMatch(i.Text)) is { } size)
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
            if (ecogMax is null || max > ecogMax)
            {
                ecogMax = max;
                c.Quotes[nameof(TrialCriteria.EcogMax)] = i.Text;
            }
            if (min is > 0) c.EcogMin = c.EcogMin is { } cur ? Math.Min(cur, min.Value) : min;
        }
        c.EcogMax = ecogMax;
        var measurable = inclusion.FirstOrDefault(i => i.Mentions(OtherWords) && Measurable.IsMatch(i.Text) && !Rx(@"evaluable disease \(target or nontarget\)|or non-?measurable|measurable or (?:non-?measurable|evaluable)").IsMatch(i.Text));
        if (measurable is not null) Flag(c, nameof(TrialCriteria.MeasurableDiseaseRequired), measurable);
        var tissue = inclusion.FirstOrDefault(i => i.Mentions(OtherWords) && Tissue.IsMatch(i.Text));
        if (tissue is not null) Flag(c, nameof(TrialCriteria.TissueRequired), tissue);

        Truncate(c);
    }

    /// <summary>Quotes are shown as they are, up to 300 characters: keep no more (CriteriaJson is loaded for every trial).</summary>
    private static void Truncate(TrialCriteria c)
    {
        foreach (var (key, quote) in c.Quotes.Where(q => q.Value.Length > MaxQuote).ToList())
            c.Quotes[key] = quote[..(MaxQuote - 1)].TrimEnd() + "…";
    }

    // ------------------------------------------------------------------ pieces

    private static string Disease(string header, string[] conditions, string titles, List<Item> inclusion, List<Item> exclusion)
    {
        var inclusionText = string.Join(" \n ", inclusion.Select(i => i.Text));
        var nonSmall = SmallCellOnly.Replace(header, " ");
        // Populations that are not patients with cancer: surveys of clinicians, screening or prevention in people without cancer.
        if (SurveyTitle.IsMatch(titles) && Clinicians.IsMatch(inclusionText)) return DiseaseKinds.NonCancer;
        var cancerRequired = inclusion.Any(i => i.Mentions(CancerWords) && CancerRequired.IsMatch(i.Text) && !Rx(@"\b(?:no|without|free of)\s+(?:\w+\s+){0,2}(?<!anti-)(?:cancer|malignan)|\bsmok|screen|\bat risk\b|risk of").IsMatch(i.Text));
        if (!cancerRequired && inclusion.Count > 0 && exclusion.Any(i => i.Mentions(CancerWords) && CancerHistoryExclusion.IsMatch(i.Text) && !OtherMalignancy.IsMatch(i.Text))) return DiseaseKinds.NonCancer;
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

    /// <summary>Prior chemotherapy and immunotherapy requirements, read sentence by sentence ("NSCLC and must have received platinum. If eligible, ... PD-1").</summary>
    private static void TherapySentence(TrialCriteria c, Item i, string t)
    {
        if (Chemo.IsMatch(t) && PriorWord.IsMatch(t) && !NoPrior.IsMatch(t) && !Rx(@"candidates? for|eligible for|suitable for|to receive|will receive|standard platinum combination|randomi").IsMatch(t)
            && (!Drivers.IsMatch(t) || Alk.IsMatch(t) || GenericDriverPositive.IsMatch(t) || Rx(@"driver gene").IsMatch(t)))
            Flag(c, nameof(TrialCriteria.PriorChemoRequired), i);
        if (Immunotherapy.IsMatch(t) && ImmunotherapyNeed.IsMatch(t) && !PdL1Test.IsMatch(t) && !NoPrior.IsMatch(t)
            && !Rx(@"if eligible|where (?:eligible|appropriate)|if (?:approved|available|indicated)|\bor (?:intoleran|ineligib)").IsMatch(t))
            Flag(c, nameof(TrialCriteria.ImmunotherapyRequired), i);
    }

    /// <summary>The generic name of an ALK TKI as the parser found it ("Lorbrena" → lorlatinib, "NVL-655" → neladalkib).</summary>
    private static string Agent(string found) => MatchProfile.CanonicalTki(found);

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
        var t = i.Text;
        if (MoreThan.Match(t) is { Success: true } more && AlkTherapy.IsMatch(t[more.Index..Math.Min(t.Length, more.Index + 70)]))
        {
            var cap = more.Groups[1].Success ? Number(more.Groups[1].Value) : Number(more.Groups[2].Success ? more.Groups[2].Value : more.Groups[3].Value) - 1;
            if (c.MaxPriorAlkTkis is null || cap < c.MaxPriorAlkTkis)
            {
                c.MaxPriorAlkTkis = cap;
                c.Quotes[nameof(TrialCriteria.MaxPriorAlkTkis)] = t;
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
        Flag(c, nameof(TrialCriteria.PriorAlkTkiExcluded), i);
        foreach (var a in ExceptedAgents(t))
            if (!c.PriorAlkTkisAllowed.Contains(a)) c.PriorAlkTkisAllowed.Add(a);
    }

    /// <summary>
    /// One inclusion clause about ALK TKIs: counts ("at least 1", "no more than 2", "one or two"), named agents required or excluded.
    /// Permissive wording ("is allowed", "permitted", "may have received") requires nothing; "progression on or intolerance to X" requires X.
    /// Agents inside "e.g." / "such as" / "including" are examples, not requirements.
    /// </summary>
    private static void AlkTkiClause(TrialCriteria c, Item i, string clause)
    {
        var u = Examples.Replace(clause, " ");
        var therapy = AlkTherapy.IsMatch(u);
        var agents = Tki.Matches(u).Select(m => Agent(m.Value)).Distinct().ToList();
        var examples = Tki.Matches(clause).Select(m => Agent(m.Value)).Distinct().Except(agents).ToList();
        if (!therapy && agents.Count == 0 && examples.Count == 0) return;
        var max = AlkTkiMax.Match(u);
        void SetMax(int n)
        {
            c.MaxPriorAlkTkis = n;
            c.Quotes.TryAdd(nameof(TrialCriteria.MaxPriorAlkTkis), i.Text);
        }
        if (NoPriorStrict.IsMatch(u))
        {
            foreach (var a in agents) AddAgent(c.AgentsExcluded, a, c, nameof(TrialCriteria.AgentsExcluded), i);
            if (therapy) Flag(c, nameof(TrialCriteria.PriorAlkTkiExcluded), i);
            return;
        }
        if (Permissive.IsMatch(u))
        {
            if (max.Success) SetMax(Number(max.Groups[1].Value));
            else if (AlkTkiRange.Match(u) is { Success: true } pr) SetMax(Math.Max(Number(pr.Groups[1].Value), Number(pr.Groups[2].Value)));
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
        else if (max.Success) SetMax(Number(max.Groups[1].Value));
        else if (n.Success) SetMin(c, Number(n.Groups[1].Success ? n.Groups[1].Value : n.Groups[2].Value), i);
        else if (therapy && prior && !NoPrior.IsMatch(u)) SetMin(c, 1, i);
        if (!prior) return;
        // "alectinib or another ALK TKI": any ALK TKI will do.
        var alternative = Rx(@"\bor\b[^.;]{0,30}(?:other|another|any|\bALK\b|TKI|inhibitor|targeted)|(?:other|another|any)\b[^.;]{0,30}\bor\b").IsMatch(u);
        if (agents.Count == 1 && !alternative) AddAgent(c.AgentsRequired, agents[0], c, nameof(TrialCriteria.AgentsRequired), i);
        else if (agents.Count > 0 || examples.Count > 0) SetMin(c, 1, i);
    }

    private static bool IsDriverPositive(string t) =>
        GenericDriverPositive.IsMatch(t) && !GenericDriverNegative.IsMatch(t) || Alk.IsMatch(t) && AlkAlteration.IsMatch(t) && !AlkNegative.IsMatch(t);

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
            var t = Strip(i.Text);
            if (ConditionalPopulation.IsMatch(t) || Negation.IsMatch(t) || GenericDriverPositive.IsMatch(t) || OtherCancerName.IsMatch(t) && !Lung.IsMatch(t)) continue;
            if (!Rx(@"confirm|documented|must (?:have|harbou?r)|harbou?r|positive for|presence of|with (?:an? )?(?:activating |known |documented )?\w+ (?:mutation|deletion|alteration|fusion)|^\W*\w*\s*(?:mutation|deletion|fusion)|NSCLC with|tumou?rs? with|cancer with").IsMatch(t)) continue;
            foreach (Match m in Drivers.Matches(t))
            {
                if (IsNegativeSign(t, m) || OtherCancerName.IsMatch(Clause(t, m.Index))) continue;
                var around = Around(t, m.Index, 30);
                if (DriverPositiveWord.IsMatch(around) && !Rx(@"\bTKIs?\b|inhibitor|status|test").IsMatch(around))
                {
                    c.Quotes[nameof(TrialCriteria.OtherDriverRequired)] = t;
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

    private static string Strip(string t) => Regex.Replace(t, @"\([^)]*\)", " ");

    private static void Flag(TrialCriteria c, string key, Item i)
    {
        typeof(TrialCriteria).GetProperty(key)!.SetValue(c, true);
        c.Quotes.TryAdd(key, i.Text);
    }

    private static void SetMin(TrialCriteria c, int n, Item i)
    {
        if (c.MinPriorAlkTkis is { } cur && cur >= n) return;
        c.MinPriorAlkTkis = n;
        c.Quotes[nameof(TrialCriteria.MinPriorAlkTkis)] = i.Text;
    }

    private static void AddAgent(List<string> list, string agent, TrialCriteria c, string key, Item i)
    {
        if (list.Contains(agent)) return;
        list.Add(agent);
        c.Quotes.TryAdd(key + ":" + agent, i.Text);
    }

    private static void AddSite(List<string> list, string site, TrialCriteria c, string key, Item i)
    {
        var s = site.ToLowerInvariant() switch { "hepatic" => "liver", var x when x.StartsWith("pleura", StringComparison.Ordinal) => "pleura", var x => x };
        if (list.Contains(s)) return;
        list.Add(s);
        c.Quotes.TryAdd(key + ":" + s, i.Text);
    }

    private static int Number(string s) => s.ToLowerInvariant() switch { "one" => 1, "two" => 2, "three" => 3, var d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) };

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

    /// <summary>The ECOG bounds an item states (max, min), converting Karnofsky; (null, null) when it states none.</summary>
    public static (int? Max, int? Min) EcogOf(string text)
    {
        var k = Karnofsky.Match(text);
        if (k.Success && int.TryParse(k.Groups[1].Value, out var kps) && kps is >= 30 and <= 100)
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
        if (postfix.Success && (!max.Success || postfix.Index < max.Index)) return (int.Parse(postfix.Groups[1].Value), 0);
        if (max.Success) return (int.Parse(max.Groups[1].Value) - (max.Value.TrimStart().StartsWith('<') && !max.Value.Contains('=') ? 1 : 0), 0);
        var numbers = EcogNumbers.Match(tail);
        if (numbers.Success)
        {
            var values = numbers.Value.Where(char.IsAsciiDigit).Select(ch => ch - '0').ToList();
            return (values.Max(), values.Min());
        }
        var single = EcogSingle.Match(tail);
        // A single number is an upper bound, never a minimum ("ECOG PS of 1").
        if (single.Success) return (int.Parse(single.Groups[1].Value), null);
        return (null, null);
    }

    /// <summary>ALK kinase-domain resistance mutations named in a text ("G1202R", "L1196M"); residues 1100–1299 only, so EGFR T790M is not one.</summary>
    public static List<string> MutationNames(string text) =>
        ResistanceMutation.Matches(text).Select(m => m.Value).Distinct().ToList();

    /// <summary>The ALK categories (TrialCategories ids) the criteria imply.</summary>
    public static List<string> CategoriesOf(TrialCriteria c, Trial trial)
    {
        var cats = new List<string>();
        if (c.AlkRequired) cats.Add("alk-targeted");
        if (c.AlkRequired && (c.TreatmentNaiveRequired || c.PriorAlkTkiExcluded)) cats.Add("first-line");
        if (c.AlkRequired && (c.MinPriorAlkTkis > 0 || c.PretreatedRequired || c.AgentsRequired.Count > 0)) cats.Add("after-tki");
        if (c.AgentsRequired.Contains("lorlatinib") || Rx(@"(?:after|following|progress\w* on|resistant to|refractory to|pretreated with)\s+(?:\w+\s+){0,3}lorlatinib").IsMatch(trial.Title + " " + trial.OfficialTitle))
            cats.Add("after-lorlatinib");
        if (c.ResistanceMutations.Count > 0 && c.AlkRequired) cats.Add("resistance-mutation");
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
