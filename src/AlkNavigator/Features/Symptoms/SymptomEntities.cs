using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Symptoms;

// Symptom check-ins, the alerts they raise, doses taken, and the per-record settings that drive reminders.
// Instants are UTC; dose slots are the patient's local calendar date + slot index (their time zone is in
// SymptomSettings), so a dose keeps its meaning when the clocks change.

/// <summary>Per-record settings: the patient's time zone, when doses are taken, when a check-in is due, reminders.</summary>
public sealed class SymptomSettings : IVersioned
{
    public Guid RecordId { get; set; }
    /// <summary>IANA time zone id, e.g. "Europe/London". Doses and "today" are computed in it.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>Local times of the daily doses, "HH:mm" comma-separated ("08:00,20:00"); null = the drug's default.</summary>
    public string? DoseTimes { get; set; }
    /// <summary>The weekday the weekly check-in falls due (0 = Sunday … 6 = Saturday).</summary>
    public int CheckInDay { get; set; } = 1;
    public bool EmailReminders { get; set; }
    /// <summary>The patient's usual pulse-oximeter reading at rest (%), when known: a drop from it counts with breathlessness.</summary>
    public int? UsualOxygenSaturation { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime UpdatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string? UpdatedBy { get; set; }
}

/// <summary>One check-in: a draft while being answered (resumable), then submitted.</summary>
public sealed class CheckIn : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public string Status { get; set; } = CheckInStatus.Draft;
    public DateTime StartedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public DateTime? SubmittedUtc { get; set; }
    /// <summary>The account that answered; OnBehalf is true when that was a caregiver answering for the patient.</summary>
    public string EnteredById { get; set; } = "";
    public string EnteredByEmail { get; set; } = "";
    public bool OnBehalf { get; set; }
    /// <summary>The current TKI and its start when the check-in began (items and rules depend on them).</summary>
    public string? Drug { get; set; }
    public DateOnly? DrugStart { get; set; }
    /// <summary>The terms asked, in order, separated by '|' (fixed when the check-in starts so a resume asks the same).</summary>
    public string Items { get; set; } = "";
    /// <summary>How many steps the person has completed (for resume and progress).</summary>
    public int Step { get; set; }
    public decimal? TemperatureC { get; set; }
    public decimal? WeightKg { get; set; }
    public int? Systolic { get; set; }
    public int? Diastolic { get; set; }
    public int? HeartRate { get; set; }
    /// <summary>Oxygen saturation from a pulse oximeter at rest, % (SpO2).</summary>
    public int? OxygenSaturation { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime UpdatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string? UpdatedBy { get; set; }
    public List<CheckInAnswer> Answers { get; set; } = [];
}

public static class CheckInStatus
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
}

/// <summary>One answer: Value 0–4 on the attribute's scale, presence 0/1.</summary>
public sealed class CheckInAnswer
{
    public long Id { get; set; }
    public Guid CheckInId { get; set; }
    public string Term { get; set; } = "";
    public string Attribute { get; set; } = "";
    public int Value { get; set; }
}

/// <summary>An alert raised by a submitted check-in; acknowledged alerts stay (history).</summary>
public sealed class SymptomAlert : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public Guid CheckInId { get; set; }
    public string RuleId { get; set; } = "";
    public string Level { get; set; } = "";        // urgent | contact | next-visit
    public string Message { get; set; } = "";
    public string Action { get; set; } = "";
    public string Basis { get; set; } = "";
    public string? Term { get; set; }
    /// <summary>What the alert is about, named: "Shortness of breath: moderate", "Oxygen saturation: 88 %".</summary>
    public string? Heading { get; set; }
    public int Score { get; set; }
    public string Change { get; set; } = "";       // new | worse | ongoing (see Triage.Judge)
    public DateTime CreatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public DateTime? AcknowledgedUtc { get; set; }
    public string? AcknowledgedByEmail { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime UpdatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string? UpdatedBy { get; set; }
}

