using System.Security.Cryptography;
using System.Text;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Account;

/// <summary>
/// Failed sign-ins for one typed email address (known or not: the key is a hash of the address, so an unknown
/// address behaves exactly like a known one and the table never holds typed addresses). After
/// <see cref="SignInChallenges.Threshold"/> failures, signing in with that address needs, besides the password, a
/// one-time code emailed to it — a step-up instead of a lockout, so a stranger who types wrong passwords can no
/// longer keep a patient out of their account, and a password guesser cannot go on without the mailbox.
/// </summary>
public sealed class SignInChallenge
{
    /// <summary>SHA-256 (hex) of the lower-case trimmed email address.</summary>
    public string Key { get; set; } = "";
    /// <summary>Failed attempts since the first one of the current run (a run ends after <see cref="SignInChallenges.Window"/> without failures).</summary>
    public int Failures { get; set; }
    public DateTime LastFailureUtc { get; set; }
    /// <summary>SHA-256 (hex) of key and the code sent last; null before one is sent or after it is used up.</summary>
    public string? CodeHash { get; set; }
    public DateTime? CodeExpiresUtc { get; set; }
    /// <summary>Wrong answers given against the current code; at <see cref="SignInChallenges.AttemptsPerCode"/> it stops working.</summary>
    public int CodeAttempts { get; set; }
    /// <summary>Codes sent in the hour that started at <see cref="CodesWindowStartUtc"/>.</summary>
    public int CodesSent { get; set; }
    public DateTime? CodesWindowStartUtc { get; set; }
}

internal sealed class SignInChallengeConfig : IEntityTypeConfiguration<SignInChallenge>
{
    public void Configure(EntityTypeBuilder<SignInChallenge> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.CodeHash).HasMaxLength(64);
        b.HasIndex(x => x.LastFailureUtc);
    }
}

/// <summary>Counting failed sign-ins per address, and the emailed step-up code.</summary>
public static class SignInChallenges
{
    /// <summary>Failures with one address after which a code is needed too.</summary>
    public const int Threshold = 5;
    /// <summary>A run of failures is forgotten this long after its last failure (and at a successful sign-in).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    /// <summary>How long an emailed code works.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);
    /// <summary>Wrong answers (password or code) one code survives.</summary>
    public const int AttemptsPerCode = 5;
    /// <summary>Codes sent to one address per hour, so nobody can flood a mailbox through the login form.</summary>
    public const int CodesPerHour = 6;
    public const string Subject = "AlkNavigator: your sign-in code";

    public static string Key(string email) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static string CodeHash(string key, string code) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(key + ":" + code)));

    /// <summary>True when this address's recent failures mean a code is needed.</summary>
    public static bool NeedsCode(SignInChallenge? c, DateTime nowUtc) =>
        c is not null && c.Failures >= Threshold && c.LastFailureUtc > nowUtc - Window;

    public static bool HasLiveCode(SignInChallenge c, DateTime nowUtc) =>
        c.CodeHash is not null && c.CodeExpiresUtc > nowUtc && c.CodeAttempts < AttemptsPerCode;

    /// <summary>Compares the typed code with the live one in constant time.</summary>
    public static bool CodeMatches(SignInChallenge c, string? typed, DateTime nowUtc)
    {
        var code = AccountHelpers.CleanCode(typed);
        if (!HasLiveCode(c, nowUtc) || code.Length == 0) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CodeHash(c.Key, code)), Encoding.ASCII.GetBytes(c.CodeHash!));
    }

    /// <summary>Adds a failure for <paramref name="key"/> (a new run if the last failure is older than the window) and forgets stale rows.</summary>
    public static async Task RecordFailureAsync(AppDbContext db, string key, DateTime nowUtc, CancellationToken ct = default)
    {
        var staleBefore = nowUtc - Window;
        for (var attempt = 0; ; attempt++)
        {
            // One statement, so concurrent failures are all counted on every node.
            var updated = await db.SignInChallenges.Where(c => c.Key == key).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Failures, c => c.LastFailureUtc < staleBefore ? 1 : c.Failures + 1)
                .SetProperty(c => c.CodeAttempts, c => c.CodeHash == null ? 0 : c.CodeAttempts + 1)
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
    /// Makes a new code for the address when none is live and the hourly allowance is not spent. Returns the code
    /// to email (null when the live one still works, or when none may be sent now) and the challenge as stored.
    /// </summary>
    public static async Task<string?> IssueCodeAsync(AppDbContext db, SignInChallenge c, DateTime nowUtc, CancellationToken ct = default)
    {
        if (HasLiveCode(c, nowUtc)) return null;
        if (c.CodesWindowStartUtc is not { } start || start <= nowUtc - TimeSpan.FromHours(1))
        {
            c.CodesWindowStartUtc = nowUtc;
            c.CodesSent = 0;
        }
        if (c.CodesSent >= CodesPerHour) return null;
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        c.CodeHash = CodeHash(c.Key, code);
        c.CodeExpiresUtc = nowUtc + CodeLifetime;
        c.CodeAttempts = 0;
        c.CodesSent++;
        db.Update(c);
        await db.SaveChangesAsync(ct);
        return code;
    }

    /// <summary>When the next code may be sent, if the hourly allowance is spent.</summary>
    public static DateTime? NextCodeAllowedUtc(SignInChallenge c, DateTime nowUtc) =>
        !HasLiveCode(c, nowUtc) && c.CodesSent >= CodesPerHour && c.CodesWindowStartUtc is { } start && start > nowUtc - TimeSpan.FromHours(1)
            ? start + TimeSpan.FromHours(1)
            : null;

    /// <summary>A successful sign-in forgets the address's failures and code.</summary>
    public static Task ForgetAsync(AppDbContext db, string key, CancellationToken ct = default) =>
        db.SignInChallenges.Where(c => c.Key == key).ExecuteDeleteAsync(ct);
}
