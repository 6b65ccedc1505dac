using AlkNavigator.Features.Record;

namespace AlkNavigator.Tests.Fhir;

/// <summary>Issue 15 on the command line: `record export --format fhir` writes a Bundle that validates and `record import` takes back.</summary>
[DatabaseTests]
public sealed class FhirCliTests
{
    [Fact]
    public async Task The_demo_patient_exported_as_fhir_imports_into_another_account_as_the_same_clinical_record()
    {
        var data = Directory.CreateTempSubdirectory("alknav-fhir-cli-").FullName;
        Assert.Equal(0, (await Repo.RunCliAsync("demo", "--data", data)).ExitCode);
        var bundle = Path.Combine(data, "record.fhir.json");
        var export = await Repo.RunCliAsync("record", "export", "--user", DemoData.PatientEmail, "--format", "fhir", "--out", bundle, "--data", data);
        Assert.True(export.ExitCode == 0, export.Stderr);
        var errors = FhirTesting.StrictParseAndValidate(await File.ReadAllTextAsync(bundle));
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        Assert.Equal(0, (await Repo.RunCliAsync("users", "create", "--email", "copy@example.org", "--data", data)).ExitCode);
        var import = await Repo.RunCliAsync("record", "import", "--user", "copy@example.org", bundle, "--data", data);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.DoesNotContain("warning", import.Stderr);

        var original = Path.Combine(data, "original.json");
        var copy = Path.Combine(data, "copy.json");
        Assert.Equal(0, (await Repo.RunCliAsync("record", "export", "--user", DemoData.PatientEmail, "--out", original, "--data", data)).ExitCode);
        Assert.Equal(0, (await Repo.RunCliAsync("record", "export", "--user", "copy@example.org", "--out", copy, "--data", data)).ExitCode);
        var today = AlkNavigator.Features.Symptoms.PatientTime.UtcToday(TimeProvider.System); // both files are read on the same day; the value itself does not matter
        var a = ProfileJson.Parse(await File.ReadAllBytesAsync(original), today).Content;
        var b = ProfileJson.Parse(await File.ReadAllBytesAsync(copy), today).Content;
        Assert.Equal(FhirTesting.Clinical(a, today), FhirTesting.Clinical(b, today));
    }
}
