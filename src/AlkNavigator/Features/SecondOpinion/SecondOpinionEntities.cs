using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.SecondOpinion;

/// <summary>
/// A patient's request for a second opinion: what they want answered and how they would like to be seen, plus a snapshot
/// of what they chose to share with the navigators (taken when they submit; navigators never open the record itself).
/// Navigators move it through <see cref="SecondOpinionStates"/>; every step is a <see cref="SecondOpinionEvent"/>.
/// </summary>
public sealed class SecondOpinionRequest : RecordItem
{
    public string Question { get; set; } = "";
    /// <summary>in-person | telehealth | either</summary>
    public string Setting { get; set; } = "either";
    /// <summary>City or region the patient would travel to (in person); free text.</summary>
    public string? PreferredPlace { get; set; }
    /// <summary>ISO 3166-1 alpha-2, or null.</summary>
    public string? PreferredCountry { get; set; }
    /// <summary>"English, German": normalised by <see cref="Languages.Normalize"/>.</summary>
    public string Languages { get; set; } = "";
    /// <summary>routine | soon | urgent</summary>
    public string Urgency { get; set; } = "routine";

    /// <summary>What the patient chose to share: "name|email|diagnosis|treatments|biomarkers|location".</summary>
    public string Shared { get; set; } = "";
    /// <summary>The shared facts as they were when the request was submitted or last edited (plain text, one fact a line).</summary>
    public string SharedSnapshot { get; set; } = "";

    public string RequestedById { get; set; } = "";
    public string RequestedByEmail { get; set; } = "";

    public string State { get; set; } = SecondOpinionStates.New;
    /// <summary>When the request entered its current state ("waiting more than N days" counts from here).</summary>
    public DateTime StateSinceUtc { get; set; }
    public string? AssignedToId { get; set; }
    public string? AssignedToEmail { get; set; }

    /// <summary>The directory entry it was matched with (null when none, or when the entry was removed later).</summary>
    public Guid? MatchedCentreId { get; set; }
    /// <summary>The match as the patient was told it (kept when the directory entry changes or is removed).</summary>
    public string? MatchedText { get; set; }
    public DateOnly? AppointmentDate { get; set; }
    public string? AppointmentDetails { get; set; }

    public List<SecondOpinionEvent> Events { get; set; } = [];

    public bool IsOpen => SecondOpinionStates.IsOpen(State);
}

/// <summary>One step in a request's history: who, when, what changed, the message the patient was sent, a navigators-only note.</summary>
public sealed class SecondOpinionEvent
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RequestId { get; set; }
    public DateTime AtUtc { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorEmail { get; set; } = "";
    /// <summary>created | edited | state | assigned | note</summary>
    public string Kind { get; set; } = "";
    public string? FromState { get; set; }
    public string? ToState { get; set; }
    /// <summary>Shown to the patient and emailed.</summary>
    public string? MessageToPatient { get; set; }
    /// <summary>Seen by navigators only.</summary>
    public string? InternalNote { get; set; }

    /// <summary>Whether the patient's page lists it (internal notes and assignments stay with the navigators).</summary>
    public bool PatientSees => Kind is "created" or "edited" or "state";
}

/// <summary>An ALK-experienced specialist or centre in the navigators' directory. Starts empty: navigators add what they know.</summary>
public sealed class SpecialistCentre : Record.IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Institution { get; set; } = "";
    public string? SpecialistName { get; set; }
    public string City { get; set; } = "";
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; set; } = "";
    public bool Telehealth { get; set; }
    /// <summary>"English, German": normalised by <see cref="Languages.Normalize"/>.</summary>
    public string Languages { get; set; } = "";
    public string? Notes { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public string? UpdatedBy { get; set; }

    /// <summary>"Dr A. Name, Institution, City (Country), telehealth": how a match is described to the patient.</summary>
    public string Describe()
    {
        var who = string.IsNullOrWhiteSpace(SpecialistName) ? Institution : $"{SpecialistName}, {Institution}";
        var where = $"{City} ({CountryCodes.Name(Country) ?? Country})";
        return $"{who}, {where}{(Telehealth ? ", telehealth available" : "")}";
    }
}

/// <summary>The queue's states and which steps are allowed. One table: the pages ask it, the tests pin it.</summary>
public static class SecondOpinionStates
{
    public const string New = "new";
    public const string Matched = "matched";
    public const string Booked = "booked";
    public const string Done = "done";
    public const string Declined = "declined";
    public const string Withdrawn = "withdrawn";

    public static readonly string[] All = [New, Matched, Booked, Done, Declined, Withdrawn];

    public static bool IsOpen(string state) => state is New or Matched or Booked;

    /// <summary>The steps a navigator may take from each state (matched → matched: another specialist instead).</summary>
    public static IReadOnlyList<string> NavigatorNext(string from) => from switch
    {
        New => [Matched, Declined],
        Matched => [Matched, Booked, Declined],
        Booked => [Done, Declined],
        _ => [],
    };

