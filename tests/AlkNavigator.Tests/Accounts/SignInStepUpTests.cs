using System.Net;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;

namespace AlkNavigator.Tests.Accounts;

/// <summary>
/// Issue 11 item 4: five wrong passwords used to lock an account for 15 minutes, so anyone could keep a patient out,
/// and a locked account answered differently from an unknown address. Now failures with one address make it need
/// the sign-in link emailed to it as well as the password, and every answer is the same for addresses with and
/// without an account.
/// </summary>
[DatabaseTests]
public class SignInStepUpTests
{
    private const string Password = "a long enough passphrase";

    private static async Task<(TestApp App, FakeTimeProvider Clock)> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 9, 0, 0, TimeSpan.Zero));
        return (await TestApp.StartAsync(clock: clock), clock);
    }

    private static async Task<string> CreateUserAsync(TestApp app, string? email = null)
    {
        email ??= $"s{Guid.NewGuid():N}"[..12] + "@example.org";
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(u, Password)).Succeeded);
        await users.AddToRoleAsync(u, Roles.Patient);
        return email;
    }

    /// <summary>Posts the login form of <paramref name="page"/> (default: the plain login page; an emailed link's page carries the link).</summary>
    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string page = "/account/login") =>
        client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    private static async Task FailAsync(TestApp app, string email, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var stranger = app.CreateClient(); // a new client each time, as from many machines
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(stranger, email, $"guess number {i} here")).StatusCode);
        }
    }

    private static async Task<string> MainAsync(HttpResponseMessage r) =>
        Forms.Parse(await r.Content.ReadAsStringAsync()).QuerySelector("main")!.TextContent;

    private static List<string> Links(TestApp app, string email) =>
        app.Smtp.Messages.Where(m => m.Subject == SignInChallenges.Subject && m.To.Mailboxes.Any(b => b.Address == email))
            .Select(m => new Uri(Regex.Match(m.TextBody ?? "", @"https?://\S+/account/login\?link=\S+").Value).PathAndQuery).ToList();

    private static async Task<string> WaitForLinkAsync(TestApp app, string email, int count)
    {
        for (var i = 0; i < 600 && Links(app, email).Count < count; i++) await Task.Delay(50);
        var links = Links(app, email);
        Assert.True(links.Count == count, $"expected {count} sign-in link emails, got {links.Count}");
        return links[^1];
    }

    private static async Task<bool> SignedInAsync(HttpClient client) =>
        (await client.GetAsync("/account/manage")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task Wrong_passwords_from_strangers_never_lock_the_owner_out_who_signs_in_through_the_emailed_link()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        var email = await CreateUserAsync(app);
        await FailAsync(app, email, SignInChallenges.Threshold);

        using var owner = app.CreateClient();
        var asked = await LoginAsync(owner, email, Password);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("needs the sign-in link", await MainAsync(asked));
        Assert.False(await SignedInAsync(owner), "the right password alone is not enough now");
        var link = await WaitForLinkAsync(app, email, 1);

        // The link's page with a wrong password: refused, and the link stays the one to use (no new email).
        var wrong = await LoginAsync(owner, email, "not my password", link);
        Assert.Contains(LoginModel.FailedWithLinkMessage, await MainAsync(wrong));
        Assert.False(await SignedInAsync(owner));

        var ok = await LoginAsync(owner, email, Password, link);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.True(await SignedInAsync(owner));
        Assert.Single(Links(app, email));
        using (var scope = app.Services.CreateScope())
            Assert.Null((await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.LockoutEnd);

        // The success forgets the failures: one more wrong password is an ordinary one.
        using var later = app.CreateClient();
        var plain = await MainAsync(await LoginAsync(later, email, "wrong again here"));
        Assert.Contains(LoginModel.FailedMessage, plain);
        Assert.DoesNotContain("sign-in link", plain);
    }

    [Fact]
    public async Task A_stranger_hammering_the_address_sends_one_email_an_hour_and_cannot_spoil_the_owners_link()
    {
        // The review's attack on 6-digit codes: wrong answers used them up and the hourly allowance ran out, locking the
        // owner out again. A link's secret cannot be guessed, so nothing a stranger does makes it stop working.
        var (app, clock) = await StartAsync();
        await using var _app = app;
        var email = await CreateUserAsync(app);
        await FailAsync(app, email, SignInChallenges.Threshold);
        using var stranger = app.CreateClient();
        for (var i = 0; i < 40; i++)
        {
            var page = i % 2 == 0 ? "/account/login" : "/account/login?link=" + new string('A', 43);
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(stranger, email, Password + (i % 3 == 0 ? "" : "x"), page)).StatusCode);
        }
        Assert.False(await SignedInAsync(stranger), "the right password without the emailed link never signs in");
        var link = await WaitForLinkAsync(app, email, 1);
        using var owner = app.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(owner, email, Password, link)).StatusCode);

        // A link works for an hour; after it, the next attempt sends a new one, and the old one no longer works.
        await FailAsync(app, email, SignInChallenges.Threshold);
        using var next = app.CreateClient();
        await LoginAsync(next, email, Password);
        var second = await WaitForLinkAsync(app, email, 2);
        clock.Advance(SignInChallenges.LinkLifetime + TimeSpan.FromMinutes(1));
        await FailAsync(app, email, SignInChallenges.Threshold); // a new run: the code step again
        Assert.Contains(LoginModel.FailedWithLinkMessage, await MainAsync(await LoginAsync(next, email, Password, second)));
        var third = await WaitForLinkAsync(app, email, 3);
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(next, email, Password, third)).StatusCode);
    }

    [Fact]
    public async Task An_address_without_an_account_answers_every_step_exactly_like_one_with_an_account()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        var known = await CreateUserAsync(app);
        var unknown = $"n{Guid.NewGuid():N}"[..12] + "@example.org";
        for (var i = 0; i < SignInChallenges.Threshold + 3; i++)
        {
            using var a = app.CreateClient();
            using var b = app.CreateClient();
            var page = i > SignInChallenges.Threshold ? "/account/login?link=" + new string('B', 43) : "/account/login";
            var ra = await LoginAsync(a, known, "not the password", page);
            var rb = await LoginAsync(b, unknown, "not the password", page);
            Assert.Equal(ra.StatusCode, rb.StatusCode);
            Assert.Equal(await MainAsync(ra), await MainAsync(rb));
        }
        await WaitForLinkAsync(app, known, 1);
        Assert.DoesNotContain(app.Smtp.Messages, m => m.To.Mailboxes.Any(x => x.Address == unknown));
    }

    [Fact]
    public async Task Spelling_variants_of_an_address_share_its_count()
    {
        // "ſ" (long s) and a decomposed accent find the same account through Identity's normalisation; they must not get fresh tries.
        var (app, _) = await StartAsync();
        await using var _app = app;
        var email = await CreateUserAsync(app, $"alise{Guid.NewGuid():N}"[..12] + "@example.org");
        var variants = new[] { email, email.Replace("alis", "ali\u017F"), email.ToUpperInvariant(), " " + email + " " };
        for (var i = 0; i < SignInChallenges.Threshold; i++)
        {
            using var c = app.CreateClient();
            await LoginAsync(c, variants[i % variants.Length], "wrong " + i);
        }
        using var owner = app.CreateClient();
        Assert.Contains("needs the sign-in link", await MainAsync(await LoginAsync(owner, email.Replace("alis", "ali\u017F"), Password)));
    }

    [Fact]
    public async Task A_password_reset_ends_the_step_up_so_the_new_password_works_alone()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        var email = await CreateUserAsync(app);
        await FailAsync(app, email, SignInChallenges.Threshold);
        using var owner = app.CreateClient();
        await owner.SubmitAsync("/account/forgotpassword", new Dictionary<string, string> { ["Input.Email"] = email });
        var mail = await app.Smtp.WaitForAsync(email, "Reset your AlkNavigator password");
        var reset = new Uri(Regex.Match(mail.TextBody ?? "", @"https?://\S+/account/resetpassword\S+", RegexOptions.IgnoreCase).Value).PathAndQuery;
        await owner.SubmitAsync(reset, new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = "a brand new passphrase", ["Input.ConfirmPassword"] = "a brand new passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(owner, email, "a brand new passphrase")).StatusCode);
    }

    [Fact]
    public async Task A_locked_account_answers_a_wrong_password_like_any_address_and_names_the_lock_only_after_the_right_one()
    {
        var (app, clock) = await StartAsync();
        await using var _app = app;
        var email = await CreateUserAsync(app);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, clock.GetUtcNow().AddYears(1)); // as wrong two-factor codes would
        }
        using var client = app.CreateClient();
        var wrongKnown = await MainAsync(await LoginAsync(client, email, "not the password"));
        var wrongUnknown = await MainAsync(await LoginAsync(client, "nobody-" + email, "not the password"));
        Assert.Equal(wrongUnknown, wrongKnown);
        Assert.Contains(LoginModel.FailedMessage, wrongKnown);

        var right = await LoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/account/lockout", right.Headers.Location!.OriginalString.ToLowerInvariant());
        Assert.False(await SignedInAsync(client));
    }
}
