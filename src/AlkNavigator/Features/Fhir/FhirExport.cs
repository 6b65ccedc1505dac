using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AlkNavigator.Features.Record;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using static AlkNavigator.Features.Fhir.FhirCodes;

namespace AlkNavigator.Features.Fhir;

/// <summary>
/// A record as an R4 <c>collection</c> Bundle with mCODE profile URLs in <c>meta.profile</c> (built with the Firely POCOs; no
/// hand-written JSON). Everything clinical the record holds is in it, so <see cref="FhirImport"/> gives the same record back
/// (care team and progression plan are not clinical and stay out). Ids are the record's own row ids (derived ids for what the
/// record keeps as fields: the ALK test, PD-L1, stage), so the same record always gives the same Bundle apart from its timestamp.
/// </summary>
public static partial class FhirExport
{
    public const string ContentType = "application/fhir+json";

    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>The record (collections loaded) as a FHIR Bundle in JSON (pretty): what the CLI, the API and the account ZIP write.</summary>
    public static string BundleJson(PatientRecord record, DateTimeOffset now) => Serialize(Build(record, now));

    public static byte[] BundleBytes(PatientRecord record, DateTimeOffset now) => Encoding.UTF8.GetBytes(BundleJson(record, now) + "\n");

    public static string Serialize(Base fhir) => Serializer.SerializeToString(fhir, pretty: true);

    /// <summary>The record's resources (Patient first), each with its <c>urn:uuid</c> full URL.</summary>
    public static List<(string FullUrl, Resource Resource)> Resources(PatientRecord r)
    {
        var list = new List<(string, Resource)>();
        var patientRef = Ref(r.Id);
        void Add(Resource res) => list.Add(("urn:uuid:" + res.Id, res));

        Add(PatientOf(r));
        if (!string.IsNullOrWhiteSpace(r.Allergies))
            Add(new AllergyIntolerance
            {
                Id = Derived(r.Id, "allergies"),
                ClinicalStatus = new CodeableConcept(AllergyClinical, "active"),
                Code = new CodeableConcept { Text = r.Allergies },
                Patient = patientRef,
            });

        // Diagnosis: the primary cancer condition, with the stage and the ALK / PD-L1 tests that found it as its evidence.
        var evidence = new List<ResourceReference>();
        Observation? stage = null;
        var tnm = new List<Observation>();
        if (r.AlkStatus is not null || r.AlkMethod is not null || r.FusionPartner is not null || r.FusionVariant is not null)
        {
            var alk = AlkTest(r, patientRef);
            Add(alk);
            evidence.Add(Ref(alk));
        }
        if (!string.IsNullOrWhiteSpace(r.PdL1))
        {
            var pd = Obs(Derived(r.Id, "pd-l1"), Profiles.TumorMarkerTest, Coded(Loinc, PdL1Code, "PD-L1", "PD-L1"), patientRef, "laboratory");
            pd.Value = new FhirString(r.PdL1);
            Add(pd);
            evidence.Add(Ref(pd));
        }
        foreach (var (value, code, profile, name) in new[]
                 {
                     (r.StageT, PrimaryTumorClinical, Profiles.PrimaryTumorCategory, "T"),
                     (r.StageN, RegionalNodesClinical, Profiles.RegionalNodesCategory, "N"),
                     (r.StageM, DistantMetastasesClinical, Profiles.DistantMetastasesCategory, "M"),
                 })
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            var o = Obs(Derived(r.Id, "stage-" + name), profile, Coded(Loinc, code, null, $"Clinical {name} category"), patientRef, "survey");
            o.Value = new CodeableConcept { Text = value };
            o.Method = StagingMethod();
            tnm.Add(o);
        }
        if (r.Stage is not null || tnm.Count > 0)
        {
            stage = Obs(Derived(r.Id, "stage"), Profiles.StageGroup, Coded(Loinc, StageGroupClinical, "Stage group.clinical Cancer", "Stage group"), patientRef, "survey");
            if (r.Stage is not null) stage.Value = new CodeableConcept(Ajcc, r.Stage) { Text = r.Stage };
            else stage.DataAbsentReason = new CodeableConcept(DataAbsentReasonSystem, "unknown");
            stage.HasMember = tnm.Select(Ref).ToList();
            stage.Method = StagingMethod();
        }
        var hasDiagnosis = r.DiagnosisDate is not null || r.Histology is not null || stage is not null || evidence.Count > 0;
        Condition? primary = null;
        if (hasDiagnosis)
        {
            primary = new Condition
            {
                Id = Derived(r.Id, "primary-cancer"),
                Meta = Profile(Profiles.PrimaryCancerCondition),
                ClinicalStatus = new CodeableConcept(ConditionClinical, "active"),
                VerificationStatus = new CodeableConcept(ConditionVerification, "confirmed"),
                Category = [new CodeableConcept(ConditionCategory, "problem-list-item")],
                Code = DiseaseCode(r.Histology),
                BodySite = [new CodeableConcept(Snomed, LungStructure, "Lung structure", "lung")],
                Subject = patientRef,
            };
            if (r.DiagnosisDate is { } dd) primary.Onset = Date(dd);
            if (r.Histology is not null)
                primary.Extension.Add(new Extension(Profiles.HistologyExtension, Histology(r.Histology)));
            if (stage is not null) primary.Stage = [new Condition.StageComponent { Assessment = [Ref(stage)] }];
            if (evidence.Count > 0) primary.Evidence = [new Condition.EvidenceComponent { Detail = evidence }];
            if (stage is not null) stage.Focus = [Ref(primary)];
            Add(primary);
        }
        if (stage is not null) Add(stage);
        foreach (var o in tnm) Add(o);

