using System.Text;
using System.Text.Json;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.CtGov;

namespace AlkNavigator.Tests.Trials;

/// <summary>The v2 parser on the real API examples in Fixtures/ctgov (see SOURCES.md there).</summary>
public class CtGovParserTests
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "ctgov", name);

    private static List<string> Items(string json) => JsonSerializer.Deserialize<List<string>>(json)!;

    [Fact]
    public void A_full_studies_page_gives_its_ten_studies_and_the_next_page_token()
    {
        var page = CtGovParser.ParseFile(Fixture("search_response_kras_g12c_recruiting_page1.json"));

        Assert.Empty(page.Problems);
        Assert.Equal(10, page.Trials.Count);
        Assert.Equal("ZVNj7o2Elu8o3lptRcizoKb-mpOQJJxpYfet2_cW", page.NextPageToken);
        Assert.Equal(["NCT05288205", "NCT03745326", "NCT06385925", "NCT05052671", "NCT05438667", "NCT04956640",
                      "NCT06008288", "NCT06898385", "NCT05786924", "NCT06411691"], page.Trials.Select(t => t.NctId));
        Assert.Equal("OU-SCC-ctDNA", page.Trials.Single(t => t.NctId == "NCT05052671").Acronym);
        Assert.Equal("EARLY_PHASE1", page.Trials.Single(t => t.NctId == "NCT05438667").Phases);
        Assert.Null(page.Trials.Single(t => t.NctId == "NCT05052671").Phases);
        Assert.Equal(99, page.Trials.Single(t => t.NctId == "NCT05052671").MaxAgeYears);
        Assert.All(page.Trials, t => Assert.Equal("RECRUITING", t.Status));
    }

    [Fact]
    public void Every_field_of_a_page_study_is_filled_from_the_record()
    {
        var t = CtGovParser.ParseFile(Fixture("search_response_kras_g12c_recruiting_page1.json")).Trials.Single(t => t.NctId == "NCT03745326");

        Assert.Equal("Administering Peripheral Blood Lymphocytes Transduced With a Murine T-Cell Receptor Recognizing the G12D Variant of Mutated RAS in HLA-A*11:01 Patients", t.Title);
        Assert.Equal("A Phase I/II Study Administering Peripheral Blood Lymphocytes Transduced With a Murine T-Cell Receptor Recognizing the G12D Variant of Mutated RAS in HLA-A*11:01 Patients", t.OfficialTitle);
        Assert.Null(t.Acronym);
        Assert.Equal("PHASE1|PHASE2", t.Phases);
        Assert.Equal("INTERVENTIONAL", t.StudyType);
        Assert.Equal("Gastrointestinal Cancer|Pancreatic Cancer|Gastric Cancer|Colon Cancer|Rectal Cancer", t.Conditions);
        Assert.Equal("Immunotherapy|Cell Therapy|KRAS|HRAS|NRAS", t.Keywords);
        Assert.Equal("DRUG: Cyclophosphamide|DRUG: Fludarabine|DRUG: Aldesleukin|BIOLOGICAL: anti-KRAS G12D mTCR PBL", t.Interventions);
        Assert.Equal("United States", t.Countries);
        Assert.Equal("National Cancer Institute (NCI)", t.Sponsor);
        Assert.Equal(new DateOnly(2019, 5, 16), t.StartDate);
        Assert.Equal(new DateOnly(2025, 9, 24), t.LastUpdate);
        Assert.Equal(18, t.MinAgeYears);
        Assert.Equal(72, t.MaxAgeYears);
        Assert.Equal("ALL", t.Sex);
        Assert.StartsWith("-INCLUSION CRITERIA:\n\n1. Measurable (per RECIST v1.1 criteria)", t.EligibilityText);

        using var locations = JsonDocument.Parse(t.LocationsJson);
        var site = locations.RootElement.EnumerateArray().Single();
        Assert.Equal("National Institutes of Health Clinical Center", site.GetProperty("facility").GetString());
        Assert.Equal("Bethesda", site.GetProperty("city").GetString());
        Assert.Equal("Maryland", site.GetProperty("state").GetString());
        Assert.Equal("United States", site.GetProperty("country").GetString());
        Assert.Equal("RECRUITING", site.GetProperty("status").GetString());
        var siteContact = site.GetProperty("contacts").EnumerateArray().Single();
        Assert.Equal("866-820-4505", siteContact.GetProperty("phone").GetString());
        Assert.Equal("irc@nih.gov", siteContact.GetProperty("email").GetString());

        using var central = JsonDocument.Parse(t.ContactsJson);
        var contacts = central.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, contacts.Count);
        Assert.Equal("NCI SB Immunotherapy Recruitment Center", contacts[0].GetProperty("name").GetString());
        Assert.Equal("CONTACT", contacts[0].GetProperty("role").GetString());
        Assert.Equal("(866) 820-4505", contacts[0].GetProperty("phone").GetString());
        Assert.Equal("jamesyang@mail.nih.gov", contacts[1].GetProperty("email").GetString());
    }

    [Fact]
    public void The_raw_json_is_the_studys_own_text_exactly()
    {
        var path = Fixture("search_response_kras_g12c_recruiting_page1.json");
        var page = CtGovParser.ParseFile(path);
        var fileText = File.ReadAllText(path);
        foreach (var t in page.Trials)
        {
            Assert.Contains(t.RawJson, fileText);
            Assert.StartsWith("{", t.RawJson);
            using var doc = JsonDocument.Parse(t.RawJson);
            Assert.Equal(t.NctId, doc.RootElement.GetProperty("protocolSection").GetProperty("identificationModule").GetProperty("nctId").GetString());
        }

        var single = Fixture("NCT06008288.json");
        Assert.Equal(File.ReadAllText(single).Trim(), CtGovParser.ParseFile(single).Trials.Single().RawJson);
    }

    [Fact]
    public void A_single_study_without_results_is_read()
    {
        var r = CtGovParser.ParseFile(Fixture("NCT06008288.json"));
        Assert.Empty(r.Problems);
        Assert.Null(r.NextPageToken);
        var t = Assert.Single(r.Trials);
        Assert.Equal("NCT06008288", t.NctId);
        Assert.Equal("A Phase II Study Evaluating JAB-21822 Monotherapy in Adult Patients With Pancreatic Cancer and Other Solid Tumors Harboring the KRAS p.G12C Mutation.", t.Title);
        Assert.Equal("RECRUITING", t.Status);
        Assert.Equal("PHASE2", t.Phases);
        Assert.Equal("KRAS P.G12C|Pancreatic Cancer|Solid Tumor", t.Conditions);
        Assert.Null(t.Keywords);
        Assert.Equal("DRUG: JAB-21822", t.Interventions);
        Assert.Equal("China", t.Countries);
        Assert.Equal("Allist Pharmaceuticals, Inc.", t.Sponsor);
        Assert.Equal(new DateOnly(2023, 10, 27), t.StartDate);
        Assert.Equal(new DateOnly(2025, 8, 7), t.LastUpdate);
        Assert.Equal(18, t.MinAgeYears);
        Assert.Null(t.MaxAgeYears);
        Assert.Equal(31, JsonDocument.Parse(t.LocationsJson).RootElement.GetArrayLength());
        Assert.Contains("\"phone\":\"86-21-80423288\"", t.ContactsJson);

        Assert.Equal(
        [
            "Patients with the KRAS p.G12C mutation confirmed through testing using prospectively validated companion diagnostic reagents or clinical trial assay (CTA) methods.",
            "Histologically or cytologically confirmed locally advanced unresectable or metastatic solid tumors (excluding NSCLC and CRC).",
            "Patients with pancreatic cancer must have progressed or been intolerant to prior gemcitabine-based chemotherapy regimens or FOLFIRINOX/mFOLFIRINOX/NALIRIFOX treatment. Patients with other types of solid tumors must have progressed or been intolerant to prior systemic therapies and lack satisfactory alternative treatment options.",
        ], Items(t.InclusionJson));
        Assert.Equal(
        [
            "Previously received a KRAS G12C inhibitor.",
            "History of interstitial lung disease, non-infectious pneumonia, or uncontrolled lung disease (including pulmonary fibrosis, acute lung disease, etc.) with clinical symptoms.",
            "Uncontrolled pleural effusion, pericardial effusion, or ascites.",
            "Mean QT interval corrected for heart rate using Fridericia's formula (QTcF) ≥470 ms calculated from 3 electrocardiograms.",
            "Use of a drug with known risk of torsades de points (TdP) within 14 days prior to the first dose.",
        ], Items(t.ExclusionJson));
    }

    [Fact]
    public void A_single_study_with_results_is_read_with_partial_dates_and_its_acronym()
    {
        var t = Assert.Single(CtGovParser.ParseFile(Fixture("NCT02513394.json")).Trials);
        Assert.Equal("NCT02513394", t.NctId);
        Assert.Equal("PALbociclib CoLlaborative Adjuvant Study", t.Title);
        Assert.Equal("PALLAS", t.Acronym);
        Assert.Equal("ACTIVE_NOT_RECRUITING", t.Status);
        Assert.Equal("PHASE3", t.Phases);
        Assert.Equal("HR+/HER2- breast cancer|Palbociclib", t.Keywords);
        Assert.Equal("DRUG: Palbociclib|DRUG: Standard Adjuvant Endocrine Therapy", t.Interventions);
        Assert.Equal("Alliance Foundation Trials, LLC.", t.Sponsor);
        Assert.Equal(new DateOnly(2015, 8, 1), t.StartDate);          // "2015-08"
        Assert.Equal(new DateOnly(2023, 6, 15), t.LastUpdate);
        Assert.Equal("United States|Australia|Austria|Belgium|Canada|Germany|Hungary|Ireland|Israel|Italy|Japan|Korea, Republic of|Mexico|Netherlands|Poland|Portugal|Spain|Sweden|Switzerland|Taiwan|United Kingdom", t.Countries);
        Assert.Equal(437, JsonDocument.Parse(t.LocationsJson).RootElement.GetArrayLength());
        Assert.Equal("[]", t.ContactsJson);
        Assert.Contains("\"resultsSection\"", t.RawJson);

        var inclusion = Items(t.InclusionJson);
        Assert.Equal("Signed informed consent prior to study specific procedures.", inclusion[0]);
        Assert.Contains("FFPE tumor tissue block must be confirmed to be received at the central sample repository prior to randomization.", inclusion);
        Assert.Contains("Patients must either be initiating or have already started adjuvant hormonal treatment. -", inclusion);
        Assert.Equal("Serum creatinine below the upper limit of the institutional normal range (ULN) or creatinine clearance ≥ 60 mL/min/1.73 m2 for patients with serum creatinine levels above institutional ULN.", inclusion[^1]);
        var exclusion = Items(t.ExclusionJson);
        Assert.Equal("Concurrent therapy with other Investigational Products.", exclusion[0]);
        Assert.Contains("Prior therapy with any CDK inhibitor.", exclusion);
        Assert.DoesNotContain(inclusion, i => i.Contains("CDK inhibitor"));
    }

    [Fact]
    public void Numbered_nested_and_escaped_criteria_split_into_inclusion_and_exclusion()
    {
        // NCT03745326: "-INCLUSION CRITERIA:" / "EXCLUSION CRITERIA:", numbered items, nested "*" and "-" items,
        // indented continuation paragraphs, "\>" and "\^" escapes, and the letters "I." and "j." as bullets.
        var t = CtGovParser.ParseFile(Fixture("search_response_kras_g12c_recruiting_page1.json")).Trials.Single(t => t.NctId == "NCT03745326");
        var inclusion = Items(t.InclusionJson);
        var exclusion = Items(t.ExclusionJson);

        Assert.StartsWith("Measurable (per RECIST v1.1 criteria), metastatic, or unresectable malignancy", inclusion[0]);
        Assert.EndsWith("CLIA-certified laboratory test on resected tissue. Patients shown to have tumors expressing G12D mutated NRAS and HRAS will also be eligible as these oncogenes share complete amino acid homology with G12D mutated KRAS for their first 80 N-terminal amino acids, completely encompassing the target epitope.", inclusion[0]);
        Assert.Contains("Patients must be HLA-A*11:01 positive as confirmed by the NIH Department of Transfusion Medicine.", inclusion);
        Assert.Contains("ANC > 1000/mm^3 without the support of filgrastim", inclusion);
        Assert.Contains("Patients with non-small cell lung cancer (NSCLC) must have had appropriate targeted therapy as indicated by abnormalities in ALK, EGFR, or expression of PDL-1. Other patients must have had platinum-based chemotherapy.", inclusion);
        Assert.Contains("Patients with 3 or fewer brain metastases that are < 1 cm in diameter and asymptomatic are eligible. Lesions that have been treated with stereotactic radiosurgery must be clinically stable for one month after treatment for the patient to be eligible. Patients with surgically resected brain metastases are eligible.", inclusion);
        Assert.Equal("Subjects must be co-enrolled on the protocol 03C0277.", inclusion[^1]);
        Assert.DoesNotContain(inclusion, i => i.Contains('\\'));

        Assert.Equal(10, exclusion.Count);
        Assert.Equal("Women of child-bearing potential who are pregnant or breastfeeding because of the potentially dangerous effects of the treatment on the fetus or infant.", exclusion[0]);
        Assert.Equal("Concurrent systemic steroid therapy.", exclusion[1]);
        Assert.Equal("For select patients with a clinical history prompting pulmonary evaluation: known FEV1 less than or equal to 50%.", exclusion[8]);
        Assert.Equal("Patients who are receiving any other investigational agents.", exclusion[9]);
    }

    [Theory]
    [InlineData("Inclusion Criteria:\n\n* a\n* b\n\nExclusion Criteria:\n\n* c", "a|b", "c")]
    [InlineData("INCLUSION CRITERIA:\n\n* a\n\nEXCLUSION CRITERIA:\n\n* c", "a", "c")]
    [InlineData("Key Inclusion Criteria:\n\n- a\n\nKey Exclusion Criteria:\n\n- c", "a", "c")]
    [InlineData("Inclusion Criteria\n\n1. a\n2. b\n\nExclusion Criteria\n\n1. c", "a|b", "c")]
    [InlineData("\\[Inclusion Criteria\\]\n\n1. a\n\n\\[Exclusion Criteria\\]\n\n1. c", "a", "c")]
    [InlineData("Inclusion\n\n1. a\n\nExclusion\n\n1. c", "a", "c")]
    [InlineData("Inclusion Criteria：\n\n* a\n\nExclusion criteria:\n\n* c", "a", "c")]
    [InlineData("Inclusion Criteria: -Participants are eligible only if:\n\n* a\n\nExclusion Criteria: -Participants are excluded if:\n\n* c", "a", "c")]
    [InlineData("The main inclusion criteria include but are not limited to the following:\n\n* a\n\nThe main exclusion criteria include but are not limited to the following:\n\n* c", "a", "c")]
    [InlineData("Inclusion Criteria for Participants with Stage III NSCLC\n\n* a\n\nGeneral Exclusion Criteria:\n\n* c\n* GENERAL MEDICAL EXCLUSION CRITERIA\n* d", "a", "c|d")]
    [InlineData("Inclusion Criteria:\n\n* Serology\n\n  * HIV negative\n  * HBV negative\n\nExclusion Criteria:\n\n* Age \\>= 75", "Serology|HIV negative|HBV negative", "Age >= 75")]
    [InlineData("Inclusion Criteria:\n\n* a\n* Other protocol-defined Inclusion/Exclusion criteria apply.\n\nExclusion Criteria:\n\n* Exclusion of HIV based on criteria per protocol.", "a|Other protocol-defined Inclusion/Exclusion criteria apply.", "Exclusion of HIV based on criteria per protocol.")]
    [InlineData("Inclusion Criteria:\n\nApplicable to all patients:\n\n1. a\n\nExclusion Criteria:\n\nPatients with any of the following will not be included in the study:\n\n1. c", "a", "c")]
    [InlineData("Inclusion Criteria:\n\nPATIENTS\n\n* a\n\nExclusion Criteria:\n\nPATIENTS\n\n* c", "a", "c")]
    [InlineData("* a long criterion\n  that wraps\n* b", "a long criterion that wraps|b", "")]
    [InlineData("", "", "")]
    public void Header_spellings_and_bullets(string text, string inclusion, string exclusion)
    {
        var (inc, exc) = CtGovParser.SplitCriteria(text);
        Assert.Equal(inclusion, string.Join('|', inc));
        Assert.Equal(exclusion, string.Join('|', exc));
    }

    [Fact]
    public void Every_shipped_study_splits_with_exclusions_where_the_text_has_an_exclusion_header()
    {
        var seed = CtGovParser.Parse(TrialSeed.Bytes(), "seed");
        Assert.Empty(seed.Problems);
        Assert.Equal(69, seed.Trials.Count);
        foreach (var t in seed.Trials)
        {
            Assert.NotEmpty(Items(t.InclusionJson));
            if (t.EligibilityText!.Contains("Exclusion Criteria", StringComparison.OrdinalIgnoreCase))
                Assert.True(Items(t.ExclusionJson).Count > 0, t.NctId);
            Assert.DoesNotContain(Items(t.InclusionJson).Concat(Items(t.ExclusionJson)), i => i.Contains("\\>") || i.Contains("\\<"));
        }
    }

    [Theory]
    [InlineData("18 Years", 18)]
    [InlineData("1 Year", 1)]
    [InlineData("6 Months", 0)]
    [InlineData("30 Months", 2)]
    [InlineData("104 Weeks", 1)]
    [InlineData("800 Days", 2)]
    [InlineData("N/A", null)]
    [InlineData(null, null)]
    public void Ages_become_whole_years(string? text, int? years) => Assert.Equal(years, CtGovParser.AgeYears(text));

    [Theory]
    [InlineData("2024-05-17", 2024, 5, 17)]
    [InlineData("2024-05", 2024, 5, 1)]
    [InlineData("2024", 2024, 1, 1)]
    public void Partial_dates_become_the_first_day(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), CtGovParser.ParsePartialDate(text));

    [Fact]
    public void A_bad_study_is_reported_with_its_reason_and_the_others_still_parse()
    {
        var r = CtGovParser.ParseFile(Fixture("bad-records.json"));
        Assert.Equal(["NCT02710084", "NCT05105685"], r.Trials.Select(t => t.NctId));
        Assert.Equal(3, r.Problems.Count);
        Assert.Equal(1, r.Problems[0].Index);
        Assert.Null(r.Problems[0].NctId);
        Assert.Contains("no NCT id", r.Problems[0].Reason);
        Assert.Equal("NCT09999991", r.Problems[1].NctId);
        Assert.Contains("designModule.phases is a string, expected an array", r.Problems[1].Reason);
        Assert.Equal("NCT09999992", r.Problems[2].NctId);
        Assert.Contains("eligibilityModule.minimumAge is a number, expected a string", r.Problems[2].Reason);
        Assert.Contains("bad-records.json: study 2: ", r.Problems[0].ToString());
    }

    [Fact]
    public void An_array_of_studies_is_read()
    {
        var one = File.ReadAllText(Fixture("NCT06008288.json"));
        var r = CtGovParser.Parse(Encoding.UTF8.GetBytes($"[{one}, {one.Replace("NCT06008288", "NCT06008289")}]"), "array.json");
        Assert.Equal(["NCT06008288", "NCT06008289"], r.Trials.Select(t => t.NctId));

        var withBom = CtGovParser.Parse(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(one)).ToArray(), "bom.json");
        Assert.Equal("NCT06008288", Assert.Single(withBom.Trials).NctId);
    }

    [Fact]
    public void A_malformed_file_is_a_clear_error_naming_the_file()
    {
        var path = Fixture("malformed.json");
        var e = Assert.Throws<CtGovFormatException>(() => CtGovParser.ParseFile(path));
        Assert.StartsWith(path + ": not valid JSON at line", e.Message);

        var notV2 = Assert.Throws<CtGovFormatException>(() => CtGovParser.Parse("{\"hello\": 1}"u8.ToArray(), "other.json"));
        Assert.Contains("other.json: not a ClinicalTrials.gov v2 document", notV2.Message);
    }

    [Fact]
    public void The_page_pair_chains_through_the_next_page_token()
    {
        var first = CtGovParser.ParseFile(Fixture("search_phelan_limit5_20260811.json"));
        var second = CtGovParser.ParseFile(Fixture("search_phelan_next_20260811.json"));
        Assert.Equal("ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4dnDeTsPkw", first.NextPageToken);
        Assert.Equal("ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4bmjeauvk_IQ", second.NextPageToken);
        Assert.Equal(["NCT02710084", "NCT05105685", "NCT01525901", "NCT03493607", "NCT07119606"], first.Trials.Select(t => t.NctId));
        Assert.Equal(["NCT05187377", "NCT03836300", "NCT07014020", "NCT05025241", "NCT07281079"], second.Trials.Select(t => t.NctId));
        var oxytocin = first.Trials[0];
        Assert.Equal("Oxytocin|Saline", oxytocin.Interventions);    // `fields=` projection: names without types
        Assert.Equal(5, oxytocin.MinAgeYears);
        Assert.Equal(17, oxytocin.MaxAgeYears);
        Assert.Equal("COMPLETED", oxytocin.Status);
        Assert.Equal("Alexander Kolevzon", oxytocin.Sponsor);
        Assert.Null(oxytocin.EligibilityText);
        Assert.Equal("[]", oxytocin.InclusionJson);
    }
}
