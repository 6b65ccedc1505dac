using System.Text;
using AlkNavigator.Features.Fhir;
using AlkNavigator.Features.Record;
using Hl7.Fhir.Model;

namespace AlkNavigator.Tests.Fhir;

/// <summary>
/// Issue 15: a record exported as a FHIR Bundle parses strictly, validates against base R4 with no errors, and imports back to the
/// same clinical record, for the demo patient and every profile fixture in the tests.
/// </summary>
public sealed class FhirRoundTripTests
{
    private static readonly DateOnly Today = new(2026, 11, 1);
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static IEnumerable<object[]> ProfileFixtures()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}fhir{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var import = ProfileJson.Parse(File.ReadAllBytes(file), Today);
            if (import.IsValid) yield return [Path.GetRelativePath(root, file)];
        }
    }

    private static bool Is(Resource r, string profile) => r.Meta?.Profile.Contains(profile) == true;

    private static PatientRecord Record(ProfileImport import)
    {
        var r = import.Content;
        r.Id = Guid.NewGuid();
        r.DisplayName = "Test patient";
        return r;
    }

    private static void AssertRoundTrip(PatientRecord original)
    {
        var json = FhirExport.BundleJson(original, Now);
        var errors = FhirTesting.StrictParseAndValidate(json);
        Assert.True(errors.Count == 0, "Firely validation errors:\n" + string.Join("\n", errors));

        var back = ProfileJson.Parse(Encoding.UTF8.GetBytes(json), Today);
        Assert.True(back.IsValid, string.Join("\n", back.Problems));
        Assert.Empty(back.Warnings);
        back.Content.Id = original.Id;
        Assert.Equal(FhirTesting.Clinical(original, Today), FhirTesting.Clinical(back.Content, Today));
        Assert.Equal(original.DisplayName, back.Content.DisplayName);
        Assert.Equal(original.PreferredHospital, back.Content.PreferredHospital);
    }

    [Theory]
    [MemberData(nameof(ProfileFixtures))]
    public void Every_profile_fixture_round_trips_through_a_valid_bundle(string fixture)
    {
        var import = ProfileJson.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)), Today);
        AssertRoundTrip(Record(import));
    }

    [Fact]
    public void The_demo_patient_round_trips_through_a_valid_bundle()
    {
        var demo = DemoData.Build("owner", Today);
        demo.PreferredHospital = "St Elsewhere";
        AssertRoundTrip(demo);
    }

    [Fact]
    public void The_demo_bundle_carries_the_mcode_resources_with_codes()
    {
        var demo = DemoData.Build("owner", Today);
        var bundle = FhirExport.Build(demo, Now);
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        var resources = bundle.Entry.Select(e => e.Resource).ToList();
        Assert.IsType<Patient>(resources[0]);
        Assert.True(Is(resources[0]!, FhirCodes.Profiles.CancerPatient));

        var primary = resources.OfType<Condition>().Single(c => Is(c, FhirCodes.Profiles.PrimaryCancerCondition));
        Assert.True(FhirCodes.Has(primary.Code, FhirCodes.Snomed, FhirCodes.LungAdenocarcinoma) || FhirCodes.Has(primary.Code, FhirCodes.Snomed, FhirCodes.Nsclc));
        var secondaries = resources.OfType<Condition>().Where(c => Is(c, FhirCodes.Profiles.SecondaryCancerCondition)).ToList();
        Assert.Equal(demo.Sites.Count, secondaries.Count);
        if (demo.Sites.Any(s => s.Site == "brain"))
            Assert.Contains(secondaries, c => FhirCodes.Has(c.BodySite[0], FhirCodes.Snomed, "12738006"));

        var ecog = resources.OfType<Observation>().Where(o => FhirCodes.Has(o.Code, FhirCodes.Loinc, FhirCodes.EcogCode)).ToList();
        Assert.Equal(demo.EcogEntries.Count, ecog.Count);
        Assert.All(ecog, o => Assert.True(Is(o, FhirCodes.Profiles.Ecog)));

        var meds = resources.OfType<MedicationStatement>().Where(m => demo.Treatments.Any(t => t.Id.ToString() == m.Id)).ToList(); // plain R4: mCODE STU4 has no MedicationStatement profile
        Assert.Equal(demo.Treatments.Count, meds.Count);
        foreach (var t in demo.Treatments.Where(t => AlkDrugs.LabelledIn(t.Agent) is "alectinib" or "lorlatinib" or "crizotinib" or "brigatinib" or "ceritinib"))
            Assert.Contains(meds, m => m.Id == t.Id.ToString() && m.Medication is CodeableConcept cc && cc.Coding.Any(c => c.System == FhirCodes.RxNorm));
        Assert.All(meds.Where(m => m.Status != MedicationStatement.MedicationStatusCodes.Active), m => Assert.NotEmpty(m.StatusReason));

        if (demo.Stage is not null)
            Assert.Contains(resources.OfType<Observation>(), o => FhirCodes.Has(o.Code, FhirCodes.Loinc, FhirCodes.StageGroupClinical));
        Assert.Contains(resources.OfType<Observation>(), o => Is(o, FhirCodes.Profiles.GenomicVariant)
            && o.Component.Any(c => c.Value is CodeableConcept v && v.Coding.Any(x => x.Code == "HGNC:427")));
        Assert.Equal(demo.Progressions.Count, resources.OfType<Observation>().Count(o => Is(o, FhirCodes.Profiles.DiseaseStatus)));
        Assert.Equal(demo.Procedures.Count, resources.OfType<Procedure>().Count());
    }

    [Fact]
    public void A_record_with_every_field_set_and_odd_values_round_trips()
    {
        var r = new PatientRecord
        {
            Id = Guid.NewGuid(), DisplayName = "Ana Ö", BirthYear = 1971, Sex = "other", Country = "PT", PostalCode = "1000-001", City = "Lisboa",
            Allergies = "penicillin", PreferredHospital = "Hospital X", Notes = "first line\nsecond line",
            DiagnosisDate = new DateOnly(2021, 3, 4), Histology = "squamous", Stage = "IIIB", StageT = "T3", StageN = "N2", StageM = "M0",
            AlkStatus = "unknown", AlkMethod = "liquid-biopsy", FusionVariant = "v3", PdL1 = "TPS 80%",
        };
        r.Sites.Add(new SiteObservation { Date = new DateOnly(2021, 3, 4), Site = "brain", Status = "none" });
        r.Sites.Add(new SiteObservation { Date = new DateOnly(2022, 3, 4), Site = "brain", Status = "leptomeningeal", Note = "MRI" });
        r.Sites.Add(new SiteObservation { Date = new DateOnly(2022, 3, 4), Site = "other", Note = "skin" });
        r.EcogEntries.Add(new EcogEntry { Date = new DateOnly(2021, 3, 4), Score = 0 });
        r.EcogEntries.Add(new EcogEntry { Date = new DateOnly(2022, 3, 4), Score = 2, Note = "tired" });
        r.Treatments.Add(new TreatmentLine { Agent = "ensartinib", Start = new DateOnly(2021, 4, 1), End = new DateOnly(2022, 3, 1), StopReason = "other", Dose = "225 mg", Schedule = "once daily", Note = "trial" });
        r.Treatments.Add(new TreatmentLine { Agent = "Lorbrena", Start = new DateOnly(2022, 3, 10) });
        r.Procedures.Add(new ProcedureEntry { Kind = "radiation", Name = "SRS", Note = "3 lesions" });
        r.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2022, 3, 1), Where = "brain", FoundBy = "scan", Note = "new lesions" });
        r.Biomarkers.Add(new BiomarkerResult { Gene = "ALK", Alteration = "G1202R", Source = "liquid-biopsy", Date = new DateOnly(2022, 3, 2) });
        r.Biomarkers.Add(new BiomarkerResult { Gene = "MET", Alteration = "amplification" });
        r.Biomarkers.Add(new BiomarkerResult { Gene = "PD-L1", Alteration = "TPS 50%", Note = "re-biopsy" });
        r.Medicines.Add(new OtherMedicine { Name = "metformin", Dose = "500 mg" });
        AssertRoundTrip(r);
    }
}
