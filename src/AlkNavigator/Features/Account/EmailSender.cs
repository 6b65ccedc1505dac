using System.Net;
using System.Threading.Channels;
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
public sealed class EmailSender(IOptions<SmtpOptions> options, EmailQueue queue, ILogger<EmailSender> log) : IEmailSender<AppUser>
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

    /// <summary>
    /// Queues the email and returns at once: the SMTP round trip happens off the request, so an answer takes the same
    /// time whether or not an email was sent (a reset for an unknown address answered in 5 ms, a known one in 64 ms).
    /// </summary>
    private Task SendAsync(string to, string subject, string text, string? link)
    {
        Send(to, subject, text, link);
        return Task.CompletedTask;
    }

    /// <summary>Queues an account email with a fixed <paramref name="subject"/> (never user-typed text); without SMTP, logs the link.</summary>
    public void Send(string to, string subject, string text, string? link)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Host))
        {
            log.LogWarning("SMTP is not configured; email to {To} not sent. Subject: {Subject}. Link: {Link}", to, subject, link);
            return;
        }
        if (!queue.Enqueue(new QueuedEmail(to, subject, text)))
            log.LogError("The email queue is full; email {Subject} to {To} dropped", subject, to);
    }
}

public sealed record QueuedEmail(string To, string Subject, string Text);

/// <summary>
/// Account emails wait here (in memory, bounded) and one background loop sends them, retrying a failed send twice.
/// Emails still queued when the process stops are lost: the person asks again (reset, confirmation).
/// </summary>
public sealed class EmailQueue(IOptions<SmtpOptions> options, ILogger<EmailQueue> log) : BackgroundService
{
    private readonly Channel<QueuedEmail> channel = Channel.CreateBounded<QueuedEmail>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public bool Enqueue(QueuedEmail email) => channel.Writer.TryWrite(email);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await foreach (var m in channel.Reader.ReadAllAsync(stop))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await Smtp.SendAsync(options.Value, m.To, m.Subject, m.Text, stop);
                    log.LogInformation("Sent email {Subject} to {To}", m.Subject, m.To);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (attempt == 3)
                    {
                        log.LogError(e, "Could not send email {Subject} to {To} after {Attempts} attempts", m.Subject, m.To, attempt);
                        break;
                    }
                    log.LogWarning(e, "Sending email {Subject} to {To} failed (attempt {Attempt}); retrying", m.Subject, m.To, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(5 * attempt), stop);
                }
            }
        }
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
