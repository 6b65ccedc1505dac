using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;
using Xunit.Abstractions;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Which shipped studies the default catalogue views show first, and which they leave behind "show all studies": read from each
/// study's own conditions and eligibility (never a list of NCT ids), and what the README says about the sample.
/// </summary>
public class TrialRelevanceTests(ITestOutputHelper output)
{
    private static int Relevance(string nct) => Of(MatchingFixtures.Trial(nct));
    private static int Of(Trial t) => TrialRelevance.Of(TrialCriteria.FromJson(t.CriteriaJson), t.Title, t.Conditions);

    [Fact]
    public void The_ALK_study_of_the_sample_is_about_ALK_and_lymphoma_studies_are_not()
    {
        Assert.Equal(TrialRelevance.Alk, Relevance("NCT05384626"));        // neladalkib, ALK-positive NSCLC and solid tumours
        Assert.Equal(TrialRelevance.Other, Relevance("NCT06834373"));      // ALK-positive large B-cell lymphoma: ALK, but not lung cancer
        Assert.Equal(TrialRelevance.Other, Relevance("NCT07275216"));      // classic Hodgkin lymphoma
        Assert.Equal(TrialRelevance.Other, Relevance("NCT02143830"));      // Fanconi anaemia
        Assert.Equal(TrialRelevance.Other, Relevance("NCT06401330"));      // Wilms tumours
        Assert.Equal(TrialRelevance.LungNotAlk, Relevance("NCT05815173")); // KRAS G12C NSCLC that excludes ALK
        Assert.Equal(TrialRelevance.LungNotAlk, Relevance("NCT06561386")); // NSCLC excluding EGFR/ALK/ROS1
    }

    [Fact]
    public void Relevance_comes_from_the_study_text_not_its_id()
    {
        static Trial Study(string nct, string title, string conditions, string inclusion, string exclusion) => new()
        {
            NctId = nct, Title = title, Conditions = conditions,
            EligibilityText = $"Inclusion Criteria:\n\n* {inclusion}\n\nExclusion Criteria:\n\n* {exclusion}",
            InclusionJson = System.Text.Json.JsonSerializer.Serialize(new[] { inclusion }),
            ExclusionJson = System.Text.Json.JsonSerializer.Serialize(new[] { exclusion }),
        };
        var lung = Study("NCT09999991", "A study of a new drug in lung cancer", "Non-small Cell Lung Cancer", "Stage IV non-small cell lung cancer", "Pregnancy");
        var lymphoma = Study("NCT09999992", "A study in anaplastic large cell lymphoma", "ALK-positive Anaplastic Large Cell Lymphoma",
            "ALK-positive anaplastic large cell lymphoma, relapsed", "Pregnancy");
        var alk = Study("NCT09999993", "A study of a new drug in lung cancer", "Non-small Cell Lung Cancer",
            "Metastatic NSCLC with a documented ALK rearrangement", "Pregnancy");
        var excludesAlk = Study("NCT09999994", "A study of a new drug in lung cancer", "Non-small Cell Lung Cancer", "Stage IV NSCLC",
            "Known EGFR mutation or ALK rearrangement");
        foreach (var t in new[] { lung, lymphoma, alk, excludesAlk }) TrialRelevance.Derive(t);

        Assert.Equal(TrialRelevance.Lung, lung.Relevance);
        Assert.Equal(TrialRelevance.Other, lymphoma.Relevance);
        Assert.Equal(TrialRelevance.Alk, alk.Relevance);
        Assert.Equal(TrialRelevance.LungNotAlk, excludesAlk.Relevance);
    }

    [Fact]
    public void The_README_and_the_seed_notes_state_the_samples_makeup_as_the_program_counts_it()
    {
        var counts = MatchingFixtures.Trials.GroupBy(Of).ToDictionary(g => g.Key, g => g.Count());
        int N(int r) => counts.GetValueOrDefault(r);
        output.WriteLine($"alk {N(TrialRelevance.Alk)}, lung {N(TrialRelevance.Lung)}, lung-not-alk {N(TrialRelevance.LungNotAlk)}, other {N(TrialRelevance.Other)}");
        foreach (var t in MatchingFixtures.Trials.OrderByDescending(Of))
            output.WriteLine($"{Of(t)} {t.NctId} {t.Title[..Math.Min(80, t.Title.Length)]}");
        Assert.Equal(69, MatchingFixtures.Trials.Count);

        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        Assert.DoesNotContain("69 shipped ALK studies", readme);
        Assert.DoesNotContain("69 ALK studies", readme);
        var sentence = $"{N(TrialRelevance.Alk)} about ALK-positive cancer, {N(TrialRelevance.Lung)} other lung cancer studies open to ALK-positive patients, " +
                       $"{N(TrialRelevance.LungNotAlk)} lung cancer studies that exclude ALK-positive cancer or need another driver, {N(TrialRelevance.Other)} about other diseases";
        Assert.Contains(sentence, readme.ReplaceLineEndings(" "));
        Assert.Contains(sentence, File.ReadAllText(Path.Combine(Repo.Root, "src", "AlkNavigator", "Features", "Trials", "Seed", "SOURCES.md")).ReplaceLineEndings(" "));
    }
}
