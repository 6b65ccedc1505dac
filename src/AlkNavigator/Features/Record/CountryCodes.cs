using System.Globalization;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Features.Record;

/// <summary>
/// ISO 3166-1 alpha-2 country codes and their English names, from .NET's region data (RegionInfo of every specific culture), for the
/// record's country picker and for reading a country from a profile file or an older free-text value. A name, a three-letter code or
/// a common alias ("UK", "Great Britain", "USA") becomes its code; anything else is refused, never cut to two letters
/// ("United Kingdom" is GB, never "UN").
/// </summary>
public static class CountryCodes
{
    // Not countries: ISO's user-assigned codes and the exceptionally reserved EU, EZ, UN.
    private static bool Assignable(string code) =>
        code.Length == 2 && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1])
        && code is not ("AA" or "ZZ" or "EU" or "EZ" or "UN") && !(code[0] == 'Q' && code[1] >= 'M') && code[0] != 'X';

    // Declared before the tables built from it (static fields initialise in order).
    private static readonly (string, string)[] Aliases =
    [
        ("UK", "GB"), ("U.K.", "GB"), ("Great Britain", "GB"), ("Britain", "GB"), ("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"),
        ("Northern Ireland", "GB"), ("United Kingdom", "GB"),
        ("USA", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("US of A", "US"), ("America", "US"), ("United States", "US"),
        ("United States of America", "US"), ("South Korea", "KR"), ("Korea", "KR"), ("Russia", "RU"), ("Holland", "NL"),
        ("The Netherlands", "NL"), ("Czech Republic", "CZ"), ("Turkey", "TR"), ("Türkiye", "TR"), ("Vietnam", "VN"), ("Taiwan", "TW"),
        ("Hong Kong", "HK"), ("Macao", "MO"), ("Macau", "MO"), ("Iran", "IR"),
    ];

    /// <summary>Every country .NET knows, by English name: (code, name).</summary>
    public static IReadOnlyList<(string Code, string Name)> All { get; } = Load();

    private static readonly Dictionary<string, string> NameByCode = All.ToDictionary(c => c.Code, c => c.Name, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> CodeByKey = BuildKeys();

    private static List<(string, string)> Load()
    {
        var byCode = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try { region = new RegionInfo(culture.Name); }
            catch (ArgumentException) { continue; }
            var code = region.TwoLetterISORegionName.ToUpperInvariant();
            if (Assignable(code)) byCode.TryAdd(code, region.EnglishName);
        }
        return byCode.Select(kv => (kv.Key, kv.Value)).OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static Dictionary<string, string> BuildKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, name) in All)
        {
            keys.TryAdd(TrialMatcher.CountryKey(name), code);
            try
            {
                var region = new RegionInfo(code);
                keys.TryAdd(TrialMatcher.CountryKey(region.ThreeLetterISORegionName), code);
                keys.TryAdd(TrialMatcher.CountryKey(region.Name), code);
            }
            catch (ArgumentException) { }
            // The registry's spellings (ClinicalTrials.gov names countries as TrialMatcher.CountryName does).
            if (TrialMatcher.CountryName(code) is { } registry) keys.TryAdd(TrialMatcher.CountryKey(registry), code);
        }
        foreach (var (alias, code) in Aliases) keys[TrialMatcher.CountryKey(alias)] = code;
        return keys;
    }

    /// <summary>The English name of a code ("GB" → "United Kingdom"), or null when it is not a country.</summary>
    public static string? Name(string? code) => code is not null && NameByCode.TryGetValue(code.Trim(), out var n) ? n : null;

    /// <summary>
    /// The ISO code for a code, a three-letter code, a name or an alias, any case ("gb", "GBR", "United Kingdom", "UK" → "GB"); null for
    /// empty input; null too for what is not a known country (the caller says so: <see cref="IsValid"/>).
    /// </summary>
    public static string? Normalize(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length == 2 && NameByCode.ContainsKey(v)) return v.ToUpperInvariant();
        return CodeByKey.TryGetValue(TrialMatcher.CountryKey(v), out var code) ? code : null;
    }

    /// <summary>True for empty input or anything <see cref="Normalize"/> recognises.</summary>
    public static bool IsValid(string? value) => string.IsNullOrWhiteSpace(value) || Normalize(value) is not null;
}
