using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.Extensions.DependencyInjection;

namespace AlkNavigator.BrowserTests;

/// <summary>The trends, "since my last visit" and overview reminders on a phone-sized screen: axe clean, nothing sticking out sideways.</summary>
[DatabaseTests]
public class TrendsBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a trends browser passphrase";

    [Fact]
    public async Task Trends_summary_settings_medication_and_overview_reminders_are_accessible_on_a_phone()
    {
        var page = await f.NewPageAsync(360, 740);
        var email = $"tr{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;
        var rid = Guid.Parse(recordUrl.Split('/').Last());

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = "alectinib", Dose = "600 mg", Start = today.AddDays(-40) });
            for (var week = 5; week >= 1; week--)
            {
                var at = today.AddDays(-7 * week - 1).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
                var c = new CheckIn { RecordId = rid, Status = CheckInStatus.Submitted, StartedUtc = at.AddMinutes(-2), SubmittedUtc = at, WeightKg = 70 + week / 2m, EnteredByEmail = email };
                c.Answers.Add(new CheckInAnswer { Term = "Nausea", Attribute = Attributes.Frequency, Value = week % 3 });
                c.Answers.Add(new CheckInAnswer { Term = "Nausea", Attribute = Attributes.Severity, Value = week % 3 });
                c.Answers.Add(new CheckInAnswer { Term = "Arm or leg swelling", Attribute = Attributes.Severity, Value = 1 });
                c.Answers.Add(new CheckInAnswer { Term = "Constipation", Attribute = Attributes.Severity, Value = 0 }); // flat: folded away
                c.Answers.Add(new CheckInAnswer { Term = "Dizziness", Attribute = Attributes.Severity, Value = 0 });
                db.CheckIns.Add(c);
            }
            db.DoseEntries.Add(new DoseEntry { RecordId = rid, Drug = "alectinib", LocalDate = today.AddDays(-2), Slot = 0, Status = DoseStatus.Taken, MarkedByEmail = email });
            await db.SaveChangesAsync();
        }

        await page.GotoAsync($"{recordUrl}/symptoms/trends");
        Assert.Equal(5, await page.Locator("svg.trend-chart[role=img]").CountAsync()); // nausea, swelling, constipation, dizziness, weight
        // Symptoms with an answer above "none" first and shown; the flat ones folded in one closed details (issue 14).
        var headings = (await page.Locator("section.trend h3").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        Assert.Equal(["Arm or leg swelling", "Nausea"], headings.Take(2).Order(StringComparer.Ordinal));
        var quiet = page.Locator("details.trend-quiet");
        Assert.Equal(["Constipation", "Dizziness"], (await quiet.Locator("section.trend h3").EvaluateAllAsync<string[]>("hs => hs.map(h => h.textContent.trim())")).Order(StringComparer.Ordinal));
        Assert.Contains("2 symptoms", await quiet.Locator("> summary").InnerTextAsync());
        Assert.False(await quiet.Locator("svg.trend-chart").First.IsVisibleAsync());
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        // Keyboard: the summary takes focus and Enter opens it.
        await quiet.Locator("> summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await quiet.Locator("svg.trend-chart").First.IsVisibleAsync());
        Assert.True(await quiet.EvaluateAsync<bool>("d => d.open"));
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.Locator("details.trend-data summary").First.ClickAsync();
        Assert.True(await page.Locator("details.trend-data table").First.IsVisibleAsync());
        await page.AssertNoSeriousAxeViolationsAsync();

        await page.GotoAsync($"{recordUrl}/symptoms/summary");
        Assert.Contains("Since my last visit", await page.InnerTextAsync("h1"));
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        await page.GotoAsync($"{recordUrl}/symptoms/summary?since=oops");
        Assert.Contains("is not a date", await page.InnerTextAsync(".since-form"));
        await page.AssertNoSeriousAxeViolationsAsync();

        // Settings then medication, keyboard only: choose a time zone, save; mark the first dose of today as taken.
        await page.GotoAsync($"{recordUrl}/symptoms/settings");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        await page.Locator("#Input_TimeZone").FocusAsync();
        await page.Locator("#Input_TimeZone").SelectOptionAsync("Europe/London");
        await page.Locator("form.record-form button[type=submit]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("main .alert[role=status]").WaitForAsync(); // the saved page's status message
        Assert.Equal("Europe/London", await page.Locator("#Input_TimeZone").InputValueAsync());

        await page.GotoAsync($"{recordUrl}/symptoms/medication");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        var taken = page.Locator("form.med-actions button[value=taken]").First;
        await taken.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("main .alert[role=status]").WaitForAsync(); // the saved page's status message
        await page.AssertNoSeriousAxeViolationsAsync();
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.True(db.DoseEntries.Any(d => d.RecordId == rid && d.Status == DoseStatus.Taken && d.LocalDate >= today.AddDays(-1)));
        }

        await page.GotoAsync(recordUrl);
        Assert.Contains("weekly symptom check-in is due", await page.InnerTextAsync("aside.due-reminders"));
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
    }
}
