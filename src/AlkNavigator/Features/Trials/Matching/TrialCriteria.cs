using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// What a trial's eligibility says, in the terms that decide ALK-positive patients' eligibility. Written once at import by
/// <see cref="CriteriaParser"/> (Trial.CriteriaJson) and read by <see cref="TrialMatcher"/>; matching never re-reads free text.
/// Every flag that can exclude a patient has its source sentence in <see cref="Quotes"/> (key = the flag's name), so a reason
/// can quote the trial's own words. Unset (null/false) means the trial does not say.
/// </summary>
public sealed record TrialCriteria
{
    /// <summary>Population: "nsclc" (lung cancer), "solid-tumours" (any solid/advanced cancer), "other-cancer", "non-cancer" (healthy people, clinicians, other diseases).</summary>
    public string Disease { get; set; } = DiseaseKinds.OtherCancer;

    /// <summary>An ALK alteration is required (or ALK is one of the drivers the trial is for).</summary>
    public bool AlkRequired { get; set; }
    /// <summary>ALK-positive patients are excluded (ALK listed among excluded alterations, "ALK-negative", "no actionable driver", ...).</summary>
    public bool AlkExcluded { get; set; }
    /// <summary>A driver other than ALK is required ("KRAS G12C", "EGFR", "RET", "MTAP deletion", ...).</summary>
    public string? OtherDriverRequired { get; set; }
    /// <summary>A known oncogenic driver other than ALK excludes ("a known driver alteration other than ALK", an ALK trial's
    /// "no EGFR, ROS1 or other actionable alteration"): a patient whose record lists one (EGFR, KRAS, MET, ...) is out.</summary>
    public bool OtherDriverExcluded { get; set; }

    /// <summary>The trial requires advanced disease (locally advanced, metastatic, recurrent, unresectable).</summary>
    public bool AdvancedRequired { get; set; }
    /// <summary>The trial is for early disease (resectable, adjuvant, neoadjuvant, curative intent).</summary>
    public bool EarlyRequired { get; set; }
    /// <summary>No distant metastases allowed ("without any metastasis", "no distant metastasis", "M0", "stage IV excluded"):
    /// a patient with stage IV or distant metastases is out, whatever else the trial says about the setting.</summary>
    public bool NonMetastaticRequired { get; set; }
    /// <summary>The tumour must already have been removed ("completely resected", "R0 resection", "post-operative").</summary>
    public bool ResectedRequired { get; set; }
    /// <summary>Neoadjuvant / resectable: the tumour must still be in place (not yet operated on).</summary>
    public bool NotYetResectedRequired { get; set; }
    /// <summary>Allowed AJCC stage groups when the trial names them ("IIA".."IVB"); empty when not stated.</summary>
    public List<string> Stages { get; set; } = [];
    /// <summary>Metastatic sites the trial requires ("liver", "brain", ...).</summary>
    public List<string> SitesRequired { get; set; } = [];
    /// <summary>Metastatic sites (other than the brain) that exclude ("liver", "bone").</summary>
    public List<string> SitesExcluded { get; set; } = [];

    /// <summary>A histology (or tumour type) the trial requires that is not lung adenocarcinoma: "squamous", "small-cell",
    /// "neuroendocrine", "DLL3-positive", "mesothelioma", "lymphoma", "neuroblastoma", "inflammatory myofibroblastic tumour";
    /// or "non-squamous" (adenocarcinoma fits, squamous does not).</summary>
    public string? HistologyRequired { get; set; }

