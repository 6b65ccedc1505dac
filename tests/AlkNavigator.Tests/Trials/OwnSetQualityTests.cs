using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;
using Xunit.Abstractions;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Ranking quality on the own labelled set (Fixtures/matching-own: 15 profiles × the 69 shipped studies, labelled from the
/// eligibility text by a helper that never saw the matcher's output, reviewed by a second one; see its SOURCES.md). The matcher
/// was not tuned on it, so it is the nearest thing to the held-out scoring this repository has. Measured as issue 13 scores:
/// eNDCG@10 (gain 1 for label 2 only) and the share of likely-eligible calls that are wrong, where wrong is a trial labelled 0 or 1
/// or one with no listed site in the patient's country.
/// </summary>
public class OwnSetQualityTests(ITestOutputHelper output)
{
    /// <summary>Issue 13's bar for unseen data is eNDCG@10 ≥ 0.70; its goal 0.80.</summary>
    private const double MinEligibleNdcg = 0.70;

    /// <summary>Issue 13's goal: at most one in ten likely-eligible calls wrong (its bar for unseen data is one in five).</summary>
    private const double MaxFalseEligibleRate = 0.10;

    [Fact]
    public void On_the_own_set_matching_reaches_issue_13s_bars_and_rarely_calls_a_wrong_trial_likely_eligible()
    {
        var labels = MatchingFixtures.Labels("matching-own");
        var inCountry = MatchingFixtures.InCountry();
        var catalog = MatchingFixtures.Catalog;
        var bm25 = new MatchingQualityTests.Bm25(MatchingFixtures.Trials.Select(t => (t.NctId, MatchingQualityTests.DocumentText(t))).ToList());
        Assert.Equal(15, labels.Count);
        Assert.All(labels.Values, l => Assert.Equal(69, l.Count));

        output.WriteLine($"{"profile",-8} {"eNDCG@10",9} {"BM25",6} {"in-country eNDCG@10",20} {"likely-eligible",16} {"wrong",6} {"missed",7}");
        double ours = 0, bm = 0, reach = 0;
        int likely = 0, wrongTotal = 0, missedTotal = 0, profiles = 0;
        foreach (var (id, judged) in labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var profile = MatchingFixtures.OwnProfile(id);
            var ranked = TrialMatcher.Rank(profile, catalog);
            var order = ranked.Select(m => m.Nct).ToList();
            var e = MatchingQualityTests.Ndcg(order, judged, eligibleOnly: true);
            var b = MatchingQualityTests.Ndcg(bm25.Rank(MatchingQualityTests.QueryText(profile)), judged, eligibleOnly: true);
            // Reachable: eligible and a site in the patient's country (no eligible in-country trial: the profile scores 0 and is left out).
            var reachable = judged.ToDictionary(j => j.Key, j => (j.Value.Label == 2 && inCountry[id][j.Key] != "no" ? 2 : 0, j.Value.Reason));
            var r = MatchingQualityTests.Ndcg(order, reachable, eligibleOnly: true);
            bool Wrong(TrialMatch m) => judged[m.Nct].Label < 2 || inCountry[id][m.Nct] == "no";
            var calls = ranked.Where(m => m.Verdict == Verdicts.LikelyEligible).ToList();
            var wrong = calls.Where(Wrong).ToList();
            var missed = ranked.Where(m => m.Verdict is Verdicts.LikelyExcluded or Verdicts.NotRelevant && judged[m.Nct].Label == 2).ToList();
            var hasEligible = judged.Values.Any(v => v.Label == 2);
            if (hasEligible) { ours += e; bm += b; profiles++; }
            if (reachable.Values.Any(v => v.Item1 == 2)) reach += r;
            likely += calls.Count; wrongTotal += wrong.Count; missedTotal += missed.Count;
            output.WriteLine($"{id,-8} {(hasEligible ? e.ToString("0.000") : "n/a"),9} {b,6:0.000} {r,20:0.000} {calls.Count,16} {wrong.Count,6} {missed.Count,7}");
            foreach (var w in wrong)
                output.WriteLine($"         wrong likely-eligible: {w.Nct} (label {judged[w.Nct].Label}, in country {inCountry[id][w.Nct]}: {judged[w.Nct].Reason})");
            foreach (var m in missed) output.WriteLine($"         eligible called {m.Verdict}: {m.Nct} ({judged[m.Nct].Reason})");
        }
        var rate = likely == 0 ? 0 : (double)wrongTotal / likely;
        output.WriteLine($"mean eNDCG@10 over {profiles} profiles with an eligible trial: ours {ours / profiles:0.000}, BM25 {bm / profiles:0.000}");
        output.WriteLine($"false-eligible: {wrongTotal} of {likely} likely-eligible calls ({rate:0.00}); eligible trials called excluded or not relevant: {missedTotal}");

        Assert.True(likely > 0, "no trial was called likely-eligible: calibration must not give up on the verdict altogether");
        Assert.True(ours / profiles >= MinEligibleNdcg, $"eNDCG@10 {ours / profiles:0.000} < {MinEligibleNdcg}");
        Assert.True(ours > bm, $"eNDCG@10 ours {ours / profiles:0.000} vs BM25 {bm / profiles:0.000}");
        Assert.True(rate <= MaxFalseEligibleRate, $"{wrongTotal} of {likely} likely-eligible calls are wrong ({rate:0.00})");
    }
}
