using System.Net;
using System.Text.RegularExpressions;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Tests.Record;

namespace AlkNavigator.Tests.Learn;

/// <summary>Issue 10's content corrections, each checked against the shipped content/ so a regression fails here.</summary>
public class ContentCorrectionsTests
{
    private static readonly ContentStore Store = ContentStore.Load(Repo.ContentDir);

    private static IEnumerable<(string File, string Text)> ContentFiles() =>
        Directory.GetFiles(Repo.ContentDir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => !f.EndsWith("sources.yaml", StringComparison.Ordinal) && !f.EndsWith("README.md", StringComparison.Ordinal))
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));

    private static string Section(string slug, string id) =>
        Store.FindPage(slug)!.Sections.Single(s => s.Id == id).Text;

    [Fact]
    public void ALEX_label_hazard_ratio_is_0_50_by_independent_review_and_0_53_appears_nowhere()
    {
        var alectinib = Store.FindDrug("alectinib")!;
        var label = alectinib.Trial.Figures.Single(f => f.Label.Contains("US label", StringComparison.Ordinal));
        Assert.Equal("25.7 vs 10.4 months (HR 0.50, 95% CI 0.36 to 0.70)", label.Value);
        Assert.Contains("alecensa-first-line", label.SourceKeys);
        foreach (var (file, text) in ContentFiles())
            Assert.False(text.Contains("0.53", StringComparison.Ordinal), $"{file} still has the wrong ALEX figure 0.53");
    }

    [Fact]
    public void ALEX_final_overall_survival_is_81_1_vs_54_2_months_with_its_2025_source()
    {
        Assert.True(Store.Bibliography.ContainsKey("alex-final-os-2025"));
        var os = Store.FindDrug("alectinib")!.Trial.Figures.Single(f => f.Label.Contains("overall survival, final", StringComparison.Ordinal));
        Assert.Equal("81.1 vs 54.2 months", os.Value);
        Assert.Equal(["alex-final-os-2025"], os.SourceKeys);
        var page = Store.FindPage("treatment-options")!;
        Assert.Contains("81.1 months", page.Html);
        Assert.Contains("54.2 months", page.Html);
        Assert.Contains("alex-final-os-2025", page.SourceOrder);
    }

    [Fact]
    public void The_guideline_summary_names_lorlatinib_alectinib_and_brigatinib_as_preferred_first_line_from_current_NCCN_and_ESMO()
    {
        Assert.True(Store.Bibliography.ContainsKey("nccn-nsclc"));
        Assert.True(Store.Bibliography.ContainsKey("esmo-living-nsclc"));
        var guidelines = Section("treatment-options", "what-the-treatment-guidelines-say");
        Assert.Contains("lorlatinib, alectinib and brigatinib are the preferred first treatments", guidelines);
        Assert.Contains("nccn-nsclc", Store.FindPage("treatment-options")!.SourceOrder);
        Assert.Contains("esmo-living-nsclc", Store.FindPage("treatment-options")!.SourceOrder);
    }

    [Fact]
    public void No_page_or_drug_says_suicidal_thoughts_happened_in_21_percent()
    {
        foreach (var (file, text) in ContentFiles())
            foreach (var sentence in Regex.Split(text, @"(?<=[.!?])\s+|\n"))
                Assert.False(Regex.IsMatch(sentence, "suicid", RegexOptions.IgnoreCase) && Regex.IsMatch(sentence, @"21\s*%(?![^(]*all mood)") && !sentence.Contains("all mood effects", StringComparison.Ordinal),
                    $"{file}: \"{sentence}\" ties suicidal thoughts to 21 % (21 % is all mood effects)");
        var cns = Store.FindDrug("lorlatinib")!.Warnings.Single(w => w.Title!.Contains("CNS", StringComparison.Ordinal)).Text;
        Assert.Contains("this figure covers all mood effects", cns);
        Assert.Contains("rare", cns);
    }

    [Fact]
    public void Lorlatinib_is_contraindicated_with_strong_CYP3A_inducers_named_one_by_one()
    {
        var fact = Store.FindDrug("lorlatinib")!.Interactions.Single(f => f.Text.Contains("contraindicated", StringComparison.OrdinalIgnoreCase));
        foreach (var agent in new[] { "strong CYP3A inducers", "rifampin", "carbamazepine", "phenytoin", "St John's wort" })
            Assert.Contains(agent, fact.Text);
        Assert.Contains("lorbrena-label", fact.SourceKeys);
        Assert.Contains("ask your oncologist or pharmacist", fact.Text);
    }

    [Fact]
    public void Learn_missed_dose_text_is_word_for_word_the_medication_page_rule_and_every_label_vomiting_rule_is_shown()
    {
        foreach (var dosing in Dosing.All)
        {
            var drug = Store.FindDrug(dosing.Drug)!;
            Assert.Equal(dosing.MissedDoseText, drug.MissedDose.Text);
            Assert.Contains(dosing.Source, drug.MissedDose.SourceKeys);
            Assert.True(Store.Bibliography.ContainsKey(dosing.Source), $"{dosing.Drug}: the medication page cites '{dosing.Source}', which sources.yaml lacks");
            Assert.NotNull(drug.Vomiting);
            Assert.Equal(Dosing.VomitingText, drug.Vomiting!.Text);
            if (dosing.MissedDoseText.Contains("vomit", StringComparison.Ordinal))
                Assert.Contains("take the next dose at the usual time", dosing.MissedDoseText); // the medication page says the same after vomiting
        }
    }

    [Fact]
    public void When_to_call_lists_use_the_triage_policy_levels()
    {
        var now = Section("side-effects", "call-now");
        var today = Section("side-effects", "contact-today");
        var later = Section("side-effects", "next-visit");

        // Urgent: fever >= 37.5 or < 36.0, rigors; severe breathing; brigatinib's first 14 days; fainting, seizure, new neurological signs.
        Assert.Contains("37.5 °C", now);
        Assert.Contains("below 36.0 °C", now);
        Assert.Contains("shivering", now);
        Assert.Contains("Severe shortness of breath or a severe cough", now);
        Assert.Contains("On brigatinib: any new or worse shortness of breath or cough, even mild, in the first 14 days", now);
        Assert.Contains("Fainting", now);
        Assert.Contains("seizure", now);
        Assert.Contains("trouble speaking", now);
        Assert.Contains("Two or more of the problems in the next list", now);
        Assert.Contains("below 90%", now);
        Assert.Contains("Yellow skin or eyes, or dark urine", now);

        // Contact today: moderate breathing, high sugar signs (liver signs are urgent: same-day liver tests).
        Assert.Contains("moderate shortness of breath or cough", today);
        Assert.DoesNotContain("Yellow skin", today);
        Assert.Contains("very thirsty", today);
        Assert.DoesNotContain("Yellow skin", later);
        foreach (var word in new[] { "breath", "cough", "fever", "temperature" })
            Assert.DoesNotContain(word, later, StringComparison.OrdinalIgnoreCase);

        // The old softer or looser wording is gone everywhere.
        foreach (var (file, text) in ContentFiles())
        {
            Assert.False(text.Contains("38.0 °C", StringComparison.Ordinal) || text.Contains("within a day", StringComparison.OrdinalIgnoreCase), $"{file} still uses the old fever threshold or 'within a day'");
            Assert.False(text.Contains("needs a call to your care team.", StringComparison.Ordinal), $"{file}: a 'call' without its level");
        }
    }

    [Fact]
    public void Every_drug_lung_warning_states_the_policy_levels_and_brigatinib_the_first_14_days()
    {
        foreach (var drug in Store.Drugs)
        {
            var ild = drug.Warnings.Single(w => w.Title!.Contains("ILD", StringComparison.Ordinal)).Text;
            Assert.Contains("37.5 °C", ild);
            Assert.Contains("severe shortness of breath or cough", ild);
            Assert.Contains("today (within 24 hours) for new or worse moderate shortness of breath or cough", ild);
        }
        var brigatinib = Store.FindDrug("brigatinib")!.Warnings.Single(w => w.Title!.Contains("ILD", StringComparison.Ordinal)).Text;
        Assert.Contains("In the first 14 days after starting, restarting or a dose increase, any new or worse shortness of breath or cough, even mild, needs a call to your care team now", brigatinib);
    }

    [Fact]
    public void Brigatinib_warnings_follow_the_current_label()
    {
        var titles = Store.FindDrug("brigatinib")!.Warnings.Select(w => w.Title!).ToList();
        Assert.Contains(titles, t => t.Contains("Liver", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("photosensitivity", StringComparison.Ordinal));
        Assert.All(Store.FindDrug("brigatinib")!.Warnings.Where(w => w.Title!.Contains("Liver", StringComparison.Ordinal) || w.Title!.Contains("photosensitivity", StringComparison.Ordinal)),
            w => Assert.Contains("alunbrig-label-current", w.SourceKeys));
    }

    [Fact]
    public void The_resistance_table_has_ensartinib_and_one_consistent_G1202R_row()
    {
        var page = File.ReadAllText(Path.Combine(Repo.ContentDir, "pages", "resistance.md"));
        var g1202r = page.Split('\n').Single(l => l.StartsWith("| G1202R |", StringComparison.Ordinal));
        var cells = g1202r.Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal("Lorlatinib", cells[2]);
        Assert.Contains("brigatinib only partly", cells[3]);
        Assert.Contains(page.Split('\n'), l => l.StartsWith("|", StringComparison.Ordinal) && l.Contains("ensartinib", StringComparison.Ordinal));
    }

    [Fact]
    public void A_source_key_becomes_its_title_and_an_unknown_key_is_never_shown()
    {
        var keys = SourceCitation.Of("lorbrena-label, no-such-key", null, "ctcae-v5");
        Assert.Equal(["lorbrena-label", "no-such-key", "ctcae-v5"], keys.Keys);
        var sources = SourceCitation.Resolve(Store, keys);
        Assert.Equal(["lorbrena-label", "ctcae-v5"], sources.Select(s => s.Key));
        var text = SourceCitation.Text(Store, keys);
        Assert.StartsWith("Sources: Lorbrena (lorlatinib) dosage", text);
        Assert.DoesNotContain("lorbrena-label", text);
        Assert.DoesNotContain("no-such-key", text);
        Assert.Equal("", SourceCitation.Text(Store, SourceCitation.Of("no-such-key")));
    }
}

