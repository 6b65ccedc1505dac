using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// The second-opinion pack (or the visit pack) as a PDF, drawn with PDFsharp 6.2.4 (MIT) from the same
/// <see cref="VisitPackData"/> the page shows: A4, headings, wrapped paragraphs and bullets, page breaks, "page n of m".
/// Fonts: the Segoe WP faces that ship inside the PDFsharp package (no system fonts needed on a server). Text that fits
/// Windows-1252 is written with WinAnsi encoding (readable by any PDF tool, and by the tests); other text (a name in Greek
/// or Chinese) with a Unicode font, so nothing is lost.
/// </summary>
public static class PackPdf
{
    public const string ContentType = "application/pdf";

    private const double Margin = 50;          // points (A4 is 595 × 842)
    private const double FooterSpace = 30;

    private enum Style { Title, H2, H3, Body, Bold, Small, Bullet }

    private sealed record Block(Style Style, string Text, string? Prefix = null);

    static PackPdf()
    {
        // Process-wide, set once before any font is used (PDFsharp's rule); nothing else in the app uses PDFsharp.
        GlobalFontSettings.FontResolver ??= new PackFonts();
    }

    public static string FileName(VisitPackData d) =>
        $"{(d.Full ? "second-opinion-pack" : "visit-pack")}-{RecordSummary.IsoDate(d.Today)}.pdf";

    public static byte[] Render(VisitPackData d, ContentStore kb)
    {
        var blocks = Blocks(d, kb);
        using var doc = new PdfDocument();
        doc.Info.Title = d.Full ? "Second-opinion pack" : "Visit pack";
        doc.Info.Subject = $"{d.Record.DisplayName}, prepared {RecordSummary.FormatDate(d.Today)}";
        doc.Info.Creator = "AlkNavigator";
        var w = new Writer(doc);
        foreach (var b in blocks) w.Write(b);
        w.Finish();

        using var ms = new MemoryStream();
        doc.Save(ms, false);
        return ms.ToArray();
    }

