using System.Globalization;
using System.Security;
using System.Text;

namespace AlkNavigator.Features.Symptoms;

/// <summary>One value on a date; Label is how it reads (e.g. "Moderate", "71.5 kg").</summary>
public sealed record TrendPoint(DateOnly Date, double Value, string Label);

/// <summary>A treatment change drawn as a vertical line (e.g. "alectinib started").</summary>
public sealed record TrendMarker(DateOnly Date, string Label);

/// <summary>A y-axis tick: value and its label.</summary>
public sealed record YTick(double Value, string Label);

/// <summary>Everything one chart shows. Step: the value holds until the next point (answers recall the last 7 days).</summary>
public sealed record TrendSpec(
    string Id, string Title, string Description, IReadOnlyList<TrendPoint> Points,
    double YMin, double YMax, IReadOnlyList<YTick> Ticks, IReadOnlyList<TrendMarker> Markers,
    DateOnly From, DateOnly To, bool Step);

/// <summary>
/// Server-rendered, accessible SVG trend charts: role="img" with a title and a description that says what the
/// chart shows in words; every text escaped; no inline style (classes and SVG attributes only).
/// </summary>
public static class TrendChart
{
    public const int Width = 560, Height = 230;
    public const double Left = 124, Right = 548, Top = 34, Bottom = 186;

