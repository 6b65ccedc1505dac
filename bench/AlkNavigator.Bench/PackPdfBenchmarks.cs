using AlkNavigator.Features.Interactions;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Visit;
using BenchmarkDotNet.Attributes;

/// <summary>
/// Issue 14: drawing the demo patient's packs as PDF with PDFsharp (what each "Download PDF" costs after the page's
/// queries): the visit pack, and the second-opinion pack with the full history and a 1,500-character summary.
/// The data is the demo record built in memory (DemoData.Build), with 12 weeks of symptom answers, labs and scans.
/// </summary>
[MemoryDiagnoser]
public class PackPdfBenchmarks
{
    private ContentStore _content = null!;
    private VisitPackData _visit = null!;
    private VisitPackData _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "content");
        _content = ContentStore.Load(dir);
        var today = new DateOnly(2026, 11, 30);
        var record = DemoData.Build("bench", today);
        var due = SchedulePlanner.Plan(record, today, 4).Take(6)
            .Select(p => new MonitoringItem { RecordId = record.Id, Kind = p.Kind, Title = p.Title, Due = p.Due, Reason = p.Reason, Source = p.Source }).ToList();
        string[] terms = ["Nausea", "Diarrhea", "Swelling", "Fatigue", "Muscle pain", "Numbness and tingling", "Memory", "Shortness of breath"];
        var symptoms = terms.Select((t, i) => new PackSymptom(t, i % 4, "severity", new[] { "None", "Mild", "Moderate", "Severe" }[i % 4], today.AddDays(-i * 3))).ToList();
        var labs = new[] { "ALT", "AST", "cholesterol", "triglycerides", "CPK", "glucose" }
            .SelectMany((a, i) => Enumerable.Range(0, 6).Select(k => new PackLab(today.AddDays(-30 * k), a, 40 + i * 10 + k, "U/L", 40, k % 3))).ToList();
        var scans = Enumerable.Range(0, 8).Select(k => new PackScan(today.AddMonths(-3 * k), k % 2 == 0 ? "ct" : "brain-mri", k % 2 == 0 ? "CT chest, abdomen and pelvis" : "Brain MRI", "Stable", null)).ToList();
        VisitPackData Data(bool full) => new()
        {
            Record = record, Today = today, Full = full, Now = RecordSummary.Compute(record, today), Lines = RecordSummary.NumberedLines(record.Treatments),
            SymptomsFrom = today.AddDays(-84), Symptoms = symptoms, CheckIns = 12, Drug = "lorlatinib",
            Adherence = new AlkNavigator.Features.Symptoms.Adherence(today.AddDays(-84), today, 84, 80, 2, 2),
            Interactions = InteractionsView.For(record, compact: true), Scans = scans.Take(3).ToList(),
            Labs = labs.GroupBy(l => l.Analyte).Select(g => g.First()).ToList(), Due = due,
            Questions = VisitQuestions.For(record, today, ResistanceTable.Cached(dir)), OwnQuestions = [],
            Summary = full ? new PatientSummary { Text = string.Concat(Enumerable.Repeat("Diagnosed with stage IV ALK-positive lung cancer; brain lesions treated with SRS. ", 18)) } : null,
            Timeline = full ? RecordSummary.Timeline(record) : [], AllScans = full ? scans : [], AllLabs = full ? labs : [],
        };
        _visit = Data(false);
        _full = Data(true);
    }

    [Benchmark]
    public int VisitPackPdf() => PackPdf.Render(_visit, _content).Length;

    [Benchmark]
    public int SecondOpinionPackPdf() => PackPdf.Render(_full, _content).Length;
}