    /// <summary>No prior systemic therapy (for advanced disease) allowed.</summary>
    public bool TreatmentNaiveRequired { get; set; }
    /// <summary>The treatment-naive rule is about advanced or metastatic disease ("no prior systemic therapy for metastatic disease"):
    /// earlier adjuvant or curative-intent treatment may not count.</summary>
    public bool TreatmentNaiveForAdvanced { get; set; }
    /// <summary>Must have had (and progressed on, or exhausted) earlier therapy.</summary>
    public bool PretreatedRequired { get; set; }
    /// <summary>"No standard therapy exists or standard therapy has failed", "alternative therapies do not exist or are no longer
    /// effective": for ALK-positive cancer the approved ALK TKIs (lorlatinib included) are the standard, so this is met only after
    /// them, not merely after some earlier treatment.</summary>
    public bool StandardTherapyFailedRequired { get; set; }
    /// <summary>Must have had at least this many ALK TKIs.</summary>
    public int? MinPriorAlkTkis { get; set; }
    /// <summary>At most this many ALK TKIs.</summary>
    public int? MaxPriorAlkTkis { get; set; }
    /// <summary>Prior ALK TKI (any) excluded.</summary>
    public bool PriorAlkTkiExcluded { get; set; }
    /// <summary>ALK TKIs the prior-ALK-TKI exclusion spares ("prior ALK inhibitor other than crizotinib" → crizotinib).</summary>
    public List<string> PriorAlkTkisAllowed { get; set; } = [];
    /// <summary>Named agents the patient must have had ("lorlatinib").</summary>
    public List<string> AgentsRequired { get; set; } = [];
    /// <summary>Named agents the patient must not have had.</summary>
    public List<string> AgentsExcluded { get; set; } = [];
    /// <summary>Prior platinum/chemotherapy required.</summary>
    public bool PriorChemoRequired { get; set; }
    /// <summary>Prior chemotherapy excluded.</summary>
    public bool PriorChemoExcluded { get; set; }
    /// <summary>Prior (or current, planned) PD-1/PD-L1 immunotherapy required.</summary>
    public bool ImmunotherapyRequired { get; set; }
    /// <summary>Must be on treatment now.</summary>
    public bool OnTreatmentRequired { get; set; }
    /// <summary>The immunotherapy requirement is about a current or planned treatment (an observational study of people receiving
    /// it, "currently receiving pembrolizumab"): a past, ended one does not show it.</summary>
    public bool ImmunotherapyCurrentRequired { get; set; }
    /// <summary>Ongoing or concurrent anticancer therapy excludes: a patient on treatment now would have to end it first.</summary>
    public bool ConcurrentTherapyExcluded { get; set; }

    /// <summary>ALK resistance mutations the trial names ("G1202R").</summary>
    public List<string> ResistanceMutations { get; set; } = [];
    /// <summary>The named resistance mutation is required (not merely mentioned).</summary>
    public bool ResistanceMutationRequired { get; set; }
    /// <summary>Any ALK resistance mutation meets the requirement: none is named ("a documented ALK resistance mutation"), or the
    /// named ones are examples ("e.g. G1202R, I1171N").</summary>
    public bool AnyResistanceMutation { get; set; }
    /// <summary>ALK resistance mutations that exclude ("G1202R", "compound" for compound mutations, "any" for any resistance mutation);
    /// quote key "ResistanceMutationsExcluded".</summary>
    public List<string> ResistanceMutationsExcluded { get; set; } = [];

    /// <summary>Named alterations of genes other than ALK that exclude ("EGFR", "BRAF V600E", "KRAS G12C", "MET exon 14", "MET amplification",
    /// "TP53"), from exclusions ("Known EGFR sensitising mutation, ROS1 rearrangement, …") and negated inclusions ("EGFR wild-type",
    /// "without a KRAS mutation"); gene symbol first, then the variant when one is named. Quote key "GenesExcluded:" + entry.</summary>
    public List<string> GenesExcluded { get; set; } = [];
    /// <summary>Alterations of other genes an ALK trial requires besides ALK ("MET amplification" after an ALK TKI). Quote key "GenesRequired:" + entry.</summary>
    public List<string> GenesRequired { get; set; } = [];
    /// <summary>Lowest PD-L1 expression (percent of tumour cells) the trial requires ("PD-L1 TPS ≥ 1%").</summary>
    public int? PdL1Min { get; set; }
    /// <summary>EML4-ALK variants the trial is limited to ("1", "2", "3", "5": "EML4-ALK variant 3 (v3a or v3b)").</summary>
    public List<string> AlkVariantsRequired { get; set; } = [];
    /// <summary>Earlier TKIs must have stopped for progression: stopping for intolerance "does not qualify".</summary>
    public bool ProgressionOnPriorRequired { get; set; }
    /// <summary>Progression on (or soon after) the earlier ALK TKI is required, while a TKI stopped for intolerance may still qualify
    /// ("progression while on treatment or within 6 months of the last dose; patients who stopped for intolerance remain eligible
    /// provided …"): a TKI the record says was stopped for another reason is to check.</summary>
    public bool ProgressionOnPriorMentioned { get; set; }
    /// <summary>The ALK fusion partner must not be EML4 ("ALK fusion with a partner gene other than EML4").</summary>
    public bool NonEml4PartnerRequired { get; set; }
    /// <summary>ALK must be shown by a molecular test (FISH or sequencing): "IHC alone is not sufficient".</summary>
    public bool AlkMolecularTestRequired { get; set; }
    /// <summary>ALK must be shown in tumour tissue: "fusions identified solely in ctDNA are not sufficient", "plasma results are not accepted".</summary>
    public bool AlkTissueRequired { get; set; }
    /// <summary>The one PD-L1 assay whose result counts ("22C3": "results from other PD-L1 assays are not acceptable").</summary>
    public string? PdL1Assay { get; set; }
    /// <summary>Earlier (neo)adjuvant therapy is allowed only with a time condition ("permitted only if the last dose was at least 12
    /// months before the recurrence"): to check when the record lists adjuvant or neoadjuvant treatment.</summary>
    public bool AdjuvantIntervalRequired { get; set; }

