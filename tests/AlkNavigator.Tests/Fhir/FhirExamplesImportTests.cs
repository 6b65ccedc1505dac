using System.Text;
using AlkNavigator.Features.Fhir;
using AlkNavigator.Features.Record;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AlkNavigator.Tests.Fhir;

/// <summary>Issue 15: the shared mCODE examples (Fixtures/fhir, see SOURCES.md) import with their medicines, metastases, stage and ECOG.</summary>
public sealed class FhirExamplesImportTests
{
    private static readonly DateOnly Today = new(2026, 11, 1);

    private static string FixturePath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", "fhir", .. parts]);

    private static ProfileImport Import(string json)
    {
        var import = ProfileJson.Parse(Encoding.UTF8.GetBytes(json), Today);
        Assert.True(import.IsValid, string.Join("\n", import.Problems));
        return import;
    }

    [Theory]
    [InlineData("patient_data.json")]
    [InlineData("eom_patient_1.json")]
    public void The_matching_service_bundles_fail_a_strict_parse(string file)
    {
        var json = File.ReadAllText(FixturePath("mcode-clinical-trial-matching", file));
        Assert.Throws<DeserializationFailedException>(() => FhirTesting.Strict.DeserializeResource(json));
    }

    [Fact]
    public void The_transaction_bundle_imports_leniently_with_what_was_repaired_or_skipped_listed()
    {
        var import = Import(File.ReadAllText(FixturePath("mcode-clinical-trial-matching", "patient_data.json")));
        var r = import.Content;

        Assert.Equal("female", r.Sex);
        Assert.Equal("IIIA", r.Stage);                                   // "Stage 3A (qualifier value)" / c3A
        Assert.Equal([3], r.EcogEntries.Select(e => e.Score));
        Assert.Equal(3, r.Treatments.Count);                              // three paclitaxel statements (their repeats read once)
        Assert.All(r.Treatments, t => Assert.Contains("Paclitaxel", t.Agent));
        Assert.NotEmpty(r.Sites);                                         // the secondary cancer condition
        Assert.Contains(r.Procedures, p => p.Kind == "radiation");
        Assert.Contains(r.Procedures, p => p.Kind == "surgery");

        // The duplicate value[x] and the repeated entries are listed, each with where it is.
        Assert.Contains(import.Warnings, w => w.Message.StartsWith("repaired", StringComparison.Ordinal) || w.Message.StartsWith("skipped", StringComparison.Ordinal));
        Assert.Contains(import.Warnings, w => w.Message.Contains("a second entry with full URL", StringComparison.Ordinal));
        Assert.Contains(import.Warnings, w => w.Path.StartsWith("Bundle.entry[", StringComparison.Ordinal) && w.Message.StartsWith("not mapped", StringComparison.Ordinal)
            && w.Message.Contains("Karnofsky", StringComparison.OrdinalIgnoreCase) is var _);
    }

    [Fact]
    public void The_eom_bundle_imports_its_medicines_lung_metastasis_stage_tnm_and_ecog()
    {
        var import = Import(File.ReadAllText(FixturePath("mcode-clinical-trial-matching", "eom_patient_1.json")));
        var r = import.Content;

        Assert.Equal(["abemaciclib Oral Product", "alpelisib Oral Product"], r.Treatments.Select(t => t.Agent).Order().ToArray());
        Assert.Contains(r.Sites, s => s.Site == "lung");
        Assert.Equal("IV", r.Stage);
        Assert.Equal(("T3", "N3", "M0"), (r.StageT, r.StageN, r.StageM));
        Assert.Equal([3], r.EcogEntries.Select(e => e.Score));
        // "condition improved" is a disease status the record does not keep: listed, not imported.
        Assert.Empty(r.Progressions);
        Assert.Contains(import.Warnings, w => w.Message.Contains("the record keeps progressions only", StringComparison.Ordinal));
    }

    [Fact]
    public void The_stu1_nsclc_resources_assembled_into_a_bundle_import_as_the_patient_they_describe()
    {
        var parser = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var file in Directory.EnumerateFiles(FixturePath("mcode-ig-stu1"), "*.json").Order(StringComparer.Ordinal))
        {
            if (file.EndsWith("Patient-mCODEPatientExample02.json", StringComparison.Ordinal)) continue; // another person
            var resource = parser.DeserializeResource(File.ReadAllText(file));
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"http://example.org/fhir/{resource.TypeName}/{resource.Id}", Resource = resource });
        }
        var import = Import(FhirExport.Serialize(bundle));
        var r = import.Content;

        Assert.Equal("adenocarcinoma", r.Histology);
        Assert.Equal(new DateOnly(2019, 4, 1), r.DiagnosisDate);
        Assert.Equal("IIIC", r.Stage);
        Assert.Equal(("T3", "N3", "M0"), (r.StageT, r.StageN, r.StageM));
        var brain = Assert.Single(r.Sites);
        Assert.Equal(("brain", "active"), (brain.Site, brain.Status));
        Assert.Equal([0], r.EcogEntries.Select(e => e.Score));
        Assert.NotEmpty(r.Treatments);
        Assert.All(r.Treatments, t => Assert.Contains("gefitinib", t.Agent));
        Assert.Contains(r.Biomarkers, b => b.Gene == "STK11");
        Assert.Contains(r.Biomarkers, b => b.Gene.StartsWith("Epidermal growth factor receptor", StringComparison.Ordinal) || b.Gene == "EGFR" || b.Gene == "Epidermal");
        Assert.Contains(r.Procedures, p => p.Kind == "radiation" && p.Name.Contains("Brachytherapy", StringComparison.Ordinal));
        Assert.Contains(r.Procedures, p => p.Kind == "surgery" && p.Name.Contains("lobectomy", StringComparison.Ordinal));
        // Karnofsky, the practitioner, the organisation, the specimen, the report and the comorbidity have no place: listed.
        Assert.Contains(import.Warnings, w => w.Message.Contains("Practitioner/", StringComparison.Ordinal));
        Assert.Contains(import.Warnings, w => w.Message.Contains("Condition/mCODEComorbidConditionExample01", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bundle_with_two_patients_is_refused_whole()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = new Patient { Gender = AdministrativeGender.Male } });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = new Patient { Gender = AdministrativeGender.Female } });
        var import = ProfileJson.Parse(Encoding.UTF8.GetBytes(FhirExport.Serialize(bundle)), Today);
        Assert.False(import.IsValid);
        Assert.Contains(import.Problems, p => p.Message.Contains("2 Patient resources", StringComparison.Ordinal));
    }
}
