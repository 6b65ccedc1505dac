using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace AlkNavigator.Features.Trials.Geo;

/// <summary>
/// Places by country and name, offline: the GeoNames-derived table shipped in the assembly (cities.tsv.gz, see SOURCES.md), and US
/// ZIP codes (zips-us.tsv.gz, the Census Bureau's ZIP code tabulation areas), each loaded once on first use. No network call, ever.
/// Used to place the patient for the distance to a trial's nearest site.
/// </summary>
public static partial class Gazetteer
{
    private const string ResourceName = "AlkNavigator.Features.Trials.Geo.cities.tsv.gz";
    private const string ZipResourceName = "AlkNavigator.Features.Trials.Geo.zips-us.tsv.gz";

    private static readonly Lazy<Dictionary<string, (double Lat, double Lon)>> Places = new(Load);
    private static readonly Lazy<Dictionary<string, (double Lat, double Lon)>> UsZips = new(LoadZips);

    /// <summary>How many US ZIP codes the table holds.</summary>
    public static int ZipCount => UsZips.Value.Count;

    /// <summary>Where the patient is: from the postal code when the table knows it (more precise: US ZIP codes), else from the city;
    /// with what it was placed by ("ZIP code 94110", "San Francisco"). Null when neither is known.</summary>
    public static (double Lat, double Lon, string From)? Locate(string? countryCode, string? city, string? postalCode)
    {
        if (FindPostal(countryCode, postalCode) is { } z) return (z.Lat, z.Lon, $"ZIP code {UsZip(postalCode)}");
        if (Find(countryCode, city) is { } c) return (c.Lat, c.Lon, city!.Trim());
        return null;
    }

    /// <summary>Where a postal code is: US five-digit ZIP codes, also written as ZIP+4 ("94110-1234"); null for other countries and for
    /// codes the table does not know (PO-box-only and retired codes have no area).</summary>
    public static (double Lat, double Lon)? FindPostal(string? countryCode, string? postalCode)
    {
        if (!string.Equals(countryCode?.Trim(), "US", StringComparison.OrdinalIgnoreCase) || UsZip(postalCode) is not { } zip) return null;
        return UsZips.Value.TryGetValue(zip, out var p) ? p : null;
    }

    /// <summary>The five-digit ZIP code of "94110", "94110-1234" or "94110 1234"; null for anything else.</summary>
    private static string? UsZip(string? postalCode)
    {
        var m = UsZipPattern().Match(postalCode?.Trim() ?? "");
        return m.Success ? m.Groups[1].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^([0-9]{5})(?:[-\s]?[0-9]{4})?$")]
    private static partial System.Text.RegularExpressions.Regex UsZipPattern();

    /// <summary>How many places the table holds.</summary>
    public static int Count => Places.Value.Count;

    /// <summary>Where a city is ("GB", "London" → 51.51, -0.13), or null when the table does not know it. Case and accents are ignored.</summary>
    public static (double Lat, double Lon)? Find(string? countryCode, string? city)
    {
        if (string.IsNullOrWhiteSpace(countryCode) || string.IsNullOrWhiteSpace(city)) return null;
        return Places.Value.TryGetValue(Key(countryCode, city), out var p) ? p : null;
    }

    private static string Key(string country, string name)
    {
        var d = name.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(country.Trim().ToUpperInvariant()).Append('|');
        var space = false;
        foreach (var ch in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(ch) || ch is '-' or '\'' or '.') { space = true; continue; }
            if (space && sb[^1] != '|') sb.Append(' ');
            space = false;
            sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    private static Dictionary<string, (double, double)> Load()
    {
        var places = new Dictionary<string, (double, double)>(200_000, StringComparer.Ordinal);
        foreach (var f in Lines(ResourceName))
            if (f.Length == 4) places.TryAdd(Key(f[0], f[1]), (Number(f[2]), Number(f[3])));
        return places;
    }

    private static Dictionary<string, (double, double)> LoadZips()
    {
        var zips = new Dictionary<string, (double, double)>(40_000, StringComparer.Ordinal);
        foreach (var f in Lines(ZipResourceName))
            if (f.Length == 3) zips.TryAdd(f[0], (Number(f[1]), Number(f[2])));
        return zips;
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static IEnumerable<string[]> Lines(string resource)
    {
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The gazetteer ({resource}) is missing from the build.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress), Encoding.UTF8);
        while (reader.ReadLine() is { } line) yield return line.Split('\t');
    }
}

/// <summary>Great-circle distances.</summary>
public static class Distance
{
    private const double EarthRadiusKm = 6371.0088; // mean radius (IUGG)

    /// <summary>The haversine distance in kilometres between two points given in degrees.</summary>
    public static double Km(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>The nearest site a patient could still join (recruiting or not yet recruiting, or with no status given) among a trial's
    /// LocationsJson sites with coordinates: its distance and city; null when no such site has coordinates.</summary>
    public static (double Km, string? City)? NearestOpenSite(string? locationsJson, (double Lat, double Lon) from)
    {
        if (string.IsNullOrEmpty(locationsJson) || !locationsJson.Contains("\"lat\"", StringComparison.Ordinal)) return null;
        (double Km, string? City)? best = null;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(locationsJson);
            foreach (var site in doc.RootElement.EnumerateArray())
            {
                if (!site.TryGetProperty("lat", out var lat) || !site.TryGetProperty("lon", out var lon)) continue;
                var status = site.TryGetProperty("status", out var s) ? s.GetString() : null;
                if (status is not (null or "RECRUITING" or "NOT_YET_RECRUITING" or "ENROLLING_BY_INVITATION" or "AVAILABLE")) continue;
                var km = Km(from.Lat, from.Lon, lat.GetDouble(), lon.GetDouble());
                if (best is null || km < best.Value.Km)
                    best = (km, site.TryGetProperty("city", out var c) ? c.GetString() : null);
            }
        }
        catch (System.Text.Json.JsonException) { return null; }
        return best;
    }
}
