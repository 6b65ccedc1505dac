namespace AlkNavigator.BrowserTests;

[DatabaseTests]
public class AccountBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a calm long passphrase";

    private static string Totp(string key, int stepsAhead = 0) =>
        new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    private async Task RegisterAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/register");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
    }

    /// <summary>Signed in: "Log out" can be reached. At phone width the site header folds its links into "Menu" (issue 14), so
    /// the menu is opened first, as a user would.</summary>
    private static async Task<bool> LogOutReachableAsync(IPage page)
    {
        var menu = page.Locator("header details.site-menu");
        if (await menu.IsVisibleAsync() && await menu.GetAttributeAsync("open") is null) await menu.Locator("summary").ClickAsync();
        return await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).IsVisibleAsync();
    }

    [Fact]
    public async Task Register_set_up_two_factor_then_log_in_with_it_at_360_px()
    {
        var page = await f.NewPageAsync(360, 800);
        var email = $"b{Guid.NewGuid():N}"[..10] + "@example.org";
        await RegisterAsync(page, email);
        Assert.True(await LogOutReachableAsync(page));

        // Two-factor set-up: scan (read) the key, type the code, keep the recovery codes.
        await page.GotoAsync("/account/manage/twofactor");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.GotoAsync("/account/manage/enableauthenticator");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        Assert.True(await page.Locator("img.qr").IsVisibleAsync());
        var key = (await page.Locator("#shared-key").GetAttributeAsync("data-key"))!;
        await page.Locator("input[name='Input.Code']").FillAsync(Totp(key));
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForSelectorAsync("#recovery-codes li");
        Assert.Equal(10, await page.Locator("#recovery-codes li").CountAsync());
        await page.AssertNoSeriousAxeViolationsAsync();

        // Log out from the header, then log in: the password alone is not enough.
        Assert.True(await LogOutReachableAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        await page.GotoAsync("/account/login");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account/loginwith2fa**");
        await page.AssertNoSeriousAxeViolationsAsync();

        // The code used to enable 2FA may be in the same 30-second step; if the current one is refused, send the next
        // step's code, which the verifier accepts now (it allows a step of clock drift), instead of waiting for the step.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await page.Locator("input[name='Input.TwoFactorCode']").FillAsync(Totp(key, stepsAhead: attempt));
            await page.Locator("main form button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync();
            if (!page.Url.Contains("loginwith2fa")) break;
        }
        await page.GotoAsync("/account/manage");
        Assert.Contains(email, await page.InnerTextAsync("main"));
        await page.AssertNoSeriousAxeViolationsAsync();
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/account/forgotpassword")]
    [InlineData("/account/lockout")]
    public async Task Public_account_pages_have_no_serious_axe_violations_at_both_widths(string url)
    {
        foreach (var width in new[] { 360, 1280 })
        {
            var page = await f.NewPageAsync(width);
            await page.GotoAsync(url);
            await page.AssertNoSeriousAxeViolationsAsync();
            await page.AssertNoHorizontalOverflowAsync();
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_linked_to_the_form_and_keeps_the_email()
    {
        var page = await f.NewPageAsync(360);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync("someone@example.org");
        await page.Locator("input[name='Input.Password']").FillAsync("wrong wrong wrong");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Contains("incorrect", await page.InnerTextAsync("main"));
        Assert.Equal("someone@example.org", await page.GetByLabel("Email").InputValueAsync());
        await page.AssertNoSeriousAxeViolationsAsync();
    }

    [Fact]
    public async Task After_five_wrong_passwords_the_owner_signs_in_on_a_phone_through_the_emailed_link()
    {
        var email = $"k{Guid.NewGuid():N}"[..10] + "@example.org";
        var setup = await f.NewPageAsync(1280);
        await RegisterAsync(setup, email);
        var page = await f.NewPageAsync(360, 800);
        async Task SubmitAsync(string password)
        {
            await page.Locator("[name='Input.Email']").FillAsync(email);
            await page.Locator("[name='Input.Password']").FillAsync(password);
            await page.Locator("main form button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync();
        }
        await page.GotoAsync("/account/login");
        for (var i = 0; i < 5; i++) await SubmitAsync("a wrong guess " + i);
        Assert.DoesNotContain("sign-in link", await page.InnerTextAsync("main"));

        await SubmitAsync(Password); // the right password alone: the page now asks for the emailed link
        Assert.Contains("needs the sign-in link we email to it", await page.InnerTextAsync("main"));
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).CountAsync());

        var mail = await f.App.Smtp.WaitForAsync(email, AlkNavigator.Features.Account.SignInChallenges.Subject);
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+/account/login\?link=\S+").Value;
        await page.GotoAsync(link);
        Assert.Contains("You opened your sign-in link", await page.InnerTextAsync("main"));
        await page.AssertNoSeriousAxeViolationsAsync();
        await SubmitAsync(Password);
        await page.WaitForURLAsync(u => !u.Contains("/account/login"));
        Assert.True(await LogOutReachableAsync(page));
    }

    [Fact]
    public async Task Signed_in_devices_at_360_px_sign_out_the_other_device_then_everywhere()
    {
        var email = $"d{Guid.NewGuid():N}"[..10] + "@example.org";
        var laptop = await f.NewPageAsync(360, 800);
        await RegisterAsync(laptop, email);
        var phone = await f.NewPageAsync(1280);
        await phone.GotoAsync("/account/login");
        await phone.GetByLabel("Email").FillAsync(email);
        await phone.Locator("input[name='Input.Password']").FillAsync(Password);
        await phone.Locator("main form button[type=submit]").ClickAsync();
        await phone.WaitForURLAsync(u => !u.Contains("/account/login"));

        await laptop.GotoAsync("/account/manage");
        await laptop.GetByRole(AriaRole.Link, new() { Name = "Signed-in devices" }).ClickAsync();
        await laptop.WaitForURLAsync("**/account/manage/sessions");
        Assert.Equal(2, await laptop.Locator(".session-list > li").CountAsync());
        await laptop.AssertNoSeriousAxeViolationsAsync();
        await laptop.AssertNoHorizontalOverflowAsync();

        // Sign out the other device: the phone is logged out on its next request, the laptop stays.
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out this device" }).ClickAsync();
        await laptop.WaitForSelectorAsync(".alert-success");
        Assert.Equal(1, await laptop.Locator(".session-list > li").CountAsync());
        await laptop.AssertNoSeriousAxeViolationsAsync();
        await phone.GotoAsync("/account/manage");
        Assert.Contains("/account/login", phone.Url);

        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await laptop.WaitForURLAsync("**/account/logout");
        await laptop.GotoAsync("/account/manage");
        Assert.Contains("/account/login", laptop.Url);
    }

    [Fact]
    public async Task Signed_in_account_pages_have_no_serious_axe_violations()
    {
        var page = await f.NewPageAsync(360);
        await RegisterAsync(page, $"c{Guid.NewGuid():N}"[..10] + "@example.org");
        foreach (var url in new[] { "/account/manage", "/account/export", "/account/manage/email", "/account/manage/changepassword", "/account/manage/twofactor", "/account/manage/delete", "/account/manage/sessions" })
        {
            await page.GotoAsync(url);
            await page.AssertNoSeriousAxeViolationsAsync();
            await page.AssertNoHorizontalOverflowAsync();
        }
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Download_everything_then_delete_the_account_and_read_what_was_deleted(int width)
    {
        var page = await f.NewPageAsync(width);
        await RegisterAsync(page, $"x{Guid.NewGuid():N}"[..10] + "@example.org");
        await page.GotoAsync("/record"); // opens (creates) the patient's own record
        await page.GotoAsync("/account/manage");
        await page.GetByRole(AriaRole.Link, new() { Name = "Download all your data" }).ClickAsync();
        await page.WaitForURLAsync("**/account/export");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download ZIP" }).ClickAsync());
        Assert.StartsWith("alknavigator-export-", download.SuggestedFilename);
        Assert.EndsWith(".zip", download.SuggestedFilename);

        await page.GotoAsync("/account/manage/delete");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.Locator("input[name='Input.Password']").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account for good" }).ClickAsync();
        await page.WaitForSelectorAsync("#deleted-summary");
        Assert.Contains("account", await page.Locator("#deleted-summary").InnerTextAsync());
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        await page.GotoAsync("/account/manage");
        Assert.Contains("/account/login", page.Url);
    }
}
