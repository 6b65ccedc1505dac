using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Identity;

namespace AlkNavigator.Tests.Accounts;

/// <summary>Rate limits on sign-in and on actions that send email (per client and per account), and fixed email subjects.</summary>
[DatabaseTests]
public class RateLimitTests
{
    private const string Password = "a long enough passphrase";

    private static Task<TestApp> StartAsync(int signInClient = 100000, int signInAccount = 100000, int emailClient = 100000, int emailAccount = 100000) =>
        TestApp.StartAsync(s =>
        {
            s["RateLimit:SignInPerClientPerMinute"] = signInClient.ToString();
            s["RateLimit:SignInPerAccountPer15Minutes"] = signInAccount.ToString();
            s["RateLimit:EmailPerClientPerHour"] = emailClient.ToString();
            s["RateLimit:EmailPerAccountPer15Minutes"] = emailAccount.ToString();
        });

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email) =>
        client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "wrong password here" });

    private static Task<HttpResponseMessage> ForgotAsync(HttpClient client, string email) =>
        client.SubmitAsync("/account/forgotpassword", new Dictionary<string, string> { ["Input.Email"] = email });

    private static async Task AssertLimitedAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
        Assert.True(r.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "Retry-After in seconds");
        Assert.Contains("Too many attempts. Try again in", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_login_post_after_the_client_limit_gets_429_with_Retry_After()
    {
        await using var app = await StartAsync(signInClient: 3);
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, $"nobody{i}@example.org")).StatusCode);
        await AssertLimitedAsync(await LoginAsync(client, "nobody-else@example.org"));
        // Only POSTs count: the page itself still opens.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Two_factor_codes_for_one_account_are_limited_across_clients_and_other_accounts_are_not()
    {
        await using var app = await StartAsync(signInAccount: 2);
        async Task<string> TwoFactorUserAsync(string email)
        {
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.ResetAuthenticatorKeyAsync(u);
            await users.SetTwoFactorEnabledAsync(u, true);
            return email;
        }
        async Task<HttpResponseMessage> WrongCodeAsync(string email)
        {
            var c = app.CreateClient();
            var login = await c.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
            Assert.Contains("loginwith2fa", login.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
            return await c.SubmitAsync(login.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" });
        }
        var victim = await TwoFactorUserAsync("victim@example.org");
        var other = await TwoFactorUserAsync("other@example.org");
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await WrongCodeAsync(victim)).StatusCode);
        await AssertLimitedAsync(await WrongCodeAsync(victim));
        Assert.Equal(HttpStatusCode.OK, (await WrongCodeAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_for_one_address_from_many_clients_are_never_refused_with_429()
    {
        // A per-address limit on the password step would let anyone keep a patient out; the step-up code replaces it.
        await using var app = await StartAsync(signInAccount: 2);
        for (var i = 0; i < 8; i++)
        {
            using var c = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(c, "Victim@Example.org")).StatusCode);
        }
    }

    [Fact]
    public async Task Forgot_password_is_limited_per_account()
    {
        await using var app = await StartAsync(emailAccount: 2);
        using var client = app.CreateClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await ForgotAsync(client, "target@example.org")).StatusCode);
        await AssertLimitedAsync(await ForgotAsync(client, "target@example.org"));
    }

    private static async Task<(HttpClient Client, Guid RecordId)> SignedInPatientAsync(TestApp app, string displayName)
    {
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var u = new AppUser { UserName = "owner@example.org", Email = "owner@example.org", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, Roles.Patient);
            var record = await scope.ServiceProvider.GetRequiredService<RecordAccess>().GetOrCreateOwnAsync(u);
            record.DisplayName = displayName;
            await db.SaveChangesAsync();
            var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/account/login",
                new Dictionary<string, string> { ["Input.Email"] = u.Email, ["Input.Password"] = Password })).StatusCode);
            return (client, record.Id);
        }
    }

    private static Task<HttpResponseMessage> InviteAsync(HttpClient client, Guid rid, string email) =>
        client.SubmitAsync($"/record/{rid}/sharing", [new("Input.Email", email), new("Input.Level", "view")], "handler=invite");

    [Fact]
    public async Task Invitations_are_limited_per_signed_in_account()
    {
        await using var app = await StartAsync(emailAccount: 2);
        var (client, rid) = await SignedInPatientAsync(app, "Alex");
        using (client)
        {
            for (var i = 0; i < 2; i++)
                Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(client, rid, $"friend{i}@example.org")).StatusCode);
            await AssertLimitedAsync(await InviteAsync(client, rid, "friend-3@example.org"));
        }
    }

    [Fact]
    public async Task The_invitation_subject_is_fixed_whatever_the_record_is_called()
    {
        const string evil = "URGENT: your account is suspended - verify at http://evil.example";
        await using var app = await StartAsync();
        var (client, rid) = await SignedInPatientAsync(app, evil);
        using (client)
            Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(client, rid, "friend@example.org")).StatusCode);
        var m = Assert.Single(app.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == "friend@example.org"));
        Assert.Equal(InvitationEmail.Subject, m.Subject);
        Assert.DoesNotContain("URGENT", m.Subject);
        Assert.DoesNotContain("evil.example", m.Subject);
        Assert.DoesNotContain("owner@example.org", m.Subject);
    }
}
