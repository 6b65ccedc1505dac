using Hl7.Fhir.Model;

namespace AlkNavigator.Features.Fhir;

/// <summary>
/// The code systems, codes and profile URLs export writes and import reads (one table, so the two agree). Where a standard code
/// exists it is given beside the record's own words (the coding's text), and the text is what import gives back.
/// </summary>
public static class FhirCodes
{
    public const string Snomed = "http://snomed.info/sct";
    public const string Loinc = "http://loinc.org";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Hgnc = "http://www.genenames.org";
    public const string Ajcc = "http://cancerstaging.org";
    public const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string AllergyClinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    public const string DataAbsentReasonSystem = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    public const string DataAbsentReasonExtension = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    /// <summary>Patient.identifier system: the record's id in AlkNavigator.</summary>
    public const string RecordIdSystem = "https://alknav.example.org/fhir/record-id";

    /// <summary>
    /// mCODE STU4 (4.0.0) profile canonicals, the package the tests validate against. STU4 has no MedicationStatement profile (STU2's
    /// Cancer-Related Medication Statement was dropped), so treatment lines are plain R4 MedicationStatements.
    /// </summary>
    public static class Profiles
    {
        private const string Base = "http://hl7.org/fhir/us/mcode/StructureDefinition/";
        public const string CancerPatient = Base + "mcode-cancer-patient";
        public const string PrimaryCancerCondition = Base + "mcode-primary-cancer-condition";
        public const string SecondaryCancerCondition = Base + "mcode-secondary-cancer-condition";
        public const string StageGroup = Base + "mcode-tnm-stage-group";
        public const string PrimaryTumorCategory = Base + "mcode-tnm-primary-tumor-category";
        public const string RegionalNodesCategory = Base + "mcode-tnm-regional-nodes-category";
        public const string DistantMetastasesCategory = Base + "mcode-tnm-distant-metastases-category";
        public const string GenomicVariant = Base + "mcode-genomic-variant";
        public const string TumorMarkerTest = Base + "mcode-tumor-marker-test";
        public const string Ecog = Base + "mcode-ecog-performance-status";
        public const string SurgicalProcedure = Base + "mcode-cancer-related-surgical-procedure";
        public const string RadiotherapyCourse = Base + "mcode-radiotherapy-course-summary";
        public const string DiseaseStatus = Base + "mcode-cancer-disease-status";
        public const string HistologyExtension = Base + "mcode-histology-morphology-behavior";
    }

    /// <summary>Bundle.meta.source of AlkNavigator's export: such a Bundle's texts are the record's own words, read back as they are.</summary>
    public const string Source = "https://alknav.example.org/fhir";

    /// <summary>AlkNavigator's own extensions, for record details FHIR has no element for (read back on import; others may ignore them).</summary>
    public static class Extensions
    {
        private const string Base = "https://alknav.example.org/fhir/StructureDefinition/";
        public const string RecordNotes = Base + "record-notes";
        public const string SiteStatus = Base + "site-status";
    }

    // LOINC
    public const string EcogCode = "89247-1";
    public const string KarnofskyCode = "89243-0";
    public const string GeneticVariantAssessment = "69548-6";
    public const string GeneStudied = "48018-6";
    public const string AminoAcidChange = "48005-3";
    public const string DnaChange = "48004-6";
    public const string PdL1Code = "85147-6";
    public const string StageGroupClinical = "21908-9";
    public const string StageGroupPathological = "21902-2";
    public const string PrimaryTumorClinical = "21905-5";
    public const string RegionalNodesClinical = "21906-3";
    public const string DistantMetastasesClinical = "21907-1";
    public const string DiseaseProgression = "97509-4";
    public const string DiseaseStatusStu1 = "88040-1";
    public const string Present = "LA9633-4";
    public const string Absent = "LA9634-2";

