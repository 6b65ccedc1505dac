using System.Text.RegularExpressions;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;
using Xunit.Abstractions;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Ranking quality on the development set (seed studies × D01–D03, labels 0 not relevant / 1 excluded / 2 eligible):
/// NDCG@10 with only eligible trials as gain, and TREC-style NDCG@10 (gains 2/1/0), for matching and for a plain BM25 keyword
/// ranking; and how many trials labelled 0 or 1 matching calls likely-eligible.
/// </summary>
public class MatchingQualityTests(ITestOutputHelper output)
{
    private static readonly string[] Profiles = ["D01", "D02", "D03"];

    /// <summary>
    /// At most one in ten likely-eligible calls may be a trial labelled 0 or 1 (issue 13's goal for unseen data): "likely eligible"
    /// is a promise to a patient, so it must almost never be wrong. A wrong one costs far more than a trial left at possibly.
    /// </summary>
    private const double MaxFalseEligibleRate = 0.10;

    /// <summary>Eligible trials (label 2) called likely-excluded or not-relevant would be hidden from the patient: at most 2 of 19.</summary>
    private const int MaxMissedEligible = 2;

    [Fact]
    public void Matching_beats_BM25_on_NDCG_at_10_and_rarely_calls_an_ineligible_trial_likely_eligible()
    {
        var labels = MatchingFixtures.Labels();
        var catalog = MatchingFixtures.Catalog;
        var bm25 = new Bm25(MatchingFixtures.Trials.Select(t => (t.NctId, DocumentText(t))).ToList());

        output.WriteLine($"{"profile",-8} {"ours NDCG@10 (2)",18} {"BM25 NDCG@10 (2)",18} {"ours TREC NDCG@10",18} {"BM25 TREC NDCG@10",18} {"false likely-eligible",22} {"missed eligible",15}");
        double oursE = 0, bmE = 0, oursT = 0, bmT = 0;
        int falseLikely = 0, missed = 0, likely = 0;
        foreach (var id in Profiles)
        {
            var profile = MatchingFixtures.Profile(id);
            var judged = labels[id];
            var ranked = TrialMatcher.Rank(profile, catalog);
            var ours = ranked.Select(m => m.Nct).ToList();
            var baseline = bm25.Rank(QueryText(profile));

            var e1 = Ndcg(ours, judged, eligibleOnly: true);
            var e2 = Ndcg(baseline, judged, eligibleOnly: true);
            var t1 = Ndcg(ours, judged, eligibleOnly: false);
            var t2 = Ndcg(baseline, judged, eligibleOnly: false);
            var wrong = ranked.Where(m => m.Verdict == Verdicts.LikelyEligible && judged.TryGetValue(m.Nct, out var l) && l.Label < 2).ToList();
            var hidden = ranked.Where(m => m.Verdict is Verdicts.LikelyExcluded or Verdicts.NotRelevant && judged.TryGetValue(m.Nct, out var l) && l.Label == 2).ToList();
            oursE += e1; bmE += e2; oursT += t1; bmT += t2; falseLikely += wrong.Count; missed += hidden.Count;
            likely += ranked.Count(m => m.Verdict == Verdicts.LikelyEligible && judged.ContainsKey(m.Nct));
            output.WriteLine($"{id,-8} {e1,18:0.000} {e2,18:0.000} {t1,18:0.000} {t2,18:0.000} {wrong.Count,22} {hidden.Count,15}");
            foreach (var w in wrong) output.WriteLine($"         false likely-eligible: {w.Nct} (label {judged[w.Nct].Label}: {judged[w.Nct].Reason})");
            foreach (var h in hidden) output.WriteLine($"         missed eligible: {h.Nct} called {h.Verdict} ({judged[h.Nct].Reason})");
        }
        var n = Profiles.Length;
        output.WriteLine($"{"mean",-8} {oursE / n,18:0.000} {bmE / n,18:0.000} {oursT / n,18:0.000} {bmT / n,18:0.000} {falseLikely,22} {missed,15}");
        var rate = likely == 0 ? 0 : (double)falseLikely / likely;
        output.WriteLine($"false-eligible rate: {falseLikely} of {likely} likely-eligible calls ({rate:0.00})");

        Assert.True(oursE > bmE, $"NDCG@10 (eligible only): ours {oursE / n:0.000} vs BM25 {bmE / n:0.000}");
        Assert.True(oursT > bmT, $"TREC NDCG@10: ours {oursT / n:0.000} vs BM25 {bmT / n:0.000}");
        Assert.True(likely > 0, "no trial was called likely-eligible: calibration must not give up on the verdict altogether");
        Assert.True(rate <= MaxFalseEligibleRate, $"{falseLikely} of {likely} likely-eligible calls are trials labelled 0 or 1 ({rate:0.00})");
        Assert.True(missed <= MaxMissedEligible, $"{missed} trials labelled eligible were called likely-excluded or not-relevant");
    }