        foreach (var s in Ordered(r.Sites, x => x.Date)) Add(Site(s, patientRef, primary));
        foreach (var e in Ordered(r.EcogEntries, x => x.Date))
        {
            var o = Obs(e.Id.ToString(), Profiles.Ecog, Coded(Loinc, EcogCode, "ECOG Performance Status score", "ECOG performance status"), patientRef, "survey");
            o.Value = new Integer(e.Score);
            o.Effective = Date(e.Date);
            Note(o.Note, e.Note);
            Add(o);
        }
        foreach (var b in Ordered(r.Biomarkers, x => x.Date)) Add(Biomarker(b, patientRef));
        foreach (var t in ProfileJson.OrderedTreatments(r.Treatments)) Add(Treatment(t, patientRef, primary));
        foreach (var p in Ordered(r.Procedures, x => x.Date)) Add(ProcedureOf(p, patientRef, primary));
        foreach (var p in Ordered(r.Progressions, x => x.Date))
        {
            var o = Obs(p.Id.ToString(), Profiles.DiseaseStatus, Coded(Loinc, DiseaseProgression, "Cancer disease progression", "Cancer disease status"), patientRef, "survey");
            o.Value = new CodeableConcept(Snomed, Worsened, "Patient's condition worsened (finding)", "worsened");
            o.Effective = Date(p.Date);
            if (!string.IsNullOrWhiteSpace(p.Where)) o.BodySite = new CodeableConcept { Text = p.Where };
            if (!string.IsNullOrWhiteSpace(p.FoundBy)) o.Method = new CodeableConcept { Text = p.FoundBy };
            if (primary is not null) o.Focus = [Ref(primary)];
            Note(o.Note, p.Note);
            Add(o);
        }
        foreach (var m in r.Medicines.OrderBy(x => x.CreatedUtc).ThenBy(x => x.Id))
        {
            var ms = new MedicationStatement
            {
                Id = m.Id.ToString(),
                Status = MedicationStatement.MedicationStatusCodes.Active,
                Medication = new CodeableConcept { Text = m.Name },
                Subject = patientRef,
            };
            if (!string.IsNullOrWhiteSpace(m.Dose)) ms.Dosage = [new Dosage { Text = m.Dose }];
            Note(ms.Note, m.Note);
            Add(ms);
        }
        return list;
    }

    /// <summary>The record as a <c>collection</c> Bundle, Patient first.</summary>
    public static Bundle Build(PatientRecord r, DateTimeOffset now)
    {
        var bundle = new Bundle
        {
            Id = r.Id.ToString(),
            Meta = new Meta { Source = Source },
            Type = Bundle.BundleType.Collection,
            Timestamp = now,
            Identifier = new Identifier("urn:ietf:rfc:3986", "urn:uuid:" + Derived(r.Id, "bundle")),
        };
        foreach (var (url, res) in Resources(r)) bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = res });
        return bundle;
    }

    // ------------------------------------------------------------------ resources

    private static Patient PatientOf(PatientRecord r)
    {
        var p = new Patient
        {
            Id = r.Id.ToString(),
            Meta = Profile(Profiles.CancerPatient),
            // mCODE Cancer Patient (US Core Patient) needs an identifier and a name with given/family or a data-absent-reason: the record
            // keeps only a free-text display name, so the name says that its parts are not supported (the text is the record's words).
            Identifier = [new Identifier(RecordIdSystem, r.Id.ToString())],
        };
        var name = new HumanName { Text = string.IsNullOrWhiteSpace(r.DisplayName) ? null : r.DisplayName };
        name.Extension.Add(new Extension(DataAbsentReasonExtension, new Code(string.IsNullOrWhiteSpace(r.DisplayName) ? "unknown" : "unsupported")));
        p.Name = [name];
        if (r.BirthYear is { } y) p.BirthDate = y.ToString("0000", CultureInfo.InvariantCulture);
        p.Gender = r.Sex switch
        {
            "female" => AdministrativeGender.Female,
            "male" => AdministrativeGender.Male,
            "other" => AdministrativeGender.Other,
            _ => AdministrativeGender.Unknown, // required by US Core; import reads it back as no sex recorded
        };
        if (r.Country is not null || r.PostalCode is not null || r.City is not null)
            p.Address = [new Address { Country = r.Country, PostalCode = r.PostalCode, City = r.City }];
        if (!string.IsNullOrWhiteSpace(r.PreferredHospital)) p.ManagingOrganization = new ResourceReference { Display = r.PreferredHospital };
        if (!string.IsNullOrWhiteSpace(r.Notes)) p.Extension.Add(new Extension(Extensions.RecordNotes, new FhirString(r.Notes)));
        return p;
    }

    private static CodeableConcept DiseaseCode(string? histology) =>
        histology?.Trim().ToLowerInvariant() switch
        {
            "adenocarcinoma" => new CodeableConcept(Snomed, LungAdenocarcinoma, "Adenocarcinoma of lung (disorder)", "Adenocarcinoma of lung"),
            _ => new CodeableConcept(Snomed, Nsclc, "Non-small cell lung cancer (disorder)", "Non-small cell lung cancer"),
        };

    private static CodeableConcept Histology(string histology)
    {
        var c = new CodeableConcept { Text = histology };
        if (string.Equals(histology.Trim(), "adenocarcinoma", StringComparison.OrdinalIgnoreCase))
            c.Coding.Add(new Coding(Snomed, AdenocarcinomaMorphology, "Adenocarcinoma, no subtype (morphologic abnormality)"));
        return c;
    }

    private static Observation AlkTest(PatientRecord r, ResourceReference patient)
    {
        var o = Obs(Derived(r.Id, "alk"), Profiles.GenomicVariant, Coded(Loinc, GeneticVariantAssessment, "Genetic variant assessment", "ALK test"), patient, "laboratory");
        // mCODE STU4's Genomic Variant binds a coded value to LOINC LL1971-2 (required): an ALK status the patient does not know is not a
        // result, so it is a data-absent reason ("asked-unknown"), as a record without any ALK status is ("unknown").
        o.Value = r.AlkStatus switch
        {
            "positive" => new CodeableConcept(Loinc, Present, "Present", "positive"),
            "negative" => new CodeableConcept(Loinc, Absent, "Absent", "negative"),
            _ => null,
        };
        if (o.Value is null)
            o.DataAbsentReason = new CodeableConcept(DataAbsentReasonSystem, r.AlkStatus is null ? "unknown" : "asked-unknown") { Text = r.AlkStatus };
        if (r.AlkMethod is not null) o.Method = new CodeableConcept { Text = r.AlkMethod };
        o.Component.Add(GeneComponent("ALK"));
        if (r.FusionPartner is not null)
            o.Component.Add(new Observation.ComponentComponent { Code = new CodeableConcept { Text = FusionPartnerText }, Value = new CodeableConcept { Text = r.FusionPartner } });
        if (r.FusionVariant is not null)
            o.Component.Add(new Observation.ComponentComponent { Code = new CodeableConcept { Text = FusionVariantText }, Value = new FhirString(r.FusionVariant) });
        return o;
    }

    internal const string FusionPartnerText = "ALK fusion partner gene";
    internal const string FusionVariantText = "ALK fusion variant";
    internal const string AlterationText = "Alteration";

    private static Observation.ComponentComponent GeneComponent(string gene)
    {
        var value = new CodeableConcept { Text = gene };
        var known = Genes.FirstOrDefault(g => string.Equals(g.Gene, gene.Trim(), StringComparison.OrdinalIgnoreCase));
        if (known.Id is not null) value.Coding.Add(new Coding(Hgnc, known.Id, known.Gene));
        return new Observation.ComponentComponent { Code = Coded(Loinc, GeneStudied, "Gene studied [ID]", "Gene studied"), Value = value };
    }

    private static Observation Biomarker(BiomarkerResult b, ResourceReference patient)
    {
        var pdl1 = b.Gene.Replace("-", "").Equals("PDL1", StringComparison.OrdinalIgnoreCase);
        var o = pdl1
            ? Obs(b.Id.ToString(), Profiles.TumorMarkerTest, Coded(Loinc, PdL1Code, "PD-L1", b.Gene), patient, "laboratory")
            : Obs(b.Id.ToString(), Profiles.GenomicVariant, Coded(Loinc, GeneticVariantAssessment, "Genetic variant assessment", $"{b.Gene} result"), patient, "laboratory");
        if (!pdl1) o.Value = new CodeableConcept(Loinc, Present, "Present", "present");
        o.Component.Add(GeneComponent(b.Gene));
        // Text only: mCODE STU4's Genomic Variant (genomics-reporting) binds LOINC 48005-3 "amino acid change" to HGVS codes (required), and
        // the record's words ("G1202R", "exon 19 deletion") are not HGVS expressions with a reference sequence.
        o.Component.Add(new Observation.ComponentComponent { Code = new CodeableConcept { Text = AlterationText }, Value = new FhirString(b.Alteration) });
        if (pdl1) o.Value = new FhirString(b.Alteration);
        if (b.Date is { } d) o.Effective = Date(d);
        if (!string.IsNullOrWhiteSpace(b.Source)) o.Specimen = new ResourceReference { Display = b.Source };
        Note(o.Note, b.Note);
        return o;
    }

    private static Condition Site(SiteObservation s, ResourceReference patient, Condition? primary)
    {
        var known = Sites.FirstOrDefault(x => string.Equals(x.Site, s.Site, StringComparison.OrdinalIgnoreCase));
        var body = new CodeableConcept { Text = s.Site };
        if (known.Code is not null) body.Coding.Add(new Coding(Snomed, known.Code, known.Display));
        var none = s.Status == "none";
        var c = new Condition
        {
            Id = s.Id.ToString(),
            Meta = Profile(Profiles.SecondaryCancerCondition),
            // "none" (the brain looked at and clear) is a refuted secondary condition, "treated-stable" one in remission.
            ClinicalStatus = new CodeableConcept(ConditionClinical, none ? "resolved" : s.Status == "treated-stable" ? "remission" : "active"),
            VerificationStatus = new CodeableConcept(ConditionVerification, none ? "refuted" : "confirmed"),
            Category = [new CodeableConcept(ConditionCategory, "problem-list-item")],
            Code = new CodeableConcept(Snomed, SecondaryMalignancy, "Secondary malignant neoplastic disease (disorder)", $"Metastasis: {s.Site}"),
            BodySite = [body],
            Subject = patient,
            RecordedDate = Iso(s.Date),
        };
        if (none) c.Abatement = Date(s.Date);
        if (s.Status is not null) c.Extension.Add(new Extension(Extensions.SiteStatus, new Code(s.Status)));
        if (primary is not null) c.Evidence = [new Condition.EvidenceComponent { Detail = [Ref(primary)] }];
        Note(c.Note, s.Note);
        return c;
    }

    private static MedicationStatement Treatment(TreatmentLine t, ResourceReference patient, Condition? primary)
    {
        var medication = new CodeableConcept { Text = t.Agent };
        if (AlkDrugs.LabelledIn(t.Agent) is { } generic && AlkTkis.FirstOrDefault(x => x.Generic == generic) is { Code: not null } tki)
            medication.Coding.Add(new Coding(RxNorm, tki.Code, generic));
        var ms = new MedicationStatement
        {
            Id = t.Id.ToString(),
            Status = t.End is null ? MedicationStatement.MedicationStatusCodes.Active
                : t.StopReason is null or "completed" ? MedicationStatement.MedicationStatusCodes.Completed
                : MedicationStatement.MedicationStatusCodes.Stopped,
            Medication = medication,
            Subject = patient,
            Effective = new Period { Start = Iso(t.Start), End = t.End is { } e ? Iso(e) : null },
        };
        if (t.StopReason is { } reason)
        {
            var sr = StopReasons.FirstOrDefault(x => x.Reason == reason);
            ms.StatusReason = [sr.Code is null ? new CodeableConcept { Text = reason } : new CodeableConcept(Snomed, sr.Code, sr.Display, reason)];
        }
        if (primary is not null) ms.ReasonReference = [Ref(primary)];
        if (t.Dose is not null || t.Schedule is not null)
        {
            var dosage = new Dosage { Text = t.Dose };
            if (t.Schedule is not null) dosage.Timing = new Timing { Code = new CodeableConcept { Text = t.Schedule } };
            ms.Dosage = [dosage];
        }
        Note(ms.Note, t.Note);
        return ms;
    }

    private static Procedure ProcedureOf(ProcedureEntry p, ResourceReference patient, Condition? primary)
    {
        var radiation = p.Kind == "radiation";
        var pr = new Procedure
        {
            Id = p.Id.ToString(),
            Meta = Profile(radiation ? Profiles.RadiotherapyCourse : Profiles.SurgicalProcedure),
            Status = EventStatus.Completed,
            Category = p.Kind switch
            {
                "radiation" => new CodeableConcept(Snomed, Radiotherapy, "Radiation oncology AND/OR radiotherapy (procedure)", p.Kind),
                "surgery" => new CodeableConcept(Snomed, SurgicalProcedure, "Surgical procedure (procedure)", p.Kind),
                _ => new CodeableConcept { Text = p.Kind },
            },
            // mCODE STU4's Radiotherapy Course Summary fixes the code (SNOMED "radiotherapy course of treatment") and wants a period.
            Code = radiation ? new CodeableConcept(Snomed, RadiotherapyCourse, "Radiotherapy course of treatment (regime/therapy)", p.Name) : new CodeableConcept { Text = p.Name },
            Subject = patient,
        };
        if (p.Date is { } d) pr.Performed = radiation ? new Period { Start = Iso(d), End = Iso(d) } : Date(d);
        else
        {
            // A completed procedure must say when (US Core's us-core-7, in mCODE's snapshots): the record does not know.
            pr.Performed = radiation ? new Period() : new FhirDateTime();
            pr.Performed.Extension.Add(new Extension(DataAbsentReasonExtension, new Code("unknown")));
        }
        if (primary is not null) pr.ReasonReference = [Ref(primary)];
        Note(pr.Note, p.Note);
        return pr;
    }

    // ------------------------------------------------------------------ helpers

    private static Observation Obs(string id, string profile, CodeableConcept code, ResourceReference patient, string category) => new()
    {
        Id = id,
        Meta = Profile(profile),
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept(ObservationCategory, category)],
        Code = code,
        Subject = patient,
    };

    /// <summary>mCODE STU4 requires the TNM staging method; the record does not say which system or edition was used, so only text.</summary>
    private static CodeableConcept StagingMethod() => new() { Text = "TNM staging (system and edition not recorded)" };

    private static CodeableConcept Coded(string system, string code, string? display, string text) =>
        new() { Coding = [new Coding(system, code, display)], Text = text };

    private static Meta Profile(string url) => new() { Profile = [url] };

    private static ResourceReference Ref(Guid id) => new("urn:uuid:" + id);

    private static ResourceReference Ref(Resource r) => new("urn:uuid:" + r.Id);

    private static FhirDateTime Date(DateOnly d) => new(Iso(d));

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Note(List<Annotation> notes, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text)) notes.Add(new Annotation { Text = text });
    }

    private static IEnumerable<T> Ordered<T>(IEnumerable<T> items, Func<T, DateOnly?> date) where T : RecordItem =>
        items.OrderBy(x => date(x) ?? DateOnly.MinValue).ThenBy(x => x.CreatedUtc).ThenBy(x => x.Id);

    /// <summary>A stable UUID for a resource the record keeps as fields (name-based, from the record id).</summary>
    internal static string Derived(Guid recordId, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(recordId.ToString("N") + "/" + name), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5-style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
