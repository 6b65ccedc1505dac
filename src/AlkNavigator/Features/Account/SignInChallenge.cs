using AlkNavigator.Data;
using AlkNavigator.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Account;

/// <summary>
/// Failed sign-ins for one typed email address (known or not: the key is a hash of the normalised address, so an
/// unknown address behaves exactly like a known one and the table never holds typed addresses). After
/// <see cref="SignInChallenges.Threshold"/> failures, signing in with that address needs, besides the password, the
/// sign-in link emailed to it: a step-up instead of a lockout. The link's secret is long and random, so wrong guesses
/// cannot use it up, and while one is live no other is sent: a stranger can neither keep the owner out nor flood the
/// mailbox (at most one email an hour per address), and a password guesser cannot go on without the mailbox.
/// </summary>
public sealed class SignInChallenge
{
    /// <summary>SHA-256 (hex) of the address as Identity normalises it for look-ups.</summary>
    public string Key { get; set; } = "";
    /// <summary>Failed attempts in the current run (a run ends <see cref="SignInChallenges.Window"/> after its last failure).</summary>
    public int Failures { get; set; }
    public DateTime LastFailureUtc { get; set; }
    /// <summary>SHA-256 (hex) of the secret in the sign-in link sent last; null before one is sent.</summary>
    public string? LinkHash { get; set; }
    public DateTime? LinkExpiresUtc { get; set; }
}

internal sealed class SignInChallengeConfig : IEntityTypeConfiguration<SignInChallenge>
{
    public void Configure(EntityTypeBuilder<SignInChallenge> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.LinkHash).HasMaxLength(64);
        b.HasIndex(x => x.LastFailureUtc);
    }
}

/// <summary>Counting failed sign-ins per address, and the emailed step-up link.</summary>
public static class SignInChallenges
{
    /// <summary>Failures with one address after which the emailed link is needed too.</summary>
    public const int Threshold = 5;
    /// <summary>A run of failures is forgotten this long after its last failure (and at a successful sign-in or password reset).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    /// <summary>How long a sign-in link works; no new one is sent to the address while one is live.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);
    public const string Subject = "AlkNavigator: your sign-in link";

    /// <summary>The key of an address: <paramref name="normalizedEmail"/> is UserManager.NormalizeEmail's (so "ſ" and "s",
    /// composed and decomposed accents, count as the address Identity would find).</summary>
    public static string Key(string normalizedEmail) => SecretTokens.Hash(normalizedEmail);

    /// <summary>True when this address's recent failures mean the emailed link is needed.</summary>
    public static bool NeedsLink(SignInChallenge? c, DateTime nowUtc) =>
        c is not null && c.Failures >= Threshold && c.LastFailureUtc > nowUtc - Window;

    /// <summary>Whether <paramref name="secret"/> is the live link's secret (constant-time).</summary>
    public static bool LinkMatches(SignInChallenge c, string? secret, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(secret) || c.LinkHash is null || !(c.LinkExpiresUtc > nowUtc)) return false;
        return SecretTokens.Matches(secret.Trim(), c.LinkHash);
    }

    /// <summary>Adds a failure for <paramref name="key"/> (a new run if the last failure is older than the window) and forgets stale rows.</summary>
    public static async Task RecordFailureAsync(AppDbContext db, string key, DateTime nowUtc, CancellationToken ct = default)
    {
        var staleBefore = nowUtc - Window;
        for (var attempt = 0; ; attempt++)
        {
            // One statement, so concurrent failures are all counted, on every node.
            var updated = await db.SignInChallenges.Where(c => c.Key == key).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Failures, c => c.LastFailureUtc < staleBefore ? 1 : c.Failures + 1)
                .SetProperty(c => c.LastFailureUtc, nowUtc), ct);
            if (updated > 0) break;
            db.SignInChallenges.Add(new SignInChallenge { Key = key, Failures = 1, LastFailureUtc = nowUtc });
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear(); // another request inserted the row first: count on it
            }
        }
        var forgetBefore = nowUtc - TimeSpan.FromDays(1);
        await db.SignInChallenges.Where(c => c.LastFailureUtc < forgetBefore).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// A new link secret for the address when none is live, claimed by one conditional update so that concurrent
    /// requests (or nodes) send one email, not several. Null when a live link was already sent.
    /// </summary>
    public static async Task<string?> IssueLinkAsync(AppDbContext db, string key, DateTime nowUtc, CancellationToken ct = default)
    {
        var secret = SecretTokens.New();
        var hash = SecretTokens.Hash(secret);
        var expires = nowUtc + LinkLifetime;
        var claimed = await db.SignInChallenges
            .Where(c => c.Key == key && (c.LinkHash == null || c.LinkExpiresUtc == null || c.LinkExpiresUtc <= nowUtc))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LinkHash, hash).SetProperty(c => c.LinkExpiresUtc, expires), ct);
        return claimed == 1 ? secret : null;
    }

    /// <summary>A successful sign-in (or password reset) forgets the address's failures and link.</summary>
    public static Task ForgetAsync(AppDbContext db, string key, CancellationToken ct = default) =>
        db.SignInChallenges.Where(c => c.Key == key).ExecuteDeleteAsync(ct);
}
