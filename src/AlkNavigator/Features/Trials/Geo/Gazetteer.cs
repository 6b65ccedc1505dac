using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace AlkNavigator.Features.Trials.Geo;

/// <summary>
/// Places by country and name, offline: the GeoNames-derived table shipped in the assembly (cities.tsv.gz, see SOURCES.md), loaded
/// once on first use. No network call, ever. Used to place the patient's city for the distance to a trial's nearest site.
/// </summary>
public static class Gazetteer
{
    private const string ResourceName = "AlkNavigator.Features.Trials.Geo.cities.tsv.gz";

    private static readonly Lazy<Dictionary<string, (double Lat, double Lon)>> Places = new(Load);

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
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The gazetteer ({ResourceName}) is missing from the build.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress), Encoding.UTF8);
        var places = new Dictionary<string, (double, double)>(200_000, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length != 4) continue;
            places.TryAdd(Key(f[0], f[1]), (double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        return places;
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
