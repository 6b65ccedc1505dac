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
/// an emailed code as well as the password, and every answer is the same for addresses with and without an account.
/// </summary>
[Trait("Category", "Db")]
public class SignInStepUpTests
{
    private const string Password = "a long enough passphrase";
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2031, 5, 6, 9, 0, 0, TimeSpan.Zero));

    private static async Task<(TestApp App, FakeTimeProvider Clock)> StartAsync()
    {
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        return (await TestApp.StartAsync(clock: clock), clock);
    }

    private static async Task<string> CreateUserAsync(TestApp app)
    {
        var email = $"s{Guid.NewGuid():N}"[..12] + "@example.org";
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(u, Password)).Succeeded);
        await users.AddToRoleAsync(u, Roles.Patient);
        return email;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string? code = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password };
        if (code is not null) fields["Input.Code"] = code;
        return client.SubmitAsync("/account/login", fields);
    }

    private static async Task FailAsync(TestApp app, string email, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var stranger = app.CreateClient(); // a new client each time: per-client limits do not matter here
            var r = await LoginAsync(stranger, email, $"guess number {i} here");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
    }

    private static async Task<(bool AsksForCode, string Main)> ReadAsync(HttpResponseMessage r)
    {
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        return (doc.QuerySelector("input[name='Input.Code']") is not null, doc.QuerySelector("main")!.TextContent);
    }

    private static List<string> Codes(TestApp app, string email) =>
        app.Smtp.Messages.Where(m => m.Subject == SignInChallenges.Subject && m.To.Mailboxes.Any(b => b.Address == email))
            .Select(m => Regex.Match(m.TextBody ?? "", @"\b(\d{6})\b").Groups[1].Value).ToList();

    private static async Task<string> WaitForCodeAsync(TestApp app, string email, int count)
    {
        for (var i = 0; i < 600 && Codes(app, email).Count < count; i++) await Task.Delay(50);
        var codes = Codes(app, email);
        Assert.True(codes.Count == count, $"expected {count} sign-in code emails, got {codes.Count}");
        return codes[^1];
    }

    private static async Task<bool> SignedInAsync(HttpClient client) =>
        (await client.GetAsync("/account/manage")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task Wrong_passwords_from_strangers_never_lock_the_owner_out_who_signs_in_with_password_and_emailed_code()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        var email = await CreateUserAsync(app);
        await FailAsync(app, email, SignInChallenges.Threshold);

        using var owner = app.CreateClient();
        var asked = await LoginAsync(owner, email, Password);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.True((await ReadAsync(asked)).AsksForCode);
        Assert.False(await SignedInAsync(owner), "the right password alone is not enough now");
        var code = await WaitForCodeAsync(app, email, 1);

        var wrongCode = await LoginAsync(owner, email, Password, code == "000000" ? "111111" : "000000");
        Assert.Contains(LoginModel.FailedWithCodeMessage, (await ReadAsync(wrongCode)).Main);
        Assert.False(await SignedInAsync(owner));

        var ok = await LoginAsync(owner, email, Password, code[..3] + " " + code[3..]); // as people type it
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.True(await SignedInAsync(owner));

        using (var scope = app.Services.CreateScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
            Assert.Null(user.LockoutEnd);
        }

        // The success forgets the failures: one more wrong password is an ordinary one.
        using var later = app.CreateClient();
        var plain = await ReadAsync(await LoginAsync(later, email, "wrong again here"));
        Assert.False(plain.AsksForCode);
        Assert.Contains(LoginModel.FailedMessage, plain.Main);
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
            var ra = await LoginAsync(a, known, "not the password", i >= SignInChallenges.Threshold + 1 ? "123456" : null);
            var rb = await LoginAsync(b, unknown, "not the password", i >= SignInChallenges.Threshold + 1 ? "123456" : null);
            Assert.Equal(ra.StatusCode, rb.StatusCode);
            var (codeA, mainA) = await ReadAsync(ra);
            var (codeB, mainB) = await ReadAsync(rb);
            Assert.Equal(codeA, codeB);
            Assert.Equal(mainA, mainB);
            Assert.Equal(i >= SignInChallenges.Threshold, codeA);
        }
        await WaitForCodeAsync(app, known, 1);
        Assert.DoesNotContain(app.Smtp.Messages, m => m.To.Mailboxes.Any(x => x.Address == unknown));
    }

    [Fact]
    public async Task A_code_dies_after_five_wrong_answers_and_at_most_six_are_sent_an_hour_then_the_run_is_forgotten()
    {
        var (app, clock) = await StartAsync();
        await using var _app = app;
        var email = await CreateUserAsync(app);
        await FailAsync(app, email, SignInChallenges.Threshold);
        using var owner = app.CreateClient();

        await LoginAsync(owner, email, Password); // asks for a code and sends the first
        (bool AsksForCode, string Main) late = default;
        for (var n = 1; n <= SignInChallenges.CodesPerHour; n++)
        {
            var code = await WaitForCodeAsync(app, email, n);
            for (var i = 0; i < SignInChallenges.AttemptsPerCode; i++)
                await LoginAsync(owner, email, "wrong password", code); // right code, wrong password: still an attempt
            // Used up: the right pair now only brings a new code (or, after the sixth, the wait).
            late = await ReadAsync(await LoginAsync(owner, email, Password, code));
            Assert.True(late.AsksForCode);
            Assert.False(await SignedInAsync(owner));
        }
        // The allowance is spent: the page says how long to wait, and no seventh email goes out.
        Assert.Contains("most codes we send in one hour", late.Main);
        await WaitForCodeAsync(app, email, SignInChallenges.CodesPerHour);

        // An hour without failures ends the run: the password alone works again.
        clock.Advance(SignInChallenges.Window + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(owner, email, Password)).StatusCode);
        Assert.True(await SignedInAsync(owner));
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
        var wrongKnown = await ReadAsync(await LoginAsync(client, email, "not the password"));
        var wrongUnknown = await ReadAsync(await LoginAsync(client, "nobody-" + email, "not the password"));
        Assert.Equal(wrongUnknown, wrongKnown);
        Assert.Contains(LoginModel.FailedMessage, wrongKnown.Main);

        var right = await LoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/account/lockout", right.Headers.Location!.OriginalString.ToLowerInvariant());
        Assert.False(await SignedInAsync(client));
    }
}
