using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AlkNavigator.Features.Record;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using static AlkNavigator.Features.Fhir.FhirCodes;

namespace AlkNavigator.Features.Fhir;

/// <summary>
/// A FHIR R4 Bundle (mCODE) read into a record's content: the same <see cref="ProfileImport"/> the profile reader gives, so every
/// caller of <see cref="ProfileJson.Parse"/> (record import on the page, the API and the CLI, trials match...) takes a Bundle too.
/// <para>Real bundles are messy, so the parse is lenient (Firely's Recoverable mode, then Ostrich): what the parser repaired or
/// dropped, and every resource or detail that does not map into the record, is a warning with its path; none of it is saved.
/// Only what makes the Bundle unusable (not a Bundle, no or several patients, nothing clinical in it) is a problem, and then
/// nothing is saved at all.</para>
/// </summary>
public static partial class FhirImport
{
    private static readonly FhirJsonDeserializer Recoverable = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private static readonly FhirJsonDeserializer Ostrich = new(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));

    public const string NothingMapped = "This FHIR Bundle has nothing that maps into the record (no cancer condition, stage, " +
        "tests, ECOG, medication statements or procedures), so nothing in it was read: importing it would empty the record.";

    /// <summary>Reads a Bundle (UTF-8 JSON); the caller has seen <c>"resourceType": "Bundle"</c>.</summary>
    public static ProfileImport Read(ReadOnlySpan<byte> bytes, DateOnly today)
    {
        var result = new ProfileImport();
        if (Deserialize(Encoding.UTF8.GetString(bytes), result, "Bundle") is not { } resource) return result;
        if (resource is not Bundle bundle)
        {
            result.Problems.Add(new(1, "$", "This is not a FHIR Bundle that can be read; nothing in it was read."));
            return result;
        }
        return ReadInto(bundle, result, today);
    }

    /// <summary>Reads an already parsed Bundle into <paramref name="result"/> (ResearchStudy/$match: the Bundle inside a Parameters resource).</summary>
    internal static ProfileImport ReadInto(Bundle bundle, ProfileImport result, DateOnly today)
    {
        new Reader(bundle, result, today).Run();
        return result;
    }

    /// <summary>
    /// Any FHIR resource (UTF-8 JSON text), leniently: Recoverable, then Ostrich when data would be lost; what was repaired or skipped
    /// goes to the warnings ("while reading the <paramref name="what"/>"). Null (with a problem) when the JSON cannot be read at all.
    /// </summary>
    internal static Resource? Deserialize(string json, ProfileImport result, string what)
    {
        Resource? resource;
        IEnumerable<CodedException> issues;
        try
        {
            if (!Recoverable.TryDeserializeResource(json, out resource, out issues))
            {
                // Not recoverable without losing data: read what can be read, and say what was dropped.
                Ostrich.TryDeserializeResource(json, out resource, out issues);
                foreach (var i in issues) Repaired(result, i, "skipped", what);
            }
            else foreach (var i in issues) Repaired(result, i, "repaired", what);
        }
        catch (Exception e) when (e is FormatException or DeserializationFailedException or InvalidOperationException)
        {
            result.Problems.Add(new(1, "$", $"This FHIR {what} cannot be read: {e.Message}"));
            return null;
        }
        return resource;
    }

    private static void Repaired(ProfileImport result, CodedException issue, string how, string what)
    {
        var (line, path) = issue is ExtendedCodedException x ? ((int)(x.LineNumber ?? 1), string.IsNullOrEmpty(x.InstancePath) ? "$" : x.InstancePath) : (1, "$");
        var message = issue is ExtendedCodedException y ? y.BaseErrorMessage : issue.Message;
        result.Warnings.Add(new(Math.Max(line, 1), path, $"{how} while reading the {what} ({issue.ErrorCode}): {message}"));
    }

    private sealed partial class Reader(Bundle bundle, ProfileImport result, DateOnly today)
    {
        private readonly PatientRecord c = result.Content;
        private readonly Dictionary<string, Resource> byUrl = new(StringComparer.Ordinal);
        private readonly HashSet<Resource> diagnosisEvidence = [];
        private readonly bool own = bundle.Meta?.Source == FhirCodes.Source;
        private readonly List<(string Path, Observation O)> stageMembers = [];

        private void Warn(string path, string message) => result.Warnings.Add(new(1, path, message));

        public void Run()
        {
            var entries = bundle.Entry.Select((e, i) => (Path: $"Bundle.entry[{i}].resource", e.FullUrl, e.Resource)).Where(e => e.Resource is not null).ToList();
            foreach (var (_, url, res) in entries)
            {
                if (!string.IsNullOrEmpty(url)) byUrl.TryAdd(url, res!);
                if (!string.IsNullOrEmpty(res!.Id)) byUrl.TryAdd($"{res.TypeName}/{res.Id}", res);
            }
            // Duplicate entries (the same resource twice): read once.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var unique = new List<(string Path, Resource R)>();
            foreach (var (path, url, res) in entries)
            {
                var key = url ?? $"{res!.TypeName}/{res.Id}";
                if (!string.IsNullOrEmpty(key) && key != "/" && !seen.Add(key))
                {
                    Warn(path, $"skipped: a second entry with full URL {key} (the first one was read)");
                    continue;
                }
                unique.Add((path, res!));
            }

            var patients = unique.Where(e => e.R is Patient).ToList();
            if (patients.Count > 1)
            {
                result.Problems.Add(new(1, "Bundle.entry", $"The Bundle has {patients.Count} Patient resources; a record is one person's, so nothing was read."));
                return;
            }
            if (patients.Count == 1) ReadPatient((Patient)patients[0].R);

            // The primary condition's evidence (the ALK test, PD-L1) are diagnosis facts, not biomarker rows.
            foreach (var (_, r) in unique)
                if (r is Condition cond && IsPrimary(cond))
                    foreach (var ev in cond.Evidence)
                        foreach (var d in ev.Detail)
                            if (Resolve(d) is { } target) diagnosisEvidence.Add(target);

            foreach (var (path, r) in unique)
            {
                switch (r)
                {
                    case Patient: break;
                    case Condition cond when IsPrimary(cond): ReadPrimary(path, cond); break;
                    case Condition cond when IsSecondary(cond): ReadSite(path, cond); break;
                    case Observation o: ReadObservation(path, o); break;
                    case MedicationStatement ms: ReadMedication(path, ms); break;
                    case Procedure p: ReadProcedure(path, p); break;
                    case AllergyIntolerance a when Words(a.Code) is { } allergy:
                        c.Allergies = c.Allergies is null ? allergy : $"{c.Allergies}; {allergy}";
                        break;
                    default: Warn(path, $"not mapped: {Describe(r)} has no place in the record, so it was left out"); break;
                }
            }
            foreach (var (path, o) in stageMembers) ReadTnm(path, o);
            Clip();
            if (!result.IsValid) return;
            if (c.DiagnosisDate is null && c.Histology is null && c.Stage is null && c.AlkStatus is null && c.Sites.Count == 0
                && c.EcogEntries.Count == 0 && c.Treatments.Count == 0 && c.Procedures.Count == 0 && c.Biomarkers.Count == 0
                && c.Progressions.Count == 0 && c.StageT is null && c.PdL1 is null) // a patient alone (sex, birth year) is no clinical content
                result.Problems.Add(new(1, "$", NothingMapped));
            if (c.Treatments.Count > 0) result.Given.Add("therapies");
        }

        private static string Describe(Resource r) =>
            $"{r.TypeName}{(string.IsNullOrEmpty(r.Id) ? "" : "/" + r.Id)}" + (r is Observation o && Words(o.Code) is { } w ? $" ({w})" : r is Condition co && Words(co.Code) is { } cw ? $" ({cw})" : "");

        private Resource? Resolve(ResourceReference? reference) =>
            reference?.Reference is { } r && byUrl.TryGetValue(r, out var res) ? res : null;

        private static bool HasProfile(Resource r, string fragment) =>
            r.Meta?.Profile.Any(p => p is not null && p.Contains(fragment, StringComparison.OrdinalIgnoreCase)) == true;

        private static bool IsPrimary(Condition cond) =>
            HasProfile(cond, "primary-cancer-condition") || (!HasProfile(cond, "secondary") && HasCode(cond.Code, Nsclc) || HasCode(cond.Code, LungAdenocarcinoma));

        private static bool IsSecondary(Condition cond) =>
            HasProfile(cond, "secondary-cancer-condition") || HasCode(cond.Code, SecondaryMalignancy)
            || (Words(cond.Code) ?? "").Contains("metasta", StringComparison.OrdinalIgnoreCase)
            || (Words(cond.Code) ?? "").Contains("secondary malignant", StringComparison.OrdinalIgnoreCase);

        // ------------------------------------------------------------------ patient and diagnosis

        private void ReadPatient(Patient p)
        {
            if (p.Name.FirstOrDefault() is { } name)
            {
                var text = !string.IsNullOrWhiteSpace(name.Text) ? name.Text : string.Join(" ", name.Given.Append(name.Family).Where(s => !string.IsNullOrWhiteSpace(s)));
                if (!string.IsNullOrWhiteSpace(text))
                {
                    c.DisplayName = text.Trim();
                    result.HasDisplayName = true;
                }
            }
            if (p.BirthDate is { Length: >= 4 } bd && int.TryParse(bd[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) c.BirthYear = year;
            c.Sex = p.Gender switch
            {
                AdministrativeGender.Female => "female",
                AdministrativeGender.Male => "male",
                AdministrativeGender.Other => "other",
                _ => null,
            };
            if (p.Address.FirstOrDefault() is { } a)
            {
                c.Country = CountryCode(a.Country);
                if (a.Country is not null && c.Country is null) Warn("Patient.address.country", $"not mapped: '{a.Country}' is not a two-letter country code");
                c.PostalCode = Blank(a.PostalCode);
                c.City = Blank(a.City);
            }
            if (p.ManagingOrganization?.Display is { } hospital && !string.IsNullOrWhiteSpace(hospital))
            {
                c.PreferredHospital = hospital;
                result.HasPreferredHospital = true;
            }
            if (p.GetExtensionValue<FhirString>(Extensions.RecordNotes)?.Value is { } notes) c.Notes = notes;
        }

        private static string? CountryCode(string? country)
        {
            if (string.IsNullOrWhiteSpace(country)) return null;
            var t = country.Trim();
            if (t.Length == 2 && t.All(char.IsAsciiLetter)) return t.ToUpperInvariant();
            return t.ToUpperInvariant() switch
            {
                "USA" or "UNITED STATES" or "UNITED STATES OF AMERICA" or "US" => "US",
                "GBR" or "UNITED KINGDOM" or "UK" => "GB",
                "DEU" or "GERMANY" => "DE",
                "FRA" or "FRANCE" => "FR",
                "CAN" or "CANADA" => "CA",
                _ => null,
            };
        }

        private void ReadPrimary(string path, Condition cond)
        {
            if (c.DiagnosisDate is not null || c.Histology is not null)
            {
                Warn(path, $"not mapped: a second primary cancer condition ({Words(cond.Code)}); the record holds one diagnosis");
                return;
            }
            c.DiagnosisDate = DateOf(cond.Onset) ?? DateOf(cond.RecordedDateElement);
            var histology = cond.GetExtensionValue<CodeableConcept>(Profiles.HistologyExtension);
            c.Histology = Words(histology) ?? (HasCode(cond.Code, LungAdenocarcinoma) ? "adenocarcinoma" : null);
            if (!own && c.Histology is { } h)
                c.Histology = Vocabulary.Histologies.FirstOrDefault(v => v != "other" && h.Contains(v, StringComparison.OrdinalIgnoreCase))
                    ?? (h.Contains("adenocarcinoma", StringComparison.OrdinalIgnoreCase) ? "adenocarcinoma" : h);
            foreach (var st in cond.Stage)
                foreach (var a in st.Assessment)
                    if (Resolve(a) is Observation so && c.Stage is null) c.Stage = StageOf(so);
        }

        private void ReadSite(string path, Condition cond)
        {
            var body = cond.BodySite.FirstOrDefault();
            var site = Words(body);
            var known = Sites.FirstOrDefault(s => body?.Coding.Any(x => x.System == Snomed && x.Code == s.Code) == true);
            // Our own export's text is the record's word; elsewhere the SNOMED code, else words that name a site.
            if (!own || string.IsNullOrWhiteSpace(body?.Text)) site = known.Site ?? SiteWord(site) ?? SiteWord(Words(cond.Code));
            else site = body.Text;
            if (site is null)
            {
                site = "other";
                Warn(path, $"repaired: the metastatic site of {Describe(cond)} is not one the record knows; recorded as 'other'");
            }
            var status = cond.GetExtensionValue<Code>(Extensions.SiteStatus)?.Value;
            if (status is null && !own && string.Equals(site, "brain", StringComparison.OrdinalIgnoreCase))
                status = HasCode(cond.VerificationStatus, "refuted") ? "none" : HasCode(cond.ClinicalStatus, "remission") ? "treated-stable" : "active";
            var date = DateOf(cond.RecordedDateElement) ?? DateOf(cond.Onset);
            if (date is null)
            {
                date = c.DiagnosisDate ?? today;
                Warn(path, $"repaired: {Describe(cond)} has no date; recorded on {date:yyyy-MM-dd}");
            }
            c.Sites.Add(new SiteObservation { Date = date.Value, Site = site, Status = status, Note = Notes(cond.Note) });
        }

        private static string? SiteWord(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var t = text.ToLowerInvariant();
            if (t.Contains("leptomening")) return "leptomeninges";
            foreach (var (word, site) in new[] { ("brain", "brain"), ("cerebr", "brain"), ("bone", "bone"), ("liver", "liver"), ("hepat", "liver"),
                         ("pleura", "pleura"), ("adrenal", "adrenal"), ("lymph", "lymph nodes"), ("lung", "lung") })
                if (t.Contains(word)) return site;
            return null;
        }

        // ------------------------------------------------------------------ observations

        private void ReadObservation(string path, Observation o)
        {
            if (o.Status is ObservationStatus.EnteredInError or ObservationStatus.Cancelled)
            {
                Warn(path, $"skipped: {Describe(o)} is {o.Status}");
                return;
            }
            if (HasCode(o.Code, EcogCode) || HasProfile(o, "ecog"))
            {
                ReadEcog(path, o);
                return;
            }
            if (IsStageGroup(o))
            {
                if (c.Stage is null) c.Stage = StageOf(o);
                foreach (var m in o.HasMember)
                    if (Resolve(m) is Observation member) stageMembers.Add((path, member));
                return;
            }
            if (TnmKind(o) is not null)
            {
                stageMembers.Add((path, o));
                return;
            }
            if (HasCode(o.Code, DiseaseProgression) || HasCode(o.Code, DiseaseStatusStu1) || HasProfile(o, "disease-status"))
            {
                ReadDiseaseStatus(path, o);
                return;
            }
            if (diagnosisEvidence.Contains(o) && HasCode(o.Code, PdL1Code))
            {
                c.PdL1 = ValueText(o);
                return;
            }
            if (HasCode(o.Code, GeneticVariantAssessment) || HasProfile(o, "genomic-variant") || HasProfile(o, "genetic-variant")
                || HasProfile(o, "tumor-marker") || HasCode(o.Code, PdL1Code))
            {
                ReadBiomarker(path, o);
                return;
            }
            Warn(path, $"not mapped: {Describe(o)} has no place in the record, so it was left out");
        }

        private static bool IsStageGroup(Observation o) =>
            HasCode(o.Code, StageGroupClinical) || HasCode(o.Code, StageGroupPathological) || HasProfile(o, "stage-group");

        private static string? TnmKind(Observation o) =>
            HasCode(o.Code, PrimaryTumorClinical) || HasCode(o.Code, "21899-0") || HasCode(o.Code, "399504009") || HasProfile(o, "primary-tumor-category") ? "T"
            : HasCode(o.Code, RegionalNodesClinical) || HasCode(o.Code, "21900-6") || HasCode(o.Code, "399534004") || HasProfile(o, "regional-nodes-category") ? "N"
            : HasCode(o.Code, DistantMetastasesClinical) || HasCode(o.Code, "21901-4") || HasCode(o.Code, "399387003") || HasProfile(o, "distant-metastases-category") ? "M"
            : null;

        private readonly HashSet<Observation> tnmRead = [];

        private void ReadTnm(string path, Observation o)
        {
            if (!tnmRead.Add(o)) return;
            var value = o.Value is CodeableConcept cc ? TnmValue(cc) : ValueText(o);
            switch (TnmKind(o))
            {
                case "T": c.StageT ??= value; break;
                case "N": c.StageN ??= value; break;
                case "M": c.StageM ??= value; break;
                default: Warn(path, $"not mapped: {Describe(o)} is a stage member the record cannot hold"); break;
            }
        }

        [GeneratedRegex(@"\b[cpy]?(?<v>[TNM](?:is|[0-4X])[a-d]?\d?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex TnmPattern();

        /// <summary>"American Joint Committee on Cancer cT3 (qualifier value)" → "T3"; our own export's text as it is.</summary>
        private static string? TnmValue(CodeableConcept cc)
        {
            if (cc.Coding.Count == 0) return Words(cc);
            foreach (var s in cc.Coding.Select(x => x.Display).Append(cc.Text).Concat(cc.Coding.Select(x => x.Code)))
                if (s is not null && TnmPattern().Match(s) is { Success: true } m)
                    return char.ToUpperInvariant(m.Groups["v"].Value[0]) + m.Groups["v"].Value[1..];
            return Words(cc);
        }

        [GeneratedRegex(@"^(?:stage\s*)?[cpy]?(?<n>IV|III|II|I|[1-4])(?<l>[A-C])?(?<d>[1-3])?(?:\s*\(.*\))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex StagePattern();

        /// <summary>The AJCC group the record knows (IA1..IVB, I..IV) from a stage value: "Stage 3A (qualifier value)", "c3A", "4", "IVB".</summary>
        private string? StageOf(Observation o)
        {
            if (o.Value is not CodeableConcept cc) return null;
            foreach (var s in cc.Coding.Where(x => x.System == Ajcc).Select(x => x.Code).Append(cc.Text).Concat(cc.Coding.Select(x => x.Display)).Concat(cc.Coding.Select(x => x.Code)))
            {
                if (string.IsNullOrWhiteSpace(s)) continue;
                if (Vocabulary.Stages.Contains(s.Trim())) return s.Trim();
                if (StagePattern().Match(s.Trim()) is { Success: true } m)
                {
                    var n = m.Groups["n"].Value.ToUpperInvariant() switch { "1" => "I", "2" => "II", "3" => "III", "4" => "IV", var r => r };
                    var stage = n + m.Groups["l"].Value.ToUpperInvariant() + m.Groups["d"].Value;
                    if (Vocabulary.Stages.Contains(stage)) return stage;
                }
            }
            Warn("Observation/" + o.Id, $"not mapped: the stage '{Words(cc)}' is not an AJCC group the record knows");
            return null;
        }

        private void ReadEcog(string path, Observation o)
        {
            int? score = o.Value switch
            {
                Integer i => i.Value,
                CodeableConcept cc => EcogAnswers.FirstOrDefault(a => HasCode(cc, a.Code)) is { Code: not null } a ? a.Score
                    : cc.Coding.Select(x => int.TryParse(x.Code, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).FirstOrDefault(n => n is not null),
                Quantity q when q.Value is { } v => (int)v,
                _ => null,
            };
            var date = DateOf(o.Effective);
            if (score is not (>= 0 and <= 5) || date is null)
            {
                Warn(path, $"skipped: {Describe(o)} has no ECOG score 0-5 with a date");
                return;
            }
            c.EcogEntries.Add(new EcogEntry { Date = date.Value, Score = score.Value, Note = Notes(o.Note) });
        }

        private void ReadDiseaseStatus(string path, Observation o)
        {
            var worse = o.Value is CodeableConcept cc && (HasCode(cc, Worsened) || (Words(cc) ?? "").Contains("worse", StringComparison.OrdinalIgnoreCase)
                || (Words(cc) ?? "").Contains("progress", StringComparison.OrdinalIgnoreCase));
            if (!worse)
            {
                Warn(path, $"not mapped: {Describe(o)} says '{Words(o.Value as CodeableConcept)}'; the record keeps progressions only");
                return;
            }
            var date = DateOf(o.Effective);
            if (date is null)
            {
                Warn(path, $"skipped: {Describe(o)} is a progression without a date");
                return;
            }
            c.Progressions.Add(new ProgressionEvent
            {
                Date = date.Value,
                Where = Words(o.BodySite) ?? "",
                FoundBy = Words(o.Method) ?? "",
                Note = Notes(o.Note),
            });
        }

        private static string? ValueText(Observation o) => o.Value switch
        {
            FhirString s => s.Value,
            CodeableConcept cc => Words(cc),
            Quantity q => q.Value is { } v ? $"{(q.Comparator is { } cmp ? cmp.GetLiteral() : "")}{v.ToString(CultureInfo.InvariantCulture)}{(q.Unit ?? q.Code) switch { null => "", "%" => "%", var u => " " + u }}" : null,
            Integer i => i.Value?.ToString(CultureInfo.InvariantCulture),
            DataType d => d.ToString(),
            _ => null,
        };

        private static CodeableConcept? ComponentValue(Observation o, string loinc) =>
            o.Component.FirstOrDefault(x => HasCode(x.Code, loinc))?.Value as CodeableConcept;

        private static Observation.ComponentComponent? ComponentByText(Observation o, string text) =>
            o.Component.FirstOrDefault(x => x.Code?.Text == text && x.Code.Coding.Count == 0);

        private void ReadBiomarker(string path, Observation o)
        {
            var gene = Words(ComponentValue(o, GeneStudied));
            if (gene is not null && gene.StartsWith("HGNC:", StringComparison.OrdinalIgnoreCase))
                gene = Genes.FirstOrDefault(g => g.Id.Equals(gene, StringComparison.OrdinalIgnoreCase)).Gene ?? gene;
            var alterationComponent = o.Component.FirstOrDefault(x => x.Code?.Text == FhirExport.AlterationText
                || HasCode(x.Code, AminoAcidChange) || HasCode(x.Code, DnaChange) || HasCode(x.Code, "81290-9") || HasCode(x.Code, "81252-9"));
            var alteration = alterationComponent?.Value switch
            {
                FhirString s => s.Value,
                CodeableConcept cc => Words(cc),
                _ => null,
            };

            // The diagnosis' ALK test (our own export links it as the primary condition's evidence; a foreign ALK fusion result counts too).
            var isAlk = string.Equals(gene, "ALK", StringComparison.OrdinalIgnoreCase);
            if (isAlk && (diagnosisEvidence.Contains(o) || (alteration is null && c.AlkStatus is null)))
            {
                c.AlkStatus = o.Value is CodeableConcept v
                    ? (HasCode(v, Present) || (Words(v) ?? "").Contains("positive", StringComparison.OrdinalIgnoreCase) ? "positive"
                       : HasCode(v, Absent) || (Words(v) ?? "").Contains("negative", StringComparison.OrdinalIgnoreCase) ? "negative" : "unknown")
                    : Has(o.DataAbsentReason, DataAbsentReasonSystem, "asked-unknown") ? "unknown" : null;
                if (diagnosisEvidence.Contains(o) && o.Value is CodeableConcept own && own.Text is "positive" or "negative" or "unknown") c.AlkStatus = own.Text;
                c.AlkMethod = Words(o.Method);
                c.FusionPartner = Words(ComponentByText(o, FhirExport.FusionPartnerText)?.Value as CodeableConcept);
                c.FusionVariant = (ComponentByText(o, FhirExport.FusionVariantText)?.Value as FhirString)?.Value;
                return;
            }

            if (gene is null)
            {
                // A tumour marker named by its code: "HER2 [Interpretation] in Tissue" → HER2.
                var name = Words(o.Code);
                gene = name is null ? null : name.Split([' ', '['], 2)[0].Trim();
            }
            alteration ??= ValueText(o);
            if (string.IsNullOrWhiteSpace(gene) || string.IsNullOrWhiteSpace(alteration))
            {
                Warn(path, $"skipped: {Describe(o)} names no gene and result");
                return;
            }
            c.Biomarkers.Add(new BiomarkerResult
            {
                Date = DateOf(o.Effective),
                Gene = gene,
                Alteration = alteration,
                Source = Blank(o.Specimen?.Display),
                Note = Notes(o.Note),
            });
        }

        // ------------------------------------------------------------------ medicines and procedures

        private void ReadMedication(string path, MedicationStatement ms)
        {
            var concept = ms.Medication as CodeableConcept
                ?? (Resolve(ms.Medication as ResourceReference) as Medication)?.Code;
            var name = Words(concept);
            if (name is null)
            {
                Warn(path, $"skipped: {Describe(ms)} names no medicine");
                return;
            }
            var generic = AlkTkis.FirstOrDefault(t => Has(concept, RxNorm, t.Code)).Generic;
            var (start, end) = ms.Effective switch
            {
                Period p => (DateOf(p.StartElement), DateOf(p.EndElement)),
                FhirDateTime d => (DateOf(d), null),
                _ => (null, (DateOnly?)null),
            };
            var cancerRelated = HasProfile(ms, "cancer-related") || generic is not null || AlkDrugs.Generic(name) is not null || start is not null;
            if (!cancerRelated)
            {
                c.Medicines.Add(new OtherMedicine { Name = name, Dose = Blank(ms.Dosage.FirstOrDefault()?.Text), Note = Notes(ms.Note) });
                return;
            }
            if (start is null)
            {
                start = DateOf(ms.DateAssertedElement);
                if (start is null)
                {
                    Warn(path, $"skipped: {Describe(ms)} ({name}) has no start date; a treatment line needs one");
                    return;
                }
                Warn(path, $"repaired: {name} has no effective date; its start is the date it was asserted");
            }
            if (end is not null && end < start)
            {
                Warn(path, $"repaired: {name} ends before it starts; the end was dropped");
                end = null;
            }
            if (end is null && ms.Status is MedicationStatement.MedicationStatusCodes.Completed or MedicationStatement.MedicationStatusCodes.Stopped
                && ms.Effective is FhirDateTime)
                end = start; // a single dated administration that is over (the matching fixtures' chemotherapy doses)
            var reasonConcept = ms.StatusReason.FirstOrDefault();
            var stop = reasonConcept is null ? null
                : StopReasons.FirstOrDefault(r => HasCode(reasonConcept, r.Code)).Reason
                  ?? (reasonConcept.Text is "other" or "progression" or "side-effects" or "completed" ? reasonConcept.Text : "other");
            var dosage = ms.Dosage.FirstOrDefault();
            c.Treatments.Add(new TreatmentLine
            {
                Agent = name,
                Dose = Blank(dosage?.Text),
                Schedule = Words(dosage?.Timing?.Code),
                Start = start.Value,
                End = end,
                StopReason = stop,
                Note = Notes(ms.Note),
            });
        }

        private void ReadProcedure(string path, Procedure p)
        {
            var name = Words(p.Code);
            if (name is null)
            {
                Warn(path, $"skipped: {Describe(p)} names no procedure");
                return;
            }
            var kind = Words(p.Category) is "surgery" or "radiation" ? Words(p.Category)!
                : HasProfile(p, "radiation") || HasProfile(p, "radiotherapy") || HasCode(p.Category, Radiotherapy)
                  || name.Contains("radiat", StringComparison.OrdinalIgnoreCase) || name.Contains("radiother", StringComparison.OrdinalIgnoreCase)
                    ? "radiation" : "surgery";
            var date = p.Performed switch
            {
                FhirDateTime d => DateOf(d),
                Period per => DateOf(per.StartElement),
                _ => null,
            };
            c.Procedures.Add(new ProcedureEntry { Kind = kind, Name = name, Date = date, Note = Notes(p.Note) });
        }

        // ------------------------------------------------------------------ checks

        /// <summary>The record's column limits: longer values are cut (and said so), never refused by the database.</summary>
        private void Clip()
        {
            string? Cut(string? v, int max, string what)
            {
                if (v is null || v.Length <= max) return v;
                Warn(what, $"repaired: cut to {max} characters");
                return v[..max];
            }
            c.DisplayName = Cut(c.DisplayName, 200, "Patient.name")!;
            c.PostalCode = Cut(c.PostalCode, 40, "Patient.address.postalCode");
            c.City = Cut(c.City, 100, "Patient.address.city");
            c.PreferredHospital = Cut(c.PreferredHospital, 300, "Patient.managingOrganization");
            c.Allergies = Cut(c.Allergies, 2000, "AllergyIntolerance");
            c.Notes = Cut(c.Notes, 4000, "Patient.extension");
            c.Histology = Cut(c.Histology, 100, "Condition (primary).histology");
            c.StageT = Cut(c.StageT, 40, "Observation (T)");
            c.StageN = Cut(c.StageN, 40, "Observation (N)");
            c.StageM = Cut(c.StageM, 40, "Observation (M)");
            c.AlkMethod = Cut(c.AlkMethod, 40, "Observation (ALK).method");
            c.FusionPartner = Cut(c.FusionPartner, 40, "Observation (ALK).component");
            c.FusionVariant = Cut(c.FusionVariant, 40, "Observation (ALK).component");
            c.PdL1 = Cut(c.PdL1, 40, "Observation (PD-L1)");
            foreach (var s in c.Sites) { s.Site = Cut(s.Site, 100, "Condition.bodySite")!; s.Status = Cut(s.Status, 40, "Condition.extension"); s.Note = Cut(s.Note, 2000, "Condition.note"); }
            foreach (var t in c.Treatments) { t.Agent = Cut(t.Agent, 200, "MedicationStatement.medication")!; t.Dose = Cut(t.Dose, 200, "MedicationStatement.dosage"); t.Schedule = Cut(t.Schedule, 200, "MedicationStatement.dosage.timing"); t.Note = Cut(t.Note, 2000, "MedicationStatement.note"); }
            foreach (var p in c.Procedures) { p.Name = Cut(p.Name, 200, "Procedure.code")!; p.Kind = Cut(p.Kind, 40, "Procedure.category")!; p.Note = Cut(p.Note, 2000, "Procedure.note"); }
            foreach (var p in c.Progressions) { p.Where = Cut(p.Where, 200, "Observation.bodySite")!; p.FoundBy = Cut(p.FoundBy, 40, "Observation.method")!; p.Note = Cut(p.Note, 2000, "Observation.note"); }
            foreach (var b in c.Biomarkers) { b.Gene = Cut(b.Gene, 40, "Observation.component (gene)")!; b.Alteration = Cut(b.Alteration, 200, "Observation.value")!; b.Source = Cut(b.Source, 40, "Observation.specimen"); b.Note = Cut(b.Note, 2000, "Observation.note"); }
            foreach (var m in c.Medicines) { m.Name = Cut(m.Name, 200, "MedicationStatement.medication")!; m.Dose = Cut(m.Dose, 200, "MedicationStatement.dosage"); m.Note = Cut(m.Note, 2000, "MedicationStatement.note"); }
        }

        private static string? Notes(List<Annotation> notes) =>
            notes.Count == 0 ? null : string.Join("\n\n", notes.Select(n => n.Text).Where(t => !string.IsNullOrWhiteSpace(t)));

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

        private static DateOnly? DateOf(DataType? value) => value switch
        {
            FhirDateTime d when !string.IsNullOrEmpty(d.Value) => DateOnly.TryParseExact(d.Value.Length >= 10 ? d.Value[..10] : d.Value, "yyyy-MM-dd",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var x) ? x : null,
            Date d when !string.IsNullOrEmpty(d.Value) => DateOnly.TryParseExact(d.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var x) ? x : null,
            Period p => DateOf(p.StartElement),
            _ => null,
        };
    }
}