    public static bool NavigatorMay(string from, string to) => NavigatorNext(from).Contains(to);

    /// <summary>The patient (or a caregiver who may contribute) may withdraw an open request, and edit it while it is new.</summary>
    public static bool PatientMayWithdraw(string from) => IsOpen(from);
    public static bool PatientMayEdit(string from) => from == New;

    public static string Label(string state) => state switch
    {
        New => "Received",
        Matched => "Matched with a specialist",
        Booked => "Appointment booked",
        Done => "Done",
        Declined => "Declined",
        Withdrawn => "Withdrawn",
        _ => state,
    };

    /// <summary>The button a navigator presses to move a request to <paramref name="to"/> from <paramref name="from"/>.</summary>
    public static string Action(string from, string to) => (from, to) switch
    {
        (Matched, Matched) => "Match with another specialist",
        (_, Matched) => "Match with a specialist",
        (_, Booked) => "Record the booked appointment",
        (_, Done) => "Mark done",
        (_, Declined) => "Decline",
        _ => Label(to),
    };

    public static string SettingLabel(string setting) => setting switch
    {
        "in-person" => "In person",
        "telehealth" => "Telehealth (video or phone)",
        _ => "Either in person or telehealth",
    };

    public static string UrgencyLabel(string urgency) => urgency switch
    {
        "urgent" => "Urgent: a treatment decision is due within two weeks",
        "soon" => "Soon: within a month",
        _ => "Routine",
    };

    public static readonly string[] Settings = ["either", "in-person", "telehealth"];
    public static readonly string[] Urgencies = ["routine", "soon", "urgent"];
}

/// <summary>Language lists as typed ("english; German , french") read the same way everywhere: "English, German, French".</summary>
public static class Languages
{
    public static List<string> Split(string? text) =>
        (text ?? "").Split([',', ';', '/', '|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Length > 0)
            .Select(s => s.Length == 1 ? s.ToUpperInvariant() : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    public static string Normalize(string? text) => string.Join(", ", Split(text));

    public static bool Speaks(string stored, string language) =>
        Split(stored).Any(l => string.Equals(l, language.Trim(), StringComparison.OrdinalIgnoreCase));
}

internal sealed class SecondOpinionRequestConfig : RecordItemConfig<SecondOpinionRequest>
{
    public override void Configure(EntityTypeBuilder<SecondOpinionRequest> b)
    {
        base.Configure(b);
        b.ToTable("SecondOpinionRequests");
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SpecialistCentre>().WithMany().HasForeignKey(x => x.MatchedCentreId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.State, x.StateSinceUtc });
        b.Property(x => x.Question).HasMaxLength(4000);
        b.Property(x => x.Setting).HasMaxLength(20);
        b.Property(x => x.PreferredPlace).HasMaxLength(200);
        b.Property(x => x.PreferredCountry).HasMaxLength(2);
        b.Property(x => x.Languages).HasMaxLength(200);
        b.Property(x => x.Urgency).HasMaxLength(20);
        b.Property(x => x.Shared).HasMaxLength(200);
        b.Property(x => x.SharedSnapshot).HasMaxLength(8000);
        b.Property(x => x.RequestedById).HasMaxLength(450);
        b.Property(x => x.RequestedByEmail).HasMaxLength(256);
        b.Property(x => x.State).HasMaxLength(20);
        b.Property(x => x.AssignedToId).HasMaxLength(450);
        b.Property(x => x.AssignedToEmail).HasMaxLength(256);
        b.Property(x => x.MatchedText).HasMaxLength(1000);
        b.Property(x => x.AppointmentDetails).HasMaxLength(1000);
    }
}

internal sealed class SecondOpinionEventConfig : IEntityTypeConfiguration<SecondOpinionEvent>
{
    public void Configure(EntityTypeBuilder<SecondOpinionEvent> b)
    {
        b.ToTable("SecondOpinionEvents");
        b.HasKey(x => x.Id);
        b.HasOne<SecondOpinionRequest>().WithMany(r => r.Events).HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RequestId, x.AtUtc });
        b.Property(x => x.ActorId).HasMaxLength(450);
        b.Property(x => x.ActorEmail).HasMaxLength(256);
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.FromState).HasMaxLength(20);
        b.Property(x => x.ToState).HasMaxLength(20);
        b.Property(x => x.MessageToPatient).HasMaxLength(2000);
        b.Property(x => x.InternalNote).HasMaxLength(2000);
    }
}

internal sealed class SpecialistCentreConfig : IEntityTypeConfiguration<SpecialistCentre>
{
    public void Configure(EntityTypeBuilder<SpecialistCentre> b)
    {
        b.ToTable("SpecialistCentres");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Country);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.Institution).HasMaxLength(200);
        b.Property(x => x.SpecialistName).HasMaxLength(200);
        b.Property(x => x.City).HasMaxLength(100);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Languages).HasMaxLength(200);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}