    // SNOMED
    public const string Nsclc = "254637007";                 // Non-small cell lung cancer (disorder)
    public const string LungAdenocarcinoma = "254626006";    // Adenocarcinoma of lung (disorder)
    public const string AdenocarcinomaMorphology = "35917007"; // Adenocarcinoma, no subtype (morphologic abnormality)
    public const string SecondaryMalignancy = "128462008";   // Secondary malignant neoplastic disease (disorder)
    public const string LungStructure = "39607008";          // Lung structure (body structure)
    public const string Worsened = "271299001";              // Patient's condition worsened (finding)
    public const string SurgicalProcedure = "387713003";     // Surgical procedure (procedure)
    public const string Radiotherapy = "108290001";          // Radiation oncology AND/OR radiotherapy (procedure)
    public const string RadiotherapyCourse = "1217123003";   // Radiotherapy course of treatment (regime/therapy): mCODE STU4's fixed code

    /// <summary>Metastatic sites of the record's vocabulary → SNOMED body structures.</summary>
    public static readonly (string Site, string Code, string Display)[] Sites =
    [
        ("brain", "12738006", "Brain structure"),
        ("bone", "272673000", "Bone structure"),
        ("liver", "10200004", "Liver structure"),
        ("lung", "39607008", "Lung structure"),
        ("pleura", "3120008", "Pleural membrane structure"),
        ("adrenal", "23451007", "Adrenal gland structure"),
        ("lymph nodes", "59441001", "Structure of lymph node"),
        ("leptomeninges", "1231004", "Meninges structure"),
    ];

    /// <summary>
    /// RxNorm ingredient RxCUIs of the labelled ALK TKIs. The five are the ingredient CUIs in ../shared/reference/alk-facts.md [S53]
    /// (marked unverified there: only product-level CUIs were confirmed against openFDA); ensartinib's ingredient CUI is not in
    /// our reference, so it is exported by name only.
    /// </summary>
    public static readonly (string Generic, string Code)[] AlkTkis =
    [
        ("crizotinib", "1148495"), ("ceritinib", "1535457"), ("alectinib", "1727455"), ("brigatinib", "1921217"), ("lorlatinib", "2103164"),
    ];

    /// <summary>mCODE's treatment-termination reasons for the record's stop reasons (SNOMED).</summary>
    public static readonly (string Reason, string Code, string Display)[] StopReasons =
    [
        ("progression", "266721009", "Absent response to treatment (situation)"),
        ("side-effects", "407563006", "Treatment not tolerated (situation)"),
        ("completed", "182992009", "Treatment completed (situation)"),
    ];

    /// <summary>HGNC ids of genes an ALK record commonly names.</summary>
    public static readonly (string Gene, string Id)[] Genes =
    [
        ("ALK", "HGNC:427"), ("EGFR", "HGNC:3236"), ("KRAS", "HGNC:6407"), ("TP53", "HGNC:11998"), ("MET", "HGNC:7029"),
        ("ROS1", "HGNC:10261"), ("BRAF", "HGNC:1097"), ("RET", "HGNC:9967"), ("STK11", "HGNC:11389"),
    ];

    /// <summary>ECOG answers in LOINC (mCODE STU1 coded the score; later versions use valueInteger).</summary>
    public static readonly (string Code, int Score)[] EcogAnswers =
        [("LA9622-7", 0), ("LA9623-5", 1), ("LA9624-3", 2), ("LA9625-0", 3), ("LA9626-8", 4), ("LA9627-6", 5)];

    public static bool Has(CodeableConcept? c, string system, string code) =>
        c?.Coding.Any(x => x.System == system && x.Code == code) == true;

    public static bool HasCode(CodeableConcept? c, string code) => c?.Coding.Any(x => x.Code == code) == true;

    /// <summary>The concept's words: its text, else the first coding's display, else its first code.</summary>
    public static string? Words(CodeableConcept? c) =>
        c is null ? null
        : !string.IsNullOrWhiteSpace(c.Text) ? c.Text.Trim()
        : c.Coding.Select(x => x.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d))?.Trim()
          ?? c.Coding.Select(x => x.Code).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d))?.Trim();
}