    /// <summary>Any brain/CNS metastases exclude.</summary>
    public bool BrainMetsExcluded { get; set; }
    /// <summary>Active (untreated, symptomatic, unstable, progressing) brain metastases exclude.</summary>
    public bool ActiveBrainMetsExcluded { get; set; }
    /// <summary>An inclusion takes people with leptomeningeal disease ("Cohort B (leptomeningeal): …"): a brain rule elsewhere does not exclude them.</summary>
    public bool LeptomeningealAllowed { get; set; }
    /// <summary>The trial is for people with leptomeningeal disease ("Leptomeningeal metastases diagnosed by CSF cytology or MRI"), not
    /// one cohort or one way in of several: a record without it is excluded.</summary>
    public bool LeptomeningealRequired { get; set; }
    /// <summary>Leptomeningeal disease / carcinomatous meningitis excludes.</summary>
    public bool LeptomeningealExcluded { get; set; }
    /// <summary>Brain metastases are required.</summary>
    public bool BrainMetsRequired { get; set; }
    /// <summary>Brain metastases explicitly allowed (e.g. "stable brain metastases allowed", "asymptomatic untreated ... eligible").</summary>
    public bool BrainMetsAllowed { get; set; }
    /// <summary>Some untreated brain metastases are allowed ("untreated, asymptomatic brain mets &lt; 1 cm are permitted"): a patient whose
    /// record says only "active" is to check against that allowance, not excluded.</summary>
    public bool SomeUntreatedBrainMetsAllowed { get; set; }

    /// <summary>Most earlier lines of systemic therapy allowed ("no more than 1 prior line of systemic therapy for metastatic disease").</summary>
    public int? MaxPriorLines { get; set; }
    /// <summary>The line cap does not count ALK TKIs ("TKIs do not count as a line").</summary>
    public bool TkisNotCountedAsLines { get; set; }

    /// <summary>Highest ECOG allowed (Karnofsky/Zubrod/WHO converted).</summary>
    public int? EcogMax { get; set; }
    /// <summary>Lowest ECOG allowed (e.g. trials for frail patients, "ECOG 2-4").</summary>
    public int? EcogMin { get; set; }
    /// <summary>Grades above <see cref="EcogMax"/> up to this one are to check rather than excluded: a Karnofsky bound at a grade the
    /// usual conversion tables place differently ("KPS ≥ 70": ECOG 1 in one, ECOG 2 in another), or a higher grade the text permits
    /// for some patients ("ECOG 0-1. ECOG 2 is permitted in cohort B").</summary>
    public int? EcogToCheckUpTo { get; set; }
    public int? MinAge { get; set; }
    /// <summary>A higher minimum age in some countries ("≥ 18 years (≥ 19 in the Republic of Korea; ≥ 20 in Japan and Taiwan)"): the
    /// country as the text names it, lower case, and its minimum.</summary>
    public Dictionary<string, int>? MinAgeByCountry { get; set; }
    public int? MaxAge { get; set; }
    /// <summary>"FEMALE" or "MALE" when restricted.</summary>
    public string? Sex { get; set; }
    /// <summary>Measurable disease (RECIST) required.</summary>
    public bool MeasurableDiseaseRequired { get; set; }
    /// <summary>Something else the trial requires that a profile does not record (a second condition such as depression, being a veteran, a tumour size).</summary>
    public string? AlsoRequired { get; set; }
    /// <summary>The registry record has no eligibility criteria to read (only conditions and titles were used).</summary>
    public bool EligibilityMissing { get; set; }
    /// <summary>Part of the eligibility text could not be read (the parser stopped on it); the criteria hold what was read before.</summary>
    public bool ParseIncomplete { get; set; }
    /// <summary>Tissue (archival or new biopsy) required.</summary>
    public bool TissueRequired { get; set; }

    /// <summary>Criteria the parser could not read that could exclude a patient on a deciding dimension ("to check"): each with
    /// its dimension (setting, driver, histology, therapy, age, performance, brain), whether it is an exclusion, and its text.
    /// A trial with one of these that concerns the patient is never likely-eligible.</summary>
    public List<CheckItem> ToCheck { get; set; } = [];

