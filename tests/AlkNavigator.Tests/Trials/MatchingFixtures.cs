using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.CtGov;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>The matching development set: seed studies (parsed as the importer does), D01–D03 profiles and their labels.</summary>
public static class MatchingFixtures
{
    public static string SeedPath => Path.Combine(Repo.Root, "src", "AlkNavigator", "Features", "Trials", "Seed", "studies.json");

    private static readonly Lazy<List<Trial>> SeedTrials = new(() => CtGovParser.ParseFile(SeedPath).Trials);

    /// <summary>The 69 seed studies as Trial rows (CriteriaParser.Apply has run, as at import).</summary>
    public static List<Trial> Trials => SeedTrials.Value;

    public static List<CatalogTrial> Catalog => Trials.Select(CatalogTrial.From).ToList();

    public static Trial Trial(string nct) => Trials.Single(t => t.NctId == nct);

    public static TrialCriteria Criteria(string nct) => TrialCriteria.FromJson(Trial(nct).CriteriaJson);

    public static string ProfilePath(string id) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "profiles", id + ".json");

    /// <summary>The day the fixtures are read on (their dates are before it; ages are as of it).</summary>
    public static readonly DateOnly Today = new(2026, 11, 30);

    /// <summary>A fixture profile read as `trials match --patient` reads it: the one profile reader, then MatchProfile.FromProfile.</summary>
    public static MatchProfile Profile(string id) => Read(File.ReadAllBytes(ProfilePath(id)));

    /// <summary>A profile of the own labelled set (Fixtures/matching-own, O01–O15), read the same way.</summary>
    public static MatchProfile OwnProfile(string id) => Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "matching-own", id + ".json")));

    /// <summary>Profile JSON read as `trials match --patient` reads it; fails the test when the reader refuses it.</summary>
    public static MatchProfile Read(string json) => Read(System.Text.Encoding.UTF8.GetBytes(json));

    private static MatchProfile Read(byte[] bytes)
    {
        var import = AlkNavigator.Features.Record.ProfileJson.Parse(bytes, Today);
        Assert.True(import.IsValid, string.Join("; ", import.Problems));
        return MatchProfile.FromProfile(import, Today);
    }

    /// <summary>profile → (nct → label 0/1/2, reason).</summary>
    public static Dictionary<string, Dictionary<string, (int Label, string Reason)>> Labels(string set = "matching-dev")
    {
        var result = new Dictionary<string, Dictionary<string, (int, string)>>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", set, "labels.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length < 3) continue;
            if (!result.TryGetValue(f[0], out var byNct)) result[f[0]] = byNct = [];
            byNct[f[1]] = (int.Parse(f[2]), f.Length > 3 ? f[3] : "");
        }
        return result;
    }

    /// <summary>The own set's fifth column: profile → (nct → whether a listed site is in the patient's country: yes / no / unknown).</summary>
    public static Dictionary<string, Dictionary<string, string>> InCountry()
    {
        var result = new Dictionary<string, Dictionary<string, string>>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "matching-own", "labels.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length < 5) continue;
            if (!result.TryGetValue(f[0], out var byNct)) result[f[0]] = byNct = [];
            byNct[f[1]] = f[4];
        }
        return result;
    }
}