    /// <summary>The pack as a list of blocks, in the page's order and words.</summary>
    private static List<Block> Blocks(VisitPackData d, ContentStore kb)
    {
        var r = d.Record;
        string D(DateOnly x) => RecordSummary.FormatDate(x);
        string Cite(string keys) => SourceCitation.Text(kb, SourceCitation.Of(keys));
        var b = new List<Block>
        {
            new(Style.Title, d.Full ? "Second-opinion pack" : "Visit pack"),
            new(Style.Bold, r.DisplayName + (r.BirthYear is { } y ? $", born {y}" : "")),
            new(Style.Small, $"Prepared on {D(d.Today)}" + (d.NextVisit is { } nv ? $" for the visit of {D(nv.Date)}" + (nv.WithWhom is null ? "" : $" with {nv.WithWhom}") : "") +
                ". Written by the patient from their own record in AlkNavigator: information to discuss with the care team, not a medical document."),
        };
        void H(string text) => b.Add(new Block(Style.H2, text));
        void P(string text) => b.Add(new Block(Style.Body, text));
        void Li(string text) => b.Add(new Block(Style.Bullet, text, "•"));
        void Small(string text) { if (text.Length > 0) b.Add(new Block(Style.Small, text)); }

        if (d.Full)
        {
            H("In my own words");
            if (d.Summary is { Text.Length: > 0 } s)
            {
                foreach (var para in s.Text.Replace("\r\n", "\n").Split('\n')) P(para);
                Small($"Written by the patient, last changed {D(DateOnly.FromDateTime(s.UpdatedUtc))}.");
            }
            else P("No summary written yet.");
        }

        H("Diagnosis");
        Li($"Diagnosis: {RecordSummary.DiagnosisText(r) ?? "Not recorded"}");
        Li($"ALK test: {d.AlkTest}");
        if (!string.IsNullOrEmpty(r.PdL1)) Li($"PD-L1: {r.PdL1}");
        if (d.Now.Ecog is { } e) Li($"Performance status (ECOG): {e.Score}: {RecordSummary.EcogLabel(e.Score)} ({D(e.Date)})");
        if (d.Now.Brain is { } br) Li($"Brain: {RecordSummary.BrainStatusLabel(br.Status)} ({D(br.Date)})");

        H("Treatment");
        P($"Current: {VisitPack.CurrentText(d) ?? "No treatment is recorded as ongoing."}");
        if (d.Lines.Count == 0) P("No treatment lines recorded.");
        foreach (var x in d.Lines) Li(VisitPack.LineText(x));

        H("Biomarkers and mutations");
        if (r.Biomarkers.Count == 0) P("No biomarker results recorded.");
        foreach (var bm in r.Biomarkers.OrderByDescending(x => x.Date ?? DateOnly.MinValue)) Li(VisitPack.BiomarkerText(bm));

        H("Latest scans and labs");
        if (d.Scans.Count == 0) P("No scan results recorded.");
        foreach (var s in d.Scans) Li(VisitPack.ScanText(s));
        if (d.Labs.Count == 0) P("No lab results recorded.");
        else
        {
            foreach (var l in d.Labs) Li(VisitPack.LabText(l));
            Small($"Grades as in CTCAE v5.0. {Cite("ctcae-v5")}");
        }

        H("Symptoms since the last visit");
        Small((d.LastVisit is { } lv ? $"Since the last visit on {D(lv.Date)}" : $"No earlier visit is recorded, so this covers the last {SinceLastVisit.FallbackWeeks} weeks") +
              $" (from {D(d.SymptomsFrom)}): {(d.CheckIns == 1 ? "1 check-in" : $"{d.CheckIns} check-ins")}.");
        if (d.Symptoms.Count == 0) P("No check-ins in this period.");
        else
        {
            foreach (var s in d.Symptoms.Where(s => s.Worst > 0)) Li(VisitPack.SymptomText(s));
            var none = d.Symptoms.Where(s => s.Worst == 0).Select(s => s.Term).ToList();
            if (none.Count > 0) P($"Not at all: {string.Join(", ", none)}.");
            Small($"Worst answer on the PRO-CTCAE scales (0 to 4). {Cite("pro-ctcae")}");
        }

        H($"Taking {(d.Drug is null ? "the ALK medicine" : AlkDrugs.Display(d.Drug))}");
        P(d.Adherence is { } a ? $"Since dose tracking began. {VisitPack.AdherenceText(a)}"
            : d.Drug is null ? "No current ALK medicine is recorded." : "No doses have been marked yet.");

        H("Medicine interactions");
        if (d.Interactions.Drug is null) P("No current ALK medicine to check other medicines against.");
        else if (d.Interactions.Findings.Count == 0)
            P($"None of the {r.Medicines.Count} other medicines recorded is in the label-based interaction table for {AlkDrugs.Display(d.Interactions.Drug)}. The table is not complete.");
        foreach (var f in d.Interactions.Findings)
            Li($"{Interactions.InteractionSeverity.Label(f.Severity)}: {f.Medicine}{(string.Equals(f.Medicine, f.Agent, StringComparison.OrdinalIgnoreCase) ? "" : $" ({f.Agent})")}. {f.Effect} {Cite(f.Source)}");
        if (r.Medicines.Count > 0)
            P($"Other medicines: {string.Join("; ", r.Medicines.OrderBy(m => m.CreatedUtc).Select(m => m.Name + (string.IsNullOrEmpty(m.Dose) ? "" : $" {m.Dose}")))}.");

        H("What is due");
        if (d.Due.Count == 0) P("Nothing due in the monitoring plan.");
        foreach (var i in d.Due)
            Li($"{i.Title}: {Schedule.ScheduleText.StatusLabel(Schedule.ItemStatus.Of(i, d.Today))}, due {D(i.Due)}. {i.Reason} {(i.Source == "care team" ? "(Source: care team)" : Cite(i.Source))}");

        H("Questions");
        if (d.Questions.Count == 0 && d.OwnQuestions.Count == 0) P("No questions yet.");
        var n = 0;
        foreach (var q in d.Questions) b.Add(new Block(Style.Bullet, $"{q.Question} Why: {q.Why} {Cite(q.Source)}", $"{++n}."));
        foreach (var q in d.OwnQuestions) b.Add(new Block(Style.Bullet, $"{q.Text} (my own question)", $"{++n}."));
        Small("Questions to ask the care team, not advice. Questions worked out from the record give their reason and source.");

        if (d.Full)
        {
            H("Full history");
            if (d.Timeline.Count == 0) P("Nothing dated in the record yet.");
            foreach (var t in d.Timeline) Li($"{D(t.Date)}: {t.Text}");
            foreach (var p in r.Procedures.Where(p => p.Date is null)) Li($"Undated: {RecordSummary.ProcedureKindLabel(p.Kind)}: {p.Name}");
            b.Add(new Block(Style.H3, "All scan results"));
            if (d.AllScans.Count == 0) P("None recorded.");
            foreach (var s in d.AllScans) Li(VisitPack.ScanText(s));
            b.Add(new Block(Style.H3, "All lab results"));
            if (d.AllLabs.Count == 0) P("None recorded.");
            foreach (var l in d.AllLabs) Li(VisitPack.LabText(l));
            b.Add(new Block(Style.H3, "Visits"));
            if (d.Visits.Count == 0) P("No visits recorded.");
            foreach (var v in d.Visits) Li($"{D(v.Date)}, with {VisitPack.VisitWith(v)}{(string.IsNullOrEmpty(v.Notes) ? "" : $": {v.Notes}")}");
            if (d.Answered.Count > 0)
            {
                b.Add(new Block(Style.H3, "Questions asked and answers"));
                foreach (var q in d.Answered) Li($"{q.Text} {q.Answer}");
            }
        }
        Small("From AlkNavigator. Medical facts cite their sources; the record is what the patient entered. The care team decides with the patient.");
        return b;
    }

