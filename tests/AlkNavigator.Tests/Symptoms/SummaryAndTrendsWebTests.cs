using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Xml.Linq;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>
/// A patient with three months of check-ins, alerts, doses and medicine changes (written straight to the
/// database), seen through the trends page, the "since my last visit" summary and the record overview.
/// </summary>
public sealed class SymptomHistoryWorld : IAsyncLifetime
{
    public const string Password = "a trends test passphrase";
    public TestApp App { get; private set; } = null!;
    public HttpClient Owner { get; private set; } = null!;
    public HttpClient Caregiver { get; private set; } = null!;
    public Guid RecordId { get; private set; }
    public DateOnly Today { get; private set; }
    public DateOnly DrugStart => Today.AddDays(-10);
    public int ExpectedDue { get; private set; }

    private static DateTime Noon(DateOnly d) => d.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        // The app's clock is stopped at 14:00 UTC today: the morning dose is late, the evening one not yet due, on any time of day the test runs.
        Today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = Today.ToDateTime(new TimeOnly(14, 0), DateTimeKind.Utc);
        App = await TestApp.StartAsync(s => s["Symptoms:Reminders:Enabled"] = "false", clock: new FakeTimeProvider(new DateTimeOffset(now)));
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();

        var owner = new AppUser { UserName = "trends-owner@example.org", Email = "trends-owner@example.org", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(owner, Password)).Succeeded);
        await users.AddToRoleAsync(owner, Roles.Patient);
        var carer = new AppUser { UserName = "trends-carer@example.org", Email = "trends-carer@example.org", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(carer, Password)).Succeeded);
        await users.AddToRoleAsync(carer, Roles.Caregiver);
        var record = await access.GetOrCreateOwnAsync(owner);
        record.DisplayName = "Sam <Trend>";
        RecordId = record.Id;
        var d = Today;
        db.CaregiverAccess.Add(new CaregiverAccess
        {
            RecordId = record.Id, InvitedEmail = carer.Email!, Level = AccessLevels.View, TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = DateTime.UtcNow.AddDays(7),
            InvitedById = owner.Id, CaregiverId = carer.Id, AcceptedUtc = DateTime.UtcNow,
        });
        db.SymptomSettings.Add(new SymptomSettings { RecordId = record.Id, TimeZone = "UTC", DoseTimes = "08:00,20:00", CheckInDay = (int)Today.DayOfWeek });

        CheckIn C(int daysAgo, bool onBehalf, decimal? weight, params (string Term, string Attr, int Value)[] answers)
        {
            var c = new CheckIn
            {
                RecordId = record.Id, Status = CheckInStatus.Submitted, StartedUtc = Noon(d.AddDays(-daysAgo)).AddMinutes(-2), SubmittedUtc = Noon(d.AddDays(-daysAgo)),
                EnteredByEmail = onBehalf ? carer.Email! : owner.Email!, EnteredById = onBehalf ? carer.Id : owner.Id, OnBehalf = onBehalf, WeightKg = weight,
            };
            c.Answers.AddRange(answers.Select(a => new CheckInAnswer { Term = a.Term, Attribute = a.Attr, Value = a.Value }));
            return c;
        }
        const string F = "Fatigue, tiredness, or lack of energy";
        var c100 = C(100, false, null, ("Nausea", "frequency", 4), ("Nausea", "severity", 4));
        var c70 = C(70, false, 70.0m, ("Nausea", "frequency", 1), ("Nausea", "severity", 1), (F, "severity", 2), (F, "interference", 1));
        var c35 = C(35, true, 71.5m, ("Nausea", "frequency", 3), ("Nausea", "severity", 3), (F, "severity", 1), (F, "interference", 1));
        var c14 = C(14, false, 72.0m, ("Nausea", "frequency", 0), ("Nausea", "severity", 0), (F, "severity", 2), (F, "interference", 3));
        var draft = new CheckIn { RecordId = record.Id, Status = CheckInStatus.Draft, StartedUtc = DateTime.UtcNow.AddHours(-1) };
        draft.Answers.Add(new CheckInAnswer { Term = "Cough", Attribute = "severity", Value = 4 });
        db.CheckIns.AddRange(c100, c70, c35, c14, draft);

        SymptomAlert A(CheckIn c, string level, string message, DateTime? ack) => new()
        {
            RecordId = record.Id, CheckInId = c.Id, RuleId = "r-" + message, Level = level, Message = message, Action = "", Basis = "test", Term = "Nausea",
            Score = 3, Change = "new", CreatedUtc = c.SubmittedUtc!.Value, AcknowledgedUtc = ack, AcknowledgedByEmail = ack is null ? null : owner.Email,
        };
        db.SymptomAlerts.AddRange(
            A(c100, AlertLevels.Urgent, "Very severe nausea long ago", null),
            A(c35, AlertLevels.Contact, "Frequent nausea", null),
            A(c14, AlertLevels.NextVisit, "Tiredness gets in the way", Noon(d.AddDays(-13))));

        db.Treatments.AddRange(
            new TreatmentLine { RecordId = record.Id, Agent = "crizotinib", Start = d.AddDays(-400), End = d.AddDays(-11), StopReason = "side-effects" },
            new TreatmentLine { RecordId = record.Id, Agent = "alectinib", Dose = "600 mg", Start = DrugStart });
        db.Medicines.AddRange(
            new OtherMedicine { RecordId = record.Id, Name = "ondansetron", Dose = "8 mg" },
            new OtherMedicine { RecordId = record.Id, Name = "old statin", CreatedUtc = DateTime.UtcNow.AddDays(-300) });

        // Doses since the start: 15 taken, 3 missed, the rest not recorded.
        var marks = new List<DoseEntry>();
        for (var i = 0; i < 18; i++)
        {
            var day = DrugStart.AddDays(i / 2);
            marks.Add(new DoseEntry { RecordId = record.Id, Drug = "alectinib", LocalDate = day, Slot = i % 2, Status = i < 15 ? DoseStatus.Taken : DoseStatus.Missed, MarkedByEmail = owner.Email! });
        }
        db.DoseEntries.AddRange(marks);
        await db.SaveChangesAsync();

        // Due so far: 10 whole days of two doses, plus today's 08:00 dose (late at 14:00); the 20:00 one is not due yet.
        ExpectedDue = 21;

        Owner = await LoginAsync(owner.Email!);
        Caregiver = await LoginAsync(carer.Email!);
    }

    private async Task<HttpClient> LoginAsync(string email)
    {
        var client = App.CreateClient();
        var r = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    public async Task DisposeAsync()
    {
        Owner.Dispose();
        Caregiver.Dispose();
        await App.DisposeAsync();
    }
}

