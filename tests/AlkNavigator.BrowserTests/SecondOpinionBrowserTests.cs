using AlkNavigator.Data;
using AlkNavigator.Features.SecondOpinion;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace AlkNavigator.BrowserTests;

/// <summary>
/// The second-opinion program in a real browser: a patient asks, a navigator adds a centre to the directory and moves the
/// request through the queue to a booked appointment, the patient sees it. Axe clean and no sideways scrolling on every page.
/// </summary>
[DatabaseTests]
public class SecondOpinionBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a second opinion browser passphrase";

    private static async Task CheckAsync(IPage page)
    {
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
    }

    private async Task<IPage> NavigatorAsync(int width)
    {
        var email = $"nav{Guid.NewGuid():N}"[..14] + "@example.org";
        using (var scope = f.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, Roles.Navigator);
        }
        var page = await f.NewPageAsync(width, 900);
        await page.GotoAsync("/account/login");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/account/login"));
        return page;
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task A_patient_asks_for_a_second_opinion_a_navigator_moves_it_to_booked_and_the_patient_sees_it(int width)
    {
        // The patient registers and opens the second-opinion page from the record's navigation.
        var patient = await f.NewPageAsync(width, 900);
        var email = $"so{Guid.NewGuid():N}"[..14] + "@example.org";
        await patient.GotoAsync("/account/register");
        await patient.Locator("[name='Input.Email']").FillAsync(email);
        await patient.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(patient, email, Password);
        await patient.GotoAsync("/record");
        await patient.WaitForURLAsync("**/record/*");
        // The record's navigation is in five sections (issue 14): on a phone every page is in the record menu; on a wide
        // screen the section "People & sharing" shows its pages, one of them "Second opinion".
        if (width < 640) await patient.Locator(".record-nav details.record-menu > summary").ClickAsync();
        else
        {
            await patient.Locator(".record-nav .record-sections").GetByRole(AriaRole.Link, new() { Name = "People & sharing" }).ClickAsync();
            await patient.WaitForURLAsync("**/careteam");
        }
        await patient.Locator(".record-nav").GetByRole(AriaRole.Link, new() { Name = "Second opinion", Exact = true }).ClickAsync();
        await patient.WaitForURLAsync("**/second-opinion");
        await CheckAsync(patient);

        // A missing question is refused with a clear message, and what was typed stays.
        await patient.GetByLabel("Languages").FillAsync("English, Spanish");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(patient.Locator(".alert-danger")).ToContainTextAsync("Write what you would like the second opinion to answer.");
        await Expect(patient.GetByLabel("Languages")).ToHaveValueAsync("English, Spanish");
        await CheckAsync(patient);

        await patient.GetByLabel("What would you like answered?").FillAsync("Is lorlatinib the right next step after progression?");
        await patient.GetByLabel("Telehealth (video or phone)").CheckAsync();
        await patient.GetByLabel("Soon: within a month").CheckAsync();
        await patient.GetByLabel("My name as it is on the record").CheckAsync();
        await patient.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(patient.Locator("#status")).ToContainTextAsync("Your request: Received");
        await CheckAsync(patient);
        await f.App.Smtp.WaitForAsync(email, SecondOpinionEmails.ReceivedSubject);

        var requestId = await WithDbAsync(db => db.Set<SecondOpinionRequest>().Where(r => r.RequestedByEmail == email).Select(r => r.Id).SingleAsync());

        // A navigator adds a centre to the directory, finds the request in the workspace and matches it.
        var nav = await NavigatorAsync(width);
        await nav.GotoAsync("/navigator");
        await CheckAsync(nav);
        await nav.GetByRole(AriaRole.Link, new() { Name = "Add a specialist or centre" }).First.ClickAsync();
        await nav.WaitForURLAsync("**/navigator/directory/new");
        await CheckAsync(nav);
        var institution = $"ALK Centre {Guid.NewGuid():N}"[..20];
        await nav.GetByLabel("Institution").FillAsync(institution);
        await nav.GetByLabel("City").FillAsync("Madrid");
        await nav.GetByLabel("Country").SelectOptionAsync("ES");
        await nav.GetByLabel("Languages").FillAsync("spanish, english");
        await nav.GetByLabel("Offers telehealth (video or phone) appointments").CheckAsync();
        await nav.GetByRole(AriaRole.Button, new() { Name = "Add to the directory" }).ClickAsync();
        await nav.WaitForURLAsync("**/second-opinion/directory");
        await Expect(nav.Locator("main")).ToContainTextAsync(institution);
        await CheckAsync(nav);

        await nav.GotoAsync("/navigator");
        await nav.GetByRole(AriaRole.Link, new() { Name = $"(request {requestId.ToString()[..8]})" }).First.ClickAsync();
        await nav.WaitForURLAsync($"**/navigator/requests/{requestId}");
        await Expect(nav.Locator("main")).ToContainTextAsync("Is lorlatinib the right next step after progression?");
        await CheckAsync(nav);

        var match = nav.Locator("form", new() { Has = nav.GetByRole(AriaRole.Button, new() { Name = "Match with a specialist" }) });
        await match.GetByLabel("Specialist or centre").SelectOptionAsync(new SelectOptionValue { Label = $"{institution}, Madrid (Spain), telehealth available" });
        await match.GetByLabel("Message to the patient (optional)").FillAsync("They offer video appointments in Spanish.");
        await match.GetByRole(AriaRole.Button, new() { Name = "Match with a specialist" }).ClickAsync();
        await Expect(nav.Locator("main")).ToContainTextAsync("Moved to “Matched with a specialist”");
        await CheckAsync(nav);
        await f.App.Smtp.WaitForAsync(email, SecondOpinionEmails.MatchedSubject);

        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        var book = nav.Locator("form", new() { Has = nav.GetByRole(AriaRole.Button, new() { Name = "Record the booked appointment" }) });
        await book.GetByLabel("Appointment day").FillAsync(day.ToString("yyyy-MM-dd"));
        await book.GetByLabel("Appointment details (time, place or video link, what to bring)").FillAsync("10:30, video call");
        await book.GetByRole(AriaRole.Button, new() { Name = "Record the booked appointment" }).ClickAsync();
        await Expect(nav.Locator("main")).ToContainTextAsync("Moved to “Appointment booked”");
        await CheckAsync(nav);
        await f.App.Smtp.WaitForAsync(email, SecondOpinionEmails.BookedSubject);

        // The patient sees the booked appointment, the specialist and the way to the second-opinion pack.
        await patient.ReloadAsync();
        await Expect(patient.Locator("#status")).ToContainTextAsync("Your request: Appointment booked");
        await Expect(patient.Locator("main")).ToContainTextAsync(day.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(patient.Locator("main")).ToContainTextAsync(institution);
        await Expect(patient.Locator("main")).ToContainTextAsync("They offer video appointments in Spanish.");
        await Expect(patient.GetByRole(AriaRole.Link, new() { Name = "prepare your second-opinion pack" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/record/[0-9a-f-]+/visit$"));
        await CheckAsync(patient);
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> f2)
    {
        using var scope = f.App.Services.CreateScope();
        return await f2(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