/// <summary>A dose marked taken or missed: the patient's local date and the slot index of that day's schedule.</summary>
public sealed class DoseEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public string Drug { get; set; } = "";
    public DateOnly LocalDate { get; set; }
    public int Slot { get; set; }
    public string Status { get; set; } = DoseStatus.Taken;   // taken | missed
    public DateTime MarkedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string MarkedByEmail { get; set; } = "";
    public bool OnBehalf { get; set; }
}

public static class DoseStatus
{
    public const string Taken = "taken";
    public const string Missed = "missed";
}

/// <summary>
/// A reminder that has been sent. The unique key (RecordId, Kind, Key, Channel) is inserted before sending,
/// so two app instances cannot both send the same reminder.
/// </summary>
public sealed class ReminderSent
{
    public long Id { get; set; }
    public Guid RecordId { get; set; }
    public string Kind { get; set; } = "";     // checkin | dose (Schedule adds its own kinds)
    public string Key { get; set; } = "";      // e.g. "2026-11-30" for a check-in, "2026-11-30#1" for a dose slot
    public string Channel { get; set; } = "";  // email
    public DateTime SentUtc { get; set; } // stamped at save by AppDbContext when left unset
}

// ---- EF configuration ----

internal sealed class SymptomSettingsConfig : IEntityTypeConfiguration<SymptomSettings>
{
    public void Configure(EntityTypeBuilder<SymptomSettings> b)
    {
        b.HasKey(x => x.RecordId);
        b.HasOne<PatientRecord>().WithOne().HasForeignKey<SymptomSettings>(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.DoseTimes).HasMaxLength(64);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class CheckInConfig : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> b)
    {
        b.HasKey(x => x.Id);
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RecordId, x.Status, x.StartedUtc });
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(a => a.CheckInId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.EnteredById).HasMaxLength(450);
        b.Property(x => x.EnteredByEmail).HasMaxLength(256);
        b.Property(x => x.Drug).HasMaxLength(40);
        b.Property(x => x.Items).HasMaxLength(4000);
        b.Property(x => x.TemperatureC).HasPrecision(4, 1);
        b.Property(x => x.WeightKg).HasPrecision(5, 1);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class CheckInAnswerConfig : IEntityTypeConfiguration<CheckInAnswer>
{
    public void Configure(EntityTypeBuilder<CheckInAnswer> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.CheckInId, x.Term, x.Attribute }).IsUnique();
        b.Property(x => x.Term).HasMaxLength(100);
        b.Property(x => x.Attribute).HasMaxLength(20);
    }
}

internal sealed class SymptomAlertConfig : IEntityTypeConfiguration<SymptomAlert>
{
    public void Configure(EntityTypeBuilder<SymptomAlert> b)
    {
        b.HasKey(x => x.Id);
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CheckIn>().WithMany().HasForeignKey(x => x.CheckInId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RecordId, x.CreatedUtc });
        b.Property(x => x.RuleId).HasMaxLength(80);
        b.Property(x => x.Level).HasMaxLength(20);
        b.Property(x => x.Message).HasMaxLength(1000);
        b.Property(x => x.Action).HasMaxLength(1000);
        b.Property(x => x.Basis).HasMaxLength(500);
        b.Property(x => x.Term).HasMaxLength(100);
        b.Property(x => x.Heading).HasMaxLength(200);
        b.Property(x => x.Change).HasMaxLength(20);
        b.Property(x => x.AcknowledgedByEmail).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class DoseEntryConfig : IEntityTypeConfiguration<DoseEntry>
{
    public void Configure(EntityTypeBuilder<DoseEntry> b)
    {
        b.HasKey(x => x.Id);
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RecordId, x.Drug, x.LocalDate, x.Slot }).IsUnique();
        b.Property(x => x.Drug).HasMaxLength(40);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.MarkedByEmail).HasMaxLength(256);
    }
}

internal sealed class ReminderSentConfig : IEntityTypeConfiguration<ReminderSent>
{
    public void Configure(EntityTypeBuilder<ReminderSent> b)
    {
        b.HasKey(x => x.Id);
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RecordId, x.Kind, x.Key, x.Channel }).IsUnique();
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Channel).HasMaxLength(20);
    }
}
