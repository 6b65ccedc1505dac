using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.Extensions.DependencyInjection;

namespace AlkNavigator.BrowserTests;

[DatabaseTests]
public class SymptomsBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a symptoms browser passphrase";

    [Fact]
    public async Task A_patient_on_lorlatinib_does_a_full_check_in_on_a_phone_partly_by_keyboard_and_sees_the_urgent_alert()
    {
        var page = await f.NewPageAsync(360, 740);
        var email = $"sx{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;
        var rid = Guid.Parse(recordUrl.Split('/').Last());
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = "lorlatinib", Dose = "100 mg", Start = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-2) });
            db.CareTeam.Add(new CareTeamMember { RecordId = rid, Role = "oncologist", Name = "Dr Onc", Phone = "+1 555 0100" });
            await db.SaveChangesAsync();
        }

        await page.GotoAsync($"{recordUrl}/symptoms");
        Assert.Contains("A check-in is due", await page.InnerTextAsync("main"));
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start check-in" }).ClickAsync();
        await page.WaitForURLAsync("**/symptoms/checkin");

        var steps = 0;
        while (true)
        {
            steps++;
            Assert.True(steps < 12, "too many steps");
            await page.AssertNoSeriousAxeViolationsAsync();
            await page.AssertNoHorizontalOverflowAsync();
            var progress = await page.InnerTextAsync(".checkin-progress");
            Assert.Contains($"Step {steps} of", progress);

            if (await page.Locator("button[value=submit]").CountAsync() > 0)
            {
                Assert.Contains("Shortness of breath", await page.InnerTextAsync(".checkin-review"));
                await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
                await page.WaitForURLAsync("**/symptoms/checkins/*");
                break;
            }
            if (await page.Locator("input[name=Temperature]").CountAsync() > 0)
            {
                await page.GetByLabel("Temperature (°C)").FillAsync("37.1");
                await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
                await page.WaitForURLAsync(u => u.Contains("step="));
                continue;
            }
            if (steps == 1)
            {
                await AnswerByKeyboardAsync(page);
                continue;
            }
            // Other steps with the mouse: "None"/"Never"/"No" for every item; follow-ups stay hidden.
            foreach (var gate in await page.Locator("fieldset[data-gate]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.gate)"))
                await page.Locator($"input[name='{gate}'][value='0']").CheckAsync();
            Assert.Equal(0, await page.Locator("fieldset.followup:visible").CountAsync());
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
            await page.WaitForURLAsync(u => u.Contains($"step={steps}"));
        }

        // The result: urgent, what to do now, the care team's number.
        var result = await page.InnerTextAsync("main");
        Assert.Contains("Call your care team now", result);
        Assert.Contains("emergency services", result);
        Assert.Contains("Severe shortness of breath", result);
        Assert.Equal(1, await page.Locator("main a[href='tel:+15550100']").CountAsync());
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        await page.GotoAsync($"{recordUrl}/symptoms");
        Assert.Contains("Severe shortness of breath", await page.InnerTextAsync(".open-alerts"));
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        await page.GotoAsync($"{recordUrl}/symptoms/alerts");
        await page.AssertNoSeriousAxeViolationsAsync();
        var button = page.Locator(".alert-history form button").First;
        Assert.Contains("Mark as dealt with", await button.InnerTextAsync());
        await button.ClickAsync();
        await page.WaitForSelectorAsync(".alert-success");
        Assert.Contains($"acknowledged by {email}", await page.InnerTextAsync(".alert-history"));
        await page.AssertNoHorizontalOverflowAsync();
    }

    /// <summary>
    /// The first step by keyboard only: arrow keys choose within a radio group, Tab goes to the next group (hidden
    /// follow-ups are skipped), Space picks the first answer; Enter on the button saves. Shortness of breath: Severe,
    /// interfering somewhat; everything else None/Never.
    /// </summary>
    private static async Task AnswerByKeyboardAsync(IPage page)
    {
        await page.Locator("fieldset[data-gate] input[type=radio]").First.FocusAsync();
        for (var guard = 0; guard < 40; guard++)
        {
            var focused = await page.EvaluateAsync<string[]>(
                "() => { const e = document.activeElement; return [e.type || e.tagName, e.dataset.term || '', e.dataset.attr || '']; }");
            var (type, term, attr) = (focused[0], focused[1], focused[2]);
            if (type != "radio") break;
            var want = term == "Shortness of breath" ? (attr == "severity" ? 3 : 2) : 0;
            if (want == 0) await page.Keyboard.PressAsync("Space");
            for (var i = 0; i < want; i++) await page.Keyboard.PressAsync("ArrowRight");
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("3", await page.Locator("fieldset[data-term='Shortness of breath'] fieldset[data-attr=severity] input:checked").GetAttributeAsync("value"));
        Assert.Equal("2", await page.Locator("fieldset[data-term='Shortness of breath'] fieldset[data-attr=interference] input:checked").GetAttributeAsync("value"));
        Assert.Equal(0, await page.Locator("fieldset[data-term='Cough'] fieldset.followup:visible").CountAsync());
        Assert.Equal("Save and continue", (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).Trim());
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("step=1"));
    }
}
