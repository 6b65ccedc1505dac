using AlkNavigator.Features.Account;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Features.Record;

/// <summary>
/// Sends a caregiver invitation through SMTP (MailKit, the same "Smtp" settings as the account emails).
/// Without an SMTP host the link is written to the log instead, like <see cref="EmailSender"/>.
/// </summary>
public sealed class InvitationEmail(IOptions<SmtpOptions> options, ILogger<InvitationEmail> log)
{
    public const string Subject = "AlkNavigator: you have been invited to follow a record";

    /// <summary>Sends the invitation; returns false when SMTP is not configured (the inviter is shown the link instead).</summary>
    public async Task<bool> SendAsync(string to, string patientName, string inviterEmail, string levelLabel,
        string acceptLink, string registerLink, DateTime expiresUtc, CancellationToken ct = default)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            // The link is a credential to a patient's record: it is shown to the inviter, never written to the log.
            log.LogWarning("SMTP is not configured; the invitation email was not sent (the inviter sees the link on the sharing page).");
            return false;
        }

        var text =
            $"{inviterEmail} invited you to follow the AlkNavigator record of {patientName}.\n" +
            $"Your access: {levelLabel}.\n\n" +
            $"To accept, open this link (it works until {expiresUtc:d MMMM yyyy HH:mm} UTC):\n\n{acceptLink}\n\n" +
            $"New to AlkNavigator? Create your free account first, then you come straight back to the invitation:\n\n{registerLink}\n\n" +
            "If you did not expect this, ignore this email; nothing happens unless you accept.";

        // A fixed subject: the record's name and the inviter are typed by users, and a subject is what a phishing line needs.
        await Smtp.SendAsync(o, to, Subject, text, ct);
        log.LogInformation("Sent caregiver invitation to {To}", to);
        return true;
    }
}

/// <summary>Invitation tokens: 32 random bytes, base64url in the link; only their SHA-256 (hex) is stored.</summary>
public static class InvitationTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static string New() => Hosting.SecretTokens.New();

    public static string Hash(string token) => Hosting.SecretTokens.Hash(token.Trim());
}
