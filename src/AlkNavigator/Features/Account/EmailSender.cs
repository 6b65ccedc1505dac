using System.Net;
using AlkNavigator.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AlkNavigator.Features.Account;

/// <summary>SMTP settings (section "Smtp"). Without a Host, emails are written to the log instead.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "AlkNavigator <no-reply@alknavigator.local>";
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>none | starttls | ssl | auto</summary>
    public string Security { get; set; } = "auto";
}

/// <summary>Sends account emails through SMTP (MailKit) when configured; otherwise logs the link.</summary>
public sealed class EmailSender(IOptions<SmtpOptions> options, ILogger<EmailSender> log) : IEmailSender<AppUser>
{
    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) =>
        SendAsync(email, "Confirm your email address",
            $"Confirm this address for your AlkNavigator account by opening this link:\n\n{confirmationLink}\n\nIf you did not ask for this, ignore this email.",
            confirmationLink);

    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) =>
        SendAsync(email, "Reset your AlkNavigator password",
            $"Someone asked to reset the password of your AlkNavigator account. To choose a new password, open this link (it works once, for a limited time):\n\n{resetLink}\n\nIf it was not you, ignore this email; your password stays as it is.",
            resetLink);

    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) =>
        SendAsync(email, "Your AlkNavigator reset code", $"Your password reset code: {resetCode}", null);

    private async Task SendAsync(string to, string subject, string text, string? link)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            log.LogWarning("SMTP is not configured; email to {To} not sent. Subject: {Subject}. Link: {Link}", to, subject, link);
            return;
        }

        await Smtp.SendAsync(o, to, subject, text, CancellationToken.None);
        log.LogInformation("Sent email {Subject} to {To}", subject, to);
    }
}

/// <summary>The one SMTP send (MailKit): a plain-text message with an HTML copy, over the configured security.</summary>
public static class Smtp
{
    public static async Task SendAsync(SmtpOptions o, string to, string subject, string text, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder
        {
            TextBody = text,
            HtmlBody = $"<p>{WebUtility.HtmlEncode(text).Replace("\n", "<br>")}</p>",
        }.ToMessageBody();

        using var client = new SmtpClient();
        var security = o.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(o.Host!, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