    /// <summary>Every verdict beside its label, to study disagreements (prints only; never fails).</summary>
    [Fact]
    public void Verdicts_beside_labels()
    {
        var labels = MatchingFixtures.Labels();
        var catalog = MatchingFixtures.Catalog;
        foreach (var id in Profiles)
        {
            var judged = labels[id];
            foreach (var m in TrialMatcher.Rank(MatchingFixtures.Profile(id), catalog))
            {
                var (label, reason) = judged.GetValueOrDefault(m.Nct, (-1, ""));
                var expected = label switch { 2 => "E", 1 => "x", 0 => ".", _ => "?" };
                var got = m.Verdict switch { Verdicts.LikelyEligible => "E", Verdicts.PossiblyEligible => "e", Verdicts.LikelyExcluded => "x", _ => "." };
                var key = string.Join(" / ", m.Reasons.Where(r => r.Kind is "excludes" or "unknown").Select(r => r.Criterion + ": " + r.Text[..Math.Min(90, r.Text.Length)]));
                output.WriteLine($"{id} {m.Nct} label {expected} got {got} {m.Score:0.000} | {reason} || {key}");
            }
        }
    }

    /// <summary>The criteria of each seed study the parser could not read and would quote "to check" (prints only; never fails).</summary>
    [Fact]
    public void To_check_items_of_the_seed_catalogue()
    {
        foreach (var t in MatchingFixtures.Trials)
            foreach (var item in TrialCriteria.FromJson(t.CriteriaJson).ToCheck)
                output.WriteLine($"{t.NctId} {item.Dimension,-11} {(item.Exclusion ? "exc" : "inc")} {item.Text[..Math.Min(160, item.Text.Length)]}");
    }

    // ---- NDCG@10

    /// <summary>NDCG@10 with linear gains: the label (TREC) or 1 for label 2 only; the ideal ranking sorts every judged trial.</summary>
    public static double Ndcg(IReadOnlyList<string> ranking, Dictionary<string, (int Label, string Reason)> judged, bool eligibleOnly, int k = 10)
    {
        double Gain(int label) => eligibleOnly ? (label == 2 ? 1 : 0) : label;
        double Dcg(IEnumerable<double> gains) => gains.Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        var dcg = Dcg(ranking.Select(n => judged.TryGetValue(n, out var l) ? Gain(l.Label) : 0));
        var ideal = Dcg(judged.Values.Select(v => Gain(v.Label)).OrderByDescending(g => g));
        return ideal == 0 ? 0 : dcg / ideal;
    }

    // ---- the BM25 baseline

    /// <summary>What a keyword search sees of a trial: title, conditions, keywords, summary and eligibility.</summary>
    public static string DocumentText(Trial t) =>
        string.Join(" ", t.Title, t.OfficialTitle, t.Conditions, t.Keywords, t.BriefSummary, t.EligibilityText);

    /// <summary>The words of the profile: diagnosis, histology, stage, ALK, mutations, agents.</summary>
    public static string QueryText(MatchProfile p) =>
        string.Join(" ", new[] { "non-small cell lung cancer NSCLC", p.Histology, p.Stage is null ? null : "stage " + p.Stage, "ALK", p.AlkFusion }
            .Concat(p.Biomarkers?.Select(b => b.Gene + " " + b.Alteration) ?? [])
            .Concat(p.Therapies?.Select(t => t.Agent) ?? [])
            .Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>Okapi BM25 (k1 = 1.2, b = 0.75) over lower-cased word tokens; ties by NCT id.</summary>
    public sealed class Bm25
    {
        private readonly List<(string Id, Dictionary<string, int> Tf, int Length)> _docs;
        private readonly Dictionary<string, int> _df = [];
        private readonly double _avg;

        public Bm25(List<(string Id, string Text)> docs)
        {
            _docs = docs.Select(d =>
            {
                var tokens = Tokens(d.Text);
                var tf = tokens.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
                foreach (var term in tf.Keys) _df[term] = _df.GetValueOrDefault(term) + 1;
                return (d.Id, tf, tokens.Count);
            }).ToList();
            _avg = _docs.Average(d => d.Length);
        }

        public static List<string> Tokens(string text) => Regex.Matches(text.ToLowerInvariant(), "[a-z0-9]+").Select(m => m.Value).ToList();

        public List<string> Rank(string query)
        {
            var terms = Tokens(query).Distinct().ToList();
            double N = _docs.Count;
            return _docs.Select(d =>
            {
                double s = 0;
                foreach (var q in terms)
                {
                    if (!d.Tf.TryGetValue(q, out var f)) continue;
                    var df = _df[q];
                    var idf = Math.Log(1 + (N - df + 0.5) / (df + 0.5));
                    s += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * d.Length / _avg));
                }
                return (d.Id, Score: s);
            }).OrderByDescending(x => x.Score).ThenBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Id).ToList();
        }
    }
}