    public static string ShortDate(DateOnly d) => d.ToString("d MMM", CultureInfo.InvariantCulture);
    public static string LongDate(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A symptom's chart: worst answer per check-in on the scale of the item's first attribute.</summary>
    public static TrendSpec ForSymptom(string id, string term, IReadOnlyList<string> scale,
        IReadOnlyList<TrendPoint> points, IReadOnlyList<TrendMarker> markers, DateOnly from, DateOnly to)
    {
        var ticks = scale.Select((label, i) => new YTick(i, label)).ToList();
        var desc = new StringBuilder();
        if (points.Count == 0) desc.Append($"{term}: no answers in this period.");
        else
        {
            var worst = points.MaxBy(p => p.Value)!;
            var worstLast = points.Last(p => p.Value == worst.Value);
            var now = points[^1];
            if (worst.Value == 0) desc.Append($"{term}: {now.Label} at every check-in.");
            else desc.Append($"{term}: worst {worstLast.Label} on {ShortDate(worstLast.Date)}; now {now.Label} ({ShortDate(now.Date)}).");
            desc.Append(CultureInfo.InvariantCulture, $" {points.Count} {(points.Count == 1 ? "check-in" : "check-ins")} from {ShortDate(points[0].Date)} to {ShortDate(now.Date)}.");
        }
        AppendMarkers(desc, markers, from, to);
        return new TrendSpec(id, $"{term}: worst answer per check-in", desc.ToString(), points, 0, Math.Max(1, scale.Count - 1), ticks, markers, from, to, Step: true);
    }

    /// <summary>A measurement's chart (weight, temperature, ...): a line through the values, axis fitted to them.</summary>
    public static TrendSpec ForMeasurement(string id, string name, string unit, IReadOnlyList<TrendPoint> points,
        IReadOnlyList<TrendMarker> markers, DateOnly from, DateOnly to)
    {
        double min = points.Count == 0 ? 0 : points.Min(p => p.Value), max = points.Count == 0 ? 1 : points.Max(p => p.Value);
        var pad = Math.Max(1, (max - min) * 0.15);
        var lo = Math.Floor(min - pad);
        var hi = Math.Ceiling(max + pad);
        var decimals = points.Any(p => p.Value != Math.Round(p.Value)) ? 1 : 0;
        string F(double v) => v.ToString(decimals == 0 ? "0" : "0.#", CultureInfo.InvariantCulture);
        var ticks = new List<YTick> { new(lo, $"{F(lo)} {unit}"), new((lo + hi) / 2, $"{F((lo + hi) / 2)} {unit}"), new(hi, $"{F(hi)} {unit}") };
        var desc = new StringBuilder();
        if (points.Count == 0) desc.Append($"{name}: no values in this period.");
        else
        {
            var hiP = points.MaxBy(p => p.Value)!;
            var loP = points.MinBy(p => p.Value)!;
            desc.Append($"{name}: latest {points[^1].Label} on {ShortDate(points[^1].Date)}; highest {hiP.Label} on {ShortDate(hiP.Date)}; lowest {loP.Label} on {ShortDate(loP.Date)}.");
        }
        AppendMarkers(desc, markers, from, to);
        return new TrendSpec(id, name, desc.ToString(), points, lo, hi, ticks, markers, from, to, Step: false);
    }

    private static void AppendMarkers(StringBuilder desc, IReadOnlyList<TrendMarker> markers, DateOnly from, DateOnly to)
    {
        var shown = markers.Where(m => m.Date >= from && m.Date <= to).ToList();
        if (shown.Count > 0)
            desc.Append(" Treatment changes: " + string.Join("; ", shown.Select(m => $"{m.Label} {ShortDate(m.Date)}")) + ".");
    }

    public static double X(TrendSpec s, DateOnly d)
    {
        var span = Math.Max(1, s.To.DayNumber - s.From.DayNumber);
        var t = Math.Clamp((d.DayNumber - s.From.DayNumber) / (double)span, 0, 1);
        return Math.Round(Left + t * (Right - Left), 1);
    }

    public static double Y(TrendSpec s, double v)
    {
        var span = s.YMax - s.YMin;
        var t = span <= 0 ? 0 : Math.Clamp((v - s.YMin) / span, 0, 1);
        return Math.Round(Bottom - t * (Bottom - Top), 1);
    }

    private static string E(string s) => SecurityElement.Escape(s) ?? "";
    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The SVG markup (inline in HTML, also well-formed XML).</summary>
    public static string Render(TrendSpec s)
    {
        var id = new string(s.Id.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" focusable=\"false\">");
        sb.Append($"<title id=\"{id}-title\">{E(s.Title)}</title>");
        sb.Append($"<desc id=\"{id}-desc\">{E(s.Description)}</desc>");

        // Axes and grid
        sb.Append("<g class=\"axis y-axis\">");
        foreach (var t in s.Ticks)
        {
            var y = Y(s, t.Value);
            sb.Append($"<line class=\"grid\" x1=\"{N(Left)}\" x2=\"{N(Right)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" />");
            sb.Append($"<text class=\"tick-label\" x=\"{N(Left - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{E(t.Label)}</text>");
        }
        sb.Append("</g>");
        sb.Append("<g class=\"axis x-axis\">");
        sb.Append($"<line class=\"axis-line\" x1=\"{N(Left)}\" x2=\"{N(Right)}\" y1=\"{N(Bottom)}\" y2=\"{N(Bottom)}\" />");
        var dates = new List<DateOnly> { s.From, s.To };
        var mid = DateOnly.FromDayNumber((s.From.DayNumber + s.To.DayNumber) / 2);
        if (s.To.DayNumber - s.From.DayNumber >= 14) dates.Insert(1, mid);
        for (var i = 0; i < dates.Count; i++)
        {
            var anchor = i == 0 ? "start" : i == dates.Count - 1 ? "end" : "middle";
            sb.Append($"<text class=\"tick-label\" x=\"{N(X(s, dates[i]))}\" y=\"{N(Bottom + 20)}\" text-anchor=\"{anchor}\">{E(LongDate(dates[i]))}</text>");
        }
        sb.Append("</g>");

        // Treatment changes
        var markers = s.Markers.Where(m => m.Date >= s.From && m.Date <= s.To).OrderBy(m => m.Date).ToList();
        if (markers.Count > 0)
        {
            sb.Append("<g class=\"markers\">");
            for (var i = 0; i < markers.Count; i++)
            {
                var x = X(s, markers[i].Date);
                var ly = 12 + (i % 2) * 12; // alternate rows so neighbouring labels do not overlap
                var anchor = x > (Left + Right) / 2 ? "end" : "start";
                var lx = anchor == "end" ? x - 3 : x + 3;
                sb.Append($"<g class=\"marker\"><title>{E(markers[i].Label)} {E(LongDate(markers[i].Date))}</title>");
                sb.Append($"<line class=\"marker-line\" x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(ly - 8)}\" y2=\"{N(Bottom)}\" stroke-dasharray=\"4 3\" />");
                sb.Append($"<text class=\"marker-label\" x=\"{N(lx)}\" y=\"{N(ly)}\" text-anchor=\"{anchor}\">{E(markers[i].Label)}</text></g>");
            }
            sb.Append("</g>");
        }

        // The series
        if (s.Points.Count > 0)
        {
            var path = new StringBuilder();
            for (var i = 0; i < s.Points.Count; i++)
            {
                var p = s.Points[i];
                var (x, y) = (X(s, p.Date), Y(s, p.Value));
                if (i == 0) path.Append($"M{N(x)} {N(y)}");
                else if (s.Step) path.Append($" H{N(x)} V{N(y)}");
                else path.Append($" L{N(x)} {N(y)}");
            }
            sb.Append($"<path class=\"series{(s.Step ? " step" : "")}\" d=\"{path}\" fill=\"none\" />");
            sb.Append("<g class=\"points\">");
            foreach (var p in s.Points)
                sb.Append($"<circle class=\"point\" cx=\"{N(X(s, p.Date))}\" cy=\"{N(Y(s, p.Value))}\" r=\"4\" data-date=\"{p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\" data-value=\"{N(p.Value)}\"><title>{E(LongDate(p.Date))}: {E(p.Label)}</title></circle>");
            sb.Append("</g>");
        }
        else
        {
            sb.Append($"<text class=\"empty\" x=\"{N((Left + Right) / 2)}\" y=\"{N((Top + Bottom) / 2)}\" text-anchor=\"middle\">No answers in this period</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}
