using System.Reflection;
using System.Text.Json.Nodes;
using AlkNavigator.Features.Fhir;
using AlkNavigator.Features.Record;
using Hl7.Fhir.Model;

namespace AlkNavigator.Tests.Fhir;

/// <summary>
/// Issue 15, mCODE conformance offline: the profile URLs the export writes are mCODE STU4's (the vendored package), and the validator
/// the FHIR tests use really checks them (a Bundle breaking an mCODE rule that base R4 allows fails).
/// </summary>
public sealed class FhirMcodeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> ProfileUrls()
    {
        var data = new TheoryData<string>();
        foreach (var f in typeof(FhirCodes.Profiles).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            data.Add((string)f.GetRawConstantValue()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(ProfileUrls))]
    public void Every_profile_url_the_export_writes_is_in_mcode_stu4(string url)
    {
        var sd = FhirTesting.McodeProfile(url);
        Assert.True(sd is not null, $"{url} is not a StructureDefinition of {FhirTesting.McodePackage}");
        Assert.Equal("4.0.0", sd.Version);
        Assert.NotNull(sd.Snapshot);
    }

    [Fact]
    public void Every_profile_the_demo_bundle_declares_is_in_the_package()
    {
        var bundle = FhirExport.Build(DemoData.Build("owner", DateOnly.FromDateTime(Now.UtcDateTime)), Now);
        var declared = bundle.Entry.SelectMany(e => e.Resource!.Meta?.Profile ?? []).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Assert.True(declared.Count >= 8, string.Join(", ", declared));
        Assert.All(declared, url => Assert.NotNull(FhirTesting.McodeProfile(url)));
    }

    [Fact]
    public void A_bundle_that_breaks_an_mcode_rule_base_r4_allows_fails_validation()
    {
        var demo = DemoData.Build("owner", DateOnly.FromDateTime(Now.UtcDateTime));
        var good = FhirExport.BundleJson(demo, Now);
        Assert.Empty(FhirTesting.StrictParseAndValidate(good));

        // mCODE Cancer Patient (from US Core Patient) needs identifier 1..*, which base R4 does not.
        var o = JsonNode.Parse(good)!.AsObject();
        var patient = o["entry"]![0]!["resource"]!.AsObject();
        patient.Remove("identifier");
        var errors = FhirTesting.StrictParseAndValidate(o.ToJsonString());
        Assert.Contains(errors, e => e.Contains("identifier", StringComparison.Ordinal));
    }
}
