using System.Globalization;
using System.Xml.Linq;
using AlkNavigator.Features.Symptoms;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>The server-rendered trend chart: well-formed, accessible, values where they belong, text escaped.</summary>
public class TrendChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Severity = ["None", "Mild", "Moderate", "Severe", "Very severe"];
    private static readonly DateOnly From = new(2026, 9, 1), To = new(2026, 11, 30);

    private static TrendSpec Nausea(IReadOnlyList<TrendMarker>? markers = null) => TrendChart.ForSymptom("trend-1", "Nausea", Severity,
        [
            new(new DateOnly(2026, 10, 6), 1, "severity Mild"),
            new(new DateOnly(2026, 11, 3), 2, "severity Moderate"),
            new(new DateOnly(2026, 11, 10), 4, "severity Very severe"),
            new(new DateOnly(2026, 11, 24), 0, "None"),
        ], markers ?? [], From, To);

    private static XElement Parse(string svg) => XElement.Parse(svg);

    [Fact]
    public void The_chart_is_well_formed_svg_with_role_img_title_and_desc_linked_by_id()
    {
        var root = Parse(TrendChart.Render(Nausea()));
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        var title = root.Element(Svg + "title")!;
        var desc = root.Element(Svg + "desc")!;
        Assert.Equal("trend-1-title trend-1-desc", (string?)root.Attribute("aria-labelledby"));
        Assert.Equal("trend-1-title", (string?)title.Attribute("id"));
        Assert.Equal("trend-1-desc", (string?)desc.Attribute("id"));
        Assert.Contains("Nausea", title.Value);
    }

    [Fact]
    public void The_description_says_the_worst_answer_with_its_date_and_the_latest_answer()
    {
        var desc = Parse(TrendChart.Render(Nausea())).Element(Svg + "desc")!.Value;
        Assert.StartsWith("Nausea: worst severity Very severe on 10 Nov; now None (24 Nov).", desc);
        Assert.Contains("4 check-ins", desc);
    }

    [Fact]
    public void Each_point_sits_at_its_value_on_the_scale_and_later_dates_lie_further_right()
    {
        var spec = Nausea();
        var circles = Parse(TrendChart.Render(spec)).Descendants(Svg + "circle").ToList();
        Assert.Equal(4, circles.Count);
        double Cy(XElement c) => double.Parse((string)c.Attribute("cy")!, CultureInfo.InvariantCulture);
        double Cx(XElement c) => double.Parse((string)c.Attribute("cx")!, CultureInfo.InvariantCulture);
        Assert.Equal(["1", "2", "4", "0"], circles.Select(c => (string)c.Attribute("data-value")!));
        Assert.Equal(TrendChart.Bottom, Cy(circles[3]));  // None at the bottom
        Assert.Equal(TrendChart.Top, Cy(circles[2]));     // Very severe at the top
        Assert.Equal(TrendChart.Bottom - (TrendChart.Bottom - TrendChart.Top) / 2, Cy(circles[1]), 1); // Moderate in the middle
        Assert.True(Cx(circles[0]) < Cx(circles[1]) && Cx(circles[1]) < Cx(circles[2]) && Cx(circles[2]) < Cx(circles[3]));
        // The y axis is labelled with the scale's words.
        var labels = Parse(TrendChart.Render(spec)).Descendants(Svg + "text").Select(t => t.Value).ToList();
        foreach (var word in Severity) Assert.Contains(word, labels);
        // A step line: values hold until the next check-in.
        var d = (string)Parse(TrendChart.Render(spec)).Descendants(Svg + "path").Single().Attribute("d")!;
        Assert.StartsWith("M", d);
        Assert.Contains(" H", d);
        Assert.Contains(" V", d);
    }

    [Fact]
    public void Treatment_changes_are_vertical_lines_labelled_with_the_agent_and_named_in_the_description()
    {
        var spec = Nausea([new(new DateOnly(2026, 10, 20), "alectinib stopped"), new(new DateOnly(2026, 10, 21), "lorlatinib started"), new(new DateOnly(2025, 1, 1), "crizotinib started")]);
        var root = Parse(TrendChart.Render(spec));
        var markers = root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "marker").ToList();
        Assert.Equal(2, markers.Count); // the one before the period is not drawn
        foreach (var m in markers)
        {
            var line = m.Element(Svg + "line")!;
            Assert.Equal((string)line.Attribute("x1")!, (string)line.Attribute("x2")!);
        }
        Assert.Equal(["alectinib stopped", "lorlatinib started"], markers.Select(m => m.Element(Svg + "text")!.Value));
        Assert.Contains("Treatment changes: alectinib stopped 20 Oct; lorlatinib started 21 Oct.", root.Element(Svg + "desc")!.Value);
    }

    [Fact]
    public void Text_from_the_record_is_escaped()
    {
        var spec = TrendChart.ForSymptom("x\"><script>", "Pain <b>&</b> \"x\"", Severity,
            [new(new DateOnly(2026, 11, 3), 2, "<i>Moderate</i>")], [new(new DateOnly(2026, 11, 1), "drug </text><script>alert(1)</script>")], From, To);
        var svg = TrendChart.Render(spec);
        Assert.DoesNotContain("<script>", svg);
        Assert.DoesNotContain("<b>", svg);
        Assert.DoesNotContain("<i>", svg);
        var root = Parse(svg); // still well-formed
        Assert.Contains("Pain <b>&</b> \"x\"", root.Element(Svg + "title")!.Value);
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "drug </text><script>alert(1)</script>");
        Assert.Equal("xscript-title xscript-desc", (string?)root.Attribute("aria-labelledby"));
    }

    [Fact]
    public void No_inline_style_attributes()
    {
        var root = Parse(TrendChart.Render(Nausea([new(new DateOnly(2026, 10, 20), "alectinib stopped")])));
        Assert.DoesNotContain(root.DescendantsAndSelf(), e => e.Attribute("style") is not null);
    }

    [Fact]
    public void A_presence_item_uses_a_no_yes_scale()
    {
        var spec = TrendChart.ForSymptom("rash", "Rash", ["No", "Yes"], [new(new DateOnly(2026, 11, 3), 1, "Yes")], [], From, To);
        var root = Parse(TrendChart.Render(spec));
        var circle = root.Descendants(Svg + "circle").Single();
        Assert.Equal(TrendChart.Top, double.Parse((string)circle.Attribute("cy")!, CultureInfo.InvariantCulture));
        Assert.Contains("Rash: worst Yes on 3 Nov", root.Element(Svg + "desc")!.Value);
    }

    [Fact]
    public void A_measurement_chart_fits_its_axis_to_the_values_and_describes_latest_highest_lowest()
    {
        var spec = TrendChart.ForMeasurement("w", "Weight", "kg",
            [new(new DateOnly(2026, 10, 1), 71.5, "71.5 kg"), new(new DateOnly(2026, 10, 15), 70.2, "70.2 kg"), new(new DateOnly(2026, 11, 1), 72.0, "72.0 kg")], [], From, To);
        Assert.True(spec.YMin < 70.2 && spec.YMax > 72.0);
        var root = Parse(TrendChart.Render(spec));
        Assert.Equal("Weight: latest 72.0 kg on 1 Nov; highest 72.0 kg on 1 Nov; lowest 70.2 kg on 15 Oct.", root.Element(Svg + "desc")!.Value);
        var cys = root.Descendants(Svg + "circle").Select(c => double.Parse((string)c.Attribute("cy")!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(cys[1] > cys[0] && cys[0] > cys[2]); // lower values lower on the chart
        Assert.DoesNotContain(" H", (string)root.Descendants(Svg + "path").Single().Attribute("d")!);
    }

    [Fact]
    public void An_empty_series_says_so()
    {
        var root = Parse(TrendChart.Render(TrendChart.ForSymptom("e", "Cough", Severity, [], [], From, To)));
        Assert.Equal("Cough: no answers in this period.", root.Element(Svg + "desc")!.Value);
        Assert.Empty(root.Descendants(Svg + "circle"));
    }
}
