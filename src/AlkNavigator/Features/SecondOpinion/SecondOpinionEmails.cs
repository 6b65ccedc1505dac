using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.SecondOpinion;

/// <summary>
/// The email the patient (the record's owner) gets at each step of a request: received, matched, booked, done, declined,
/// withdrawn. Fixed subjects (never typed text); the body says the new state, the match or appointment, the navigator's
/// message, and links to the request page. Queued through <see cref="EmailSender"/> like the account emails.
/// </summary>
public static class SecondOpinionEmails
{
    public const string ReceivedSubject = "AlkNavigator: your second-opinion request was received";
    public const string MatchedSubject = "AlkNavigator: your second-opinion request was matched";
    public const string BookedSubject = "AlkNavigator: your second-opinion appointment is booked";
    public const string DoneSubject = "AlkNavigator: your second-opinion request is done";
    public const string DeclinedSubject = "AlkNavigator: news about your second-opinion request";
    public const string WithdrawnSubject = "AlkNavigator: your second-opinion request was withdrawn";

    public static string Subject(string state) => state switch
    {
        SecondOpinionStates.New => ReceivedSubject,
        SecondOpinionStates.Matched => MatchedSubject,
        SecondOpinionStates.Booked => BookedSubject,
        SecondOpinionStates.Done => DoneSubject,
        SecondOpinionStates.Declined => DeclinedSubject,
        _ => WithdrawnSubject,
    };

    public static string Text(SecondOpinionRequest r, string? message, string link)
    {
        var lines = new List<string>();
        lines.Add(r.State switch
        {
            SecondOpinionStates.New => "We received your request for a second opinion. A patient navigator will look at it and write to you when there is news.",
            SecondOpinionStates.Matched => "A patient navigator matched your second-opinion request with a specialist:",
            SecondOpinionStates.Booked => "Your second-opinion appointment is booked.",
            SecondOpinionStates.Done => "Your second-opinion request is marked as done. We hope it helped.",
            SecondOpinionStates.Declined => "A patient navigator could not take your second-opinion request further.",
            _ => "Your second-opinion request was withdrawn. You can make a new one at any time.",
        });
        if (r.State is SecondOpinionStates.Matched or SecondOpinionStates.Booked && r.MatchedText is { Length: > 0 })
            lines.Add(r.MatchedText);
        if (r.State == SecondOpinionStates.Booked && r.AppointmentDate is { } d)
            lines.Add($"Appointment: {d.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}{(string.IsNullOrWhiteSpace(r.AppointmentDetails) ? "" : $", {r.AppointmentDetails}")}");
        if (!string.IsNullOrWhiteSpace(message)) lines.Add($"Message from your navigator:\n{message.Trim()}");
        if (r.State is SecondOpinionStates.Matched or SecondOpinionStates.Booked)
            lines.Add("To prepare, bring or send your second-opinion pack: the record's visit page prints it and makes a link to share it.");
        lines.Add($"See your request and its history:\n{link}");
        lines.Add("This is information about your request, not medical advice. Keep talking with your care team about any treatment decision.");
        return string.Join("\n\n", lines);
    }

    /// <summary>Queues the email for <paramref name="r"/>'s current state to the record's owner (when the account has an address).</summary>
    public static async Task SendAsync(AppDbContext db, EmailSender sender, SecondOpinionRequest r, string? message, string baseUrl, CancellationToken ct)
    {
        var to = await db.Records.Where(x => x.Id == r.RecordId).Select(x => x.Owner!.Email).FirstOrDefaultAsync(ct);
        if (string.IsNullOrWhiteSpace(to)) return;
        var link = $"{baseUrl.TrimEnd('/')}/record/{r.RecordId}/second-opinion";
        sender.Send(to, Subject(r.State), Text(r, message, link), link);
    }
}