    /// <summary>Lays blocks out top to bottom, wrapping words to the width and starting a page when the next line does not fit.</summary>
    private sealed class Writer(PdfDocument doc)
    {
        private static readonly XPdfFontOptions WinAnsi = new(PdfFontEncoding.WinAnsi);
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
        private readonly Dictionary<(Style, bool), XFont> _fonts = [];
        private XGraphics? _g;
        private PdfPage? _page;
        private double _y;

        private static (double Size, bool Bold, double Before, double After) Spec(Style s) => s switch
        {
            Style.Title => (18, true, 0, 6),
            Style.H2 => (13, true, 10, 3),
            Style.H3 => (11, true, 6, 2),
            Style.Bold => (11, true, 0, 3),
            Style.Small => (8.5, false, 1, 3),
            _ => (10, false, 0, 2),
        };

        private XFont Font(Style s, bool unicode)
        {
            if (_fonts.TryGetValue((s, unicode), out var f)) return f;
            var (size, bold, _, _) = Spec(s);
            return _fonts[(s, unicode)] = new XFont(PackFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, unicode ? Unicode : WinAnsi);
        }

        private double Width => (_page?.Width.Point ?? XUnit.FromMillimeter(210).Point) - 2 * Margin;
        private double Bottom => (_page?.Height.Point ?? XUnit.FromMillimeter(297).Point) - Margin - FooterSpace;

        private void NewPage()
        {
            _g?.Dispose();
            _page = doc.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _g = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        public void Write(Block block)
        {
            if (_g is null) NewPage();
            var (_, _, before, after) = Spec(block.Style);
            var unicode = !FitsWinAnsi(block.Text) || (block.Prefix is { } p && !FitsWinAnsi(p));
            var font = Font(block.Style, unicode);
            var lineHeight = font.GetHeight() * 1.15;
            var indent = block.Prefix is null ? 0 : 16;
            var lines = Wrap(block.Text, font, Width - indent);
            // A heading keeps at least two lines of what follows with it.
            var keep = block.Style is Style.H2 or Style.H3 or Style.Title ? lineHeight * 3 : lineHeight;
            if (_y + before + keep > Bottom) NewPage();
            else _y += before;
            for (var i = 0; i < lines.Count; i++)
            {
                if (_y + lineHeight > Bottom) NewPage();
                if (i == 0 && block.Prefix is not null)
                    _g!.DrawString(block.Prefix, font, XBrushes.Black, new XPoint(Margin, _y + font.GetHeight()));
                _g!.DrawString(lines[i], font, XBrushes.Black, new XPoint(Margin + indent, _y + font.GetHeight()));
                _y += lineHeight;
            }
            if (block.Style == Style.H2)
                _g!.DrawLine(new XPen(XColors.Gray, 0.5), Margin, _y, Margin + Width, _y);
            _y += after;
        }

        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (_g!.MeasureString(candidate, font).Width <= width || line.Length == 0 && !TooWide(word))
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                line = word;
                // A single word wider than the line (a long URL): cut it.
                while (TooWide(line))
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && _g.MeasureString(line[..cut], font).Width > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            if (line.Length > 0 || lines.Count == 0) lines.Add(line);
            return lines;

            bool TooWide(string s) => _g!.MeasureString(s, font).Width > width;
        }

        /// <summary>Closes the last page and writes "Name · page n of m" at the foot of each page.</summary>
        public void Finish()
        {
            if (_g is null) NewPage();
            _g!.Dispose();
            _g = null;
            var total = doc.PageCount;
            for (var i = 0; i < total; i++)
            {
                var page = doc.Pages[i];
                using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                var text = $"{doc.Info.Title} · page {i + 1} of {total}";
                var font = Font(Style.Small, !FitsWinAnsi(text));
                g.DrawString(text, font, XBrushes.Gray, new XPoint(Margin, page.Height.Point - Margin));
            }
        }
    }

    /// <summary>Whether every character has a Windows-1252 code (Latin-1 without the C1 controls, plus the 1252 extras).</summary>
    internal static bool FitsWinAnsi(string s)
    {
        foreach (var c in s)
        {
            if (c < 0x80 && (c >= 0x20 || c is '\t')) continue;
            if (c >= 0xA0 && c <= 0xFF) continue;
            if ("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".Contains(c)) continue;
            return false;
        }
        return true;
    }
}

/// <summary>The fonts of the PDF: Segoe WP (regular and bold), shipped inside the PDFsharp package (PdfSharp.WPFonts).</summary>
internal sealed class PackFonts : IFontResolver
{
    public const string Family = "Segoe WP";

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "SegoeWP-Bold" : "SegoeWP", false, italic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        "SegoeWP-Bold" => PdfSharp.WPFonts.FontDataHelper.SegoeWPBold,
        _ => PdfSharp.WPFonts.FontDataHelper.SegoeWP,
    };
}