[DatabaseTests]
public class SummaryAndTrendsWebTests(SymptomHistoryWorld w) : IClassFixture<SymptomHistoryWorld>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private string D(int daysAgo) => RecordSummary.FormatDate(w.Today.AddDays(-daysAgo));
    private string Short(int daysAgo) => TrendChart.ShortDate(w.Today.AddDays(-daysAgo));

    private static string Text(AngleSharp.Dom.IElement? e) => System.Text.RegularExpressions.Regex.Replace(e?.TextContent ?? "", @"\s+", " ").Trim();

    [Fact]
    public async Task Trends_show_a_chart_per_symptom_with_title_description_treatment_markers_and_a_data_table()
    {
        var response = await w.Owner.GetAsync($"/record/{w.RecordId}/symptoms/trends");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = Forms.Parse(await response.Content.ReadAsStringAsync());
        var sections = doc.QuerySelectorAll("section.trend").ToList();
        var nausea = sections.Single(s => Text(s.QuerySelector("h3")) == "Nausea");
        var svg = nausea.QuerySelector("svg[role=img]")!;
        var xml = XElement.Parse(svg.OuterHtml); // the markup served is well-formed XML too
        // Default period: 26 weeks, so the check-in of 100 days ago is in.
        Assert.Equal($"Nausea: worst severity Very severe on {Short(100)}; now Never ({Short(14)}). 4 check-ins from {Short(100)} to {Short(14)}. Treatment changes: crizotinib stopped {Short(11)}; alectinib started {Short(10)}.",
            xml.Element(Svg + "desc")!.Value);
        Assert.Equal(4, xml.Descendants(Svg + "circle").Count());
        Assert.Contains(xml.Descendants(Svg + "text"), t => t.Value == "alectinib started");
        Assert.Contains(xml.Descendants(Svg + "text"), t => t.Value == "Almost constantly"); // frequency is nausea's first question

        var table = nausea.QuerySelector("details table")!;
        Assert.Equal("Nausea: answers per check-in", Text(table.QuerySelector("caption")));
        Assert.Equal(["Date", "Frequency", "Severity"], table.QuerySelectorAll("thead th").Select(Text));
        var rows = table.QuerySelectorAll("tbody tr").Select(r => string.Join(" | ", r.Children.Select(Text))).ToList();
        Assert.Equal([$"{D(100)} | Almost constantly | Very severe", $"{D(70)} | Rarely | Mild", $"{D(35)} (answered by a caregiver) | Frequently | Severe", $"{D(14)} | Never | None"], rows);

        Assert.Contains(sections, s => Text(s.QuerySelector("h3")) == "Fatigue, tiredness, or lack of energy");
        Assert.DoesNotContain(sections, s => Text(s.QuerySelector("h3")) == "Cough"); // only in a draft
        var weight = sections.Single(s => Text(s.QuerySelector("h3")) == "Weight");
        Assert.Contains("Weight: latest 72.0 kg", Text(weight.QuerySelector("desc")));
        Assert.Empty(doc.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task The_trend_range_filter_leaves_out_older_check_ins()
    {
        var doc = await w.Owner.GetDocumentAsync($"/record/{w.RecordId}/symptoms/trends?weeks=12");
        var nausea = doc.QuerySelectorAll("section.trend").Single(s => Text(s.QuerySelector("h3")) == "Nausea");
        Assert.StartsWith($"Nausea: worst severity Severe on {Short(35)}; now Never", Text(nausea.QuerySelector("desc")));
        Assert.Equal("12", doc.QuerySelector("input[name=weeks][checked]")?.GetAttribute("value"));
        doc = await w.Owner.GetDocumentAsync($"/record/{w.RecordId}/symptoms/trends?weeks=all");
        Assert.Equal(4, doc.QuerySelectorAll("section.trend").Single(s => Text(s.QuerySelector("h3")) == "Nausea").QuerySelectorAll("circle").Length);
    }

    [Fact]
    public async Task The_summary_shows_the_worst_answers_of_the_last_12_weeks_with_their_dates_and_meaning()
    {
        var doc = await w.Owner.GetDocumentAsync($"/record/{w.RecordId}/symptoms/summary");
        Assert.Equal("Since my last visit", Text(doc.QuerySelector("h1")));
        var rows = doc.QuerySelectorAll("table.worst-table tbody tr").ToDictionary(r => Text(r.Children[0]), r => r);
        Assert.Equal(["Fatigue, tiredness, or lack of energy", "Nausea"], rows.Keys.Order(StringComparer.Ordinal));
        string Worst(string term, string attribute) => Text(rows[term].QuerySelector($"li[data-attribute={attribute}]"));
        Assert.Equal($"Frequency: Frequently (3), {D(35)}", Worst("Nausea", "frequency"));
        Assert.Equal($"Severity: Severe (3), {D(35)}", Worst("Nausea", "severity"));
        Assert.Equal($"Severity: Moderate (2), {D(14)}", Worst("Fatigue, tiredness, or lack of energy", "severity"));
        Assert.Equal($"Interference: Quite a bit (3), {D(14)}", Worst("Fatigue, tiredness, or lack of energy", "interference"));
        Assert.Contains("grade 3", Text(rows["Nausea"].Children[2]));
        Assert.Contains("grade 2", Text(rows["Fatigue, tiredness, or lack of energy"].Children[2]));

        var body = Text(doc.QuerySelector(".since-visit"));
        Assert.Contains("3 check-ins in this period, 1 answered by a caregiver.", body);
        // Alerts of the period, with their acknowledgement; the one of 100 days ago is left out.
        var alerts = doc.QuerySelectorAll(".summary-alert").Select(Text).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.Contains("Frequent nausea", alerts[0]);
        Assert.Contains("Not acknowledged", alerts[0]);
        Assert.Contains("Tiredness gets in the way", alerts[1]);
        Assert.Contains($"Acknowledged {D(13)} by trends-owner@example.org", alerts[1]);
        // Medicine changes.
        var changes = doc.QuerySelectorAll(".summary-changes li").Select(Text).ToList();
        Assert.Contains($"Started alectinib (600 mg) on {D(10)}", changes);
        Assert.Contains($"Stopped crizotinib on {D(11)} (side-effects)", changes);
        Assert.Contains(changes, c => c.StartsWith("New other medicine: ondansetron, 8 mg", StringComparison.Ordinal));
        Assert.DoesNotContain(changes, c => c.Contains("old statin"));
        Assert.Contains("Use your browser's Print command", body);
        Assert.Contains("Sam <Trend>", body);
    }

    [Fact]
    public async Task The_summary_shows_adherence_to_the_current_drug_overall_and_per_week()
    {
        var doc = await w.Owner.GetDocumentAsync($"/record/{w.RecordId}/symptoms/summary");
        var body = Text(doc.QuerySelector(".since-visit"));
        var percent = (int)Math.Round(100.0 * 15 / w.ExpectedDue, MidpointRounding.AwayFromZero);
        Assert.Contains("Taking alectinib", body);
        Assert.Contains($"Doses due in the period: {w.ExpectedDue}. Taken: 15. Marked missed: 3. Not recorded: {w.ExpectedDue - 18}.", body);
        Assert.Equal($"{percent}%", Text(doc.QuerySelector(".adherence-total")));
        var weeks = doc.QuerySelectorAll("table.adherence-weeks tbody tr").Select(r => r.Children.Select(Text).ToList()).ToList();
        Assert.Equal(2, weeks.Count);
        Assert.Equal([$"{D(10)} to {D(4)}", "14", "14", "0", "0", "100%"], weeks[0]);
        Assert.Equal($"{D(3)} to {D(0)}", weeks[1][0]);
        Assert.Equal((w.ExpectedDue - 14).ToString(), weeks[1][1]);
        Assert.Equal(["1", "3"], weeks[1].Skip(2).Take(2));
    }

    [Fact]
    public async Task The_since_date_chooses_the_period()
    {
        var since = RecordSummary.IsoDate(w.Today.AddDays(-20));
        var doc = await w.Owner.GetDocumentAsync($"/record/{w.RecordId}/symptoms/summary?since={since}");
        var body = Text(doc.QuerySelector(".since-visit"));
        Assert.Contains($"from {D(20)} to {D(0)}", body);
        Assert.Contains("1 check-in in this period.", body);
        Assert.Equal(since, doc.QuerySelector("input#since")?.GetAttribute("value"));
        Assert.Single(doc.QuerySelectorAll(".summary-alert"));
        Assert.Equal("Not at all in this period: Nausea.", Text(doc.QuerySelector(".worst-none")));
        Assert.Equal(["Fatigue, tiredness, or lack of energy"], doc.QuerySelectorAll("table.worst-table tbody th").Select(Text));
    }

    [Theory]
    [InlineData("not-a-date", "is not a date")]
    [InlineData("2026-02-30", "is not a date")]
    [InlineData("2999-01-01", "can't be in the future")]
    public async Task An_invalid_since_date_gives_a_clear_error_and_the_default_period(string since, string message)
    {
        var response = await w.Owner.GetAsync($"/record/{w.RecordId}/symptoms/summary?since={since}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = Forms.Parse(await response.Content.ReadAsStringAsync());
        var error = Text(doc.QuerySelector(".since-form .alert-danger"));
        Assert.Contains(message, error);
        Assert.Contains("Showing the last 12 weeks instead.", error);
        Assert.Equal("true", doc.QuerySelector("input#since")?.GetAttribute("aria-invalid"));
        Assert.Contains($"from {D(84)} to {D(0)}", Text(doc.QuerySelector(".since-visit")));
    }

    [Fact]
    public async Task A_caregivers_reads_are_audited()
    {
        Assert.Equal(HttpStatusCode.OK, (await w.Caregiver.GetAsync($"/record/{w.RecordId}/symptoms/trends")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Caregiver.GetAsync($"/record/{w.RecordId}/symptoms/summary")).StatusCode);
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var reads = await db.AuditEntries.Where(a => a.RecordId == w.RecordId && a.Action == "read").Select(a => a.What).ToListAsync();
        Assert.Contains("symptom trends", reads);
        Assert.Contains("symptom summary", reads);
    }

    [Fact]
    public async Task The_record_overview_shows_what_is_due()
    {
        var doc = await w.Owner.GetDocumentAsync($"/record/{w.RecordId}");
        var reminders = doc.QuerySelector("aside.due-reminders");
        Assert.NotNull(reminders);
        Assert.Contains("A check-in was started and not finished.", Text(reminders));
        Assert.NotNull(reminders!.QuerySelector($"a[href='/record/{w.RecordId}/symptoms/checkin']"));
        // A view-only caregiver sees the reminder but no link to answer.
        doc = await w.Caregiver.GetDocumentAsync($"/record/{w.RecordId}");
        Assert.Null(doc.QuerySelector($"aside.due-reminders a[href='/record/{w.RecordId}/symptoms/checkin']"));
    }
}