    /// <summary>The trial's own sentence behind each flag (key = property name, e.g. "AlkExcluded").</summary>
    public Dictionary<string, string> Quotes { get; set; } = [];

    /// <summary>While parsing: the items some reader turned into a criterion (never serialised).</summary>
    [JsonIgnore]
    internal HashSet<string> Understood => _understood ??= new(StringComparer.Ordinal);
    private HashSet<string>? _understood; // allocated only while parsing, not for each of 100,000 loaded criteria

    /// <summary>The sentence behind a flag, or null.</summary>
    public string? Quote(string key) => Quotes.GetValueOrDefault(key);

    /// <summary>Compact JSON (defaults omitted).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TrialCriteriaJson.Default.TrialCriteria);

    /// <summary>Reads Trial.CriteriaJson; an empty or broken value gives empty criteria.</summary>
    public static TrialCriteria FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json == "{}") return new TrialCriteria();
        try
        {
            return JsonSerializer.Deserialize(json, TrialCriteriaJson.Default.TrialCriteria) ?? new TrialCriteria();
        }
        catch (JsonException)
        {
            return new TrialCriteria();
        }
    }
}

/// <summary>An eligibility item the parser did not understand but that could exclude (see <see cref="TrialCriteria.ToCheck"/>).</summary>
public sealed record CheckItem(string Dimension, bool Exclusion, string Text)
{
    /// <summary>The dimension of an exclusion of earlier treatment with some drugs: it excludes a patient whose record lists a drug it
    /// names (not an ALK TKI, which the ALK rules read, and not one named as an exception); otherwise it does not concern the patient.</summary>
    public const string EarlierDrug = "earlier drug";

    /// <summary>The dimension of an exclusion naming a condition or medicine outside the cancer (hepatitis B, a statin): it concerns only a
    /// patient whose record mentions one of its <see cref="Facts"/> (<see cref="HealthFacts"/>), and is then to check.</summary>
    public const string Health = "health";

    /// <summary>The dimension of an exclusion of some metastases at a site ("bone metastases at high risk of fracture"): it concerns a patient
    /// whose record lists that site (<see cref="Facts"/> holds it) or lists no sites.</summary>
    public const string Site = "metastatic site";

    /// <summary>The dimension of an inclusion met by a treatment going on now or one planned soon ("Currently receiving, or due to start
    /// within 2 weeks, an oral targeted therapy"): it concerns a patient whose record shows no ongoing treatment.</summary>
    public const string PlannedOrCurrent = "current or planned treatment";

    /// <summary>The dimension of an inclusion item no reader understood and that is not one every trial asks: a requirement the record
    /// may not meet ("current smokers", "a PHQ-9 score of at least 10"), to check for everyone.</summary>
    public const string Requirement = "requirement";

    /// <summary>The dimension of an exclusion of a gene alteration with a condition on when or with what it arose ("RET fusions that
    /// co-occurred with another driver at diagnosis are excluded; acquired ones are eligible"): it concerns a patient whose record lists
    /// one of its <see cref="Facts"/> (genes) as found.</summary>
    public const string GeneWithCondition = "gene with a condition";

    /// <summary>The dimension of an exclusion of those who have already changed to a later ALK TKI ("already switched to a subsequent ALK
    /// TKI for the current progression"): it concerns a patient whose record lists two or more ALK TKIs, or no treatments.</summary>
    public const string LaterAlkTki = "a later ALK TKI";

    /// <summary>For <see cref="Health"/> items: the kinds of condition or medicine the item names (<see cref="HealthFacts"/> keys).</summary>
    public string[]? Facts { get; init; }

    /// <summary>Dimensions whose verdict reads the item's words (the drugs it names), so the compact criteria keep them.</summary>
    public static bool KeepsText(string dimension) => dimension is EarlierDrug or "chemotherapy";

    /// <summary>An earlier-drug exclusion's text without its exceptions ("other than docetaxel"), lower case: what the matcher searches
    /// for the record's drugs, and all of the text the compact criteria keep.</summary>
    public static string DrugText(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text.ToLowerInvariant(), @"(?:other than|except(?: for)?|besides|apart from|excluding|unless|with the exception of)\s+[^.;)]*", " ",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}

/// <summary>Values of <see cref="TrialCriteria.Disease"/>.</summary>
public static class DiseaseKinds
{
    public const string Nsclc = "nsclc";
    public const string SolidTumours = "solid-tumours";
    public const string OtherCancer = "other-cancer";
    public const string NonCancer = "non-cancer";
}

/// <summary>Source-generated serialisation of the criteria: loading 100,000 of them must be fast.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TrialCriteria))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class TrialCriteriaJson : JsonSerializerContext;