/// <summary>Pages outside Learn that cite a source show its title (linked when it has a URL), never the raw key.</summary>
[DatabaseTests]
public class CitationWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private static readonly Regex RawKey = new(@"Sources?:\s*[a-z0-9]+(?:-[a-z0-9]+)+\s*[).,]", RegexOptions.IgnoreCase);

    [Fact]
    public async Task The_medication_page_cites_the_label_by_title_not_by_key()
    {
        var doc = await w.Clients["owner"].GetDocumentAsync(w.Url("/record/{rid}/symptoms/medication"));
        var text = doc.Body!.TextContent;
        var store = w.App.Services.GetRequiredService<ContentStore>();
        Assert.Contains(store.Bibliography["alecensa-dosing"].Title, text);
        Assert.DoesNotContain("alecensa-dosing", doc.Body.InnerHtml);
        Assert.DoesNotMatch(RawKey, text);
    }

    [Fact]
    public async Task The_schedule_list_and_an_item_cite_sources_by_title_not_by_key()
    {
        var client = w.Clients["owner"];
        var list = await client.GetAsync(w.Url("/record/{rid}/schedule"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var html = await list.Content.ReadAsStringAsync();
        var doc = Forms.Parse(html);
        var store = w.App.Services.GetRequiredService<ContentStore>();
        var cites = doc.QuerySelectorAll(".sched-why .cite");
        Assert.NotEmpty(cites);
        Assert.All(cites, c => Assert.Contains(store.Bibliography.Values, s => c.TextContent.Contains(s.Title, StringComparison.Ordinal)));
        Assert.DoesNotMatch(RawKey, doc.Body!.TextContent);

        var itemHref = doc.QuerySelector("a.sched-title")!.GetAttribute("href")!;
        var item = await client.GetDocumentAsync(itemHref);
        Assert.DoesNotMatch(RawKey, item.Body!.TextContent);
        var itemCite = item.QuerySelector(".cite");
        if (itemCite is not null)
            Assert.Contains(store.Bibliography.Values, s => itemCite.TextContent.Contains(s.Title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_lorlatinib_learn_page_shows_the_missed_dose_and_vomiting_rules()
    {
        var doc = await w.Clients["owner"].GetDocumentAsync("/learn/drugs/lorlatinib");
        var dosing = doc.GetElementById("dosing")!.NextElementSibling!.TextContent;
        Assert.Contains(Dosing.For("lorlatinib")!.MissedDoseText, dosing);
        Assert.Contains("If you vomit after a dose:", dosing);
    }
}
