using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Schedule;

// The monitoring plan: items generated from the record (Origin "plan", matched on PlanKey when the plan regenerates)
// or added by the patient/care team (Origin "user"), each with its results. Dates are the patient's calendar dates
// (their zone is SymptomSettings.TimeZone); instants are UTC.

/// <summary>One planned check: a visit, a scan, a lab or a measurement, due on a date within a window.</summary>
public sealed class MonitoringItem : RecordItem
{
    public string Kind { get; set; } = "";           // one of SchedulePlanner.Kinds
    public string Title { get; set; } = "";
    public DateOnly Due { get; set; }
    /// <summary>Days either side of Due in which doing it counts as on time (status "due" from Due - WindowDays).</summary>
    public int WindowDays { get; set; } = 7;
    public string Reason { get; set; } = "";
    public string Source { get; set; } = "";         // a content/sources.yaml key, or "care team" for user items
    public string Origin { get; set; } = ItemOrigin.Plan;
    /// <summary>Stable key of a generated item (e.g. "lab:liver/crizotinib/2026-03-01/3"); null for user items.</summary>
    public string? PlanKey { get; set; }
    /// <summary>True once a person changed a generated item (date, window, title): regeneration keeps it as it is.</summary>
    public bool Edited { get; set; }
    public string Status { get; set; } = ItemStatus.Planned; // planned | done | skipped (upcoming/due/overdue are derived)
    public DateOnly? DoneDate { get; set; }
    public string? Note { get; set; }
    public List<MonitoringResult> Results { get; set; } = [];
}

public static class ItemOrigin
{
    public const string Plan = "plan";
    public const string User = "user";
}

public static class ItemStatus
{
    public const string Planned = "planned";
    public const string Done = "done";
    public const string Skipped = "skipped";
    // Derived for planned items, from today in the patient's zone:
    public const string Upcoming = "upcoming";
    public const string Due = "due";
    public const string Overdue = "overdue";

    /// <summary>upcoming before the window opens, due inside it, overdue after it; done/skipped as stored.</summary>
    public static string Of(MonitoringItem item, DateOnly today) =>
        item.Status != Planned ? item.Status
        : today < item.Due.AddDays(-item.WindowDays) ? Upcoming
        : today <= item.Due.AddDays(item.WindowDays) ? Due
        : Overdue;
}

/// <summary>A result of an item: an imaging outcome, or a lab value with unit, reference range and CTCAE grade.</summary>
public sealed class MonitoringResult : RecordItem
{
    public Guid ItemId { get; set; }
    public DateOnly Date { get; set; }
    public string? ImagingOutcome { get; set; }      // response | stable | progression | new-brain-lesions
    public string? Analyte { get; set; }             // ALT, AST, bilirubin, CPK, cholesterol, triglycerides, glucose, ...
    public decimal? Value { get; set; }
    public string? Unit { get; set; }
    public decimal? RefLow { get; set; }
    public decimal? RefHigh { get; set; }            // the upper limit of normal (ULN)
    public int? Grade { get; set; }                  // CTCAE v5 grade where it applies (LabGrading)
    public string? Note { get; set; }
}

/// <summary>Per-record schedule settings: visit spacing, reminders, the private calendar feed, and what the plan was generated from.</summary>
public sealed class ScheduleSettings : IVersioned
{
    public Guid RecordId { get; set; }
    public int VisitMonthsEarly { get; set; } = 3;
    public int VisitMonthsLater { get; set; } = 6;
    public int StableMonthsBeforeLater { get; set; } = 24;
    public int ReminderLeadDays { get; set; } = 2;
    public bool EmailReminders { get; set; }
    /// <summary>SHA-256 (hex) of the calendar feed's secret token; null = no feed. The token itself is shown once.</summary>
    public string? FeedTokenHash { get; set; }
    public DateTime? FeedCreatedUtc { get; set; }
    /// <summary>
    /// false (the default): the anonymous calendar feed is private: neutral titles ("Scan", "Blood test", "Clinic visit",
    /// "Appointment") and no descriptions, so it names no diagnosis and no drug. true: the patient chose the detailed feed
    /// (titles and reasons as on the schedule page). The signed-in download is always detailed.
    /// </summary>
    public bool FeedDetailed { get; set; }
    /// <summary>SchedulePlanner.Basis of the record when the plan was last generated: regenerate when it differs.</summary>
    public string? PlanBasis { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime UpdatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string? UpdatedBy { get; set; }
}

internal sealed class MonitoringItemConfig : RecordItemConfig<MonitoringItem>
{
    public override void Configure(EntityTypeBuilder<MonitoringItem> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Results).WithOne().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RecordId, x.Due });
        b.HasIndex(x => new { x.RecordId, x.PlanKey }).IsUnique();
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.Origin).HasMaxLength(20);
        b.Property(x => x.PlanKey).HasMaxLength(200);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class MonitoringResultConfig : RecordItemConfig<MonitoringResult>
{
    public override void Configure(EntityTypeBuilder<MonitoringResult> b)
    {
        base.Configure(b);
        b.HasIndex(x => new { x.RecordId, x.Analyte, x.Date });
        b.Property(x => x.ImagingOutcome).HasMaxLength(40);
        b.Property(x => x.Analyte).HasMaxLength(40);
        b.Property(x => x.Unit).HasMaxLength(20);
        b.Property(x => x.Value).HasPrecision(12, 3);
        b.Property(x => x.RefLow).HasPrecision(12, 3);
        b.Property(x => x.RefHigh).HasPrecision(12, 3);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class ScheduleSettingsConfig : IEntityTypeConfiguration<ScheduleSettings>
{
    public void Configure(EntityTypeBuilder<ScheduleSettings> b)
    {
        b.HasKey(x => x.RecordId);
        b.HasOne<PatientRecord>().WithOne().HasForeignKey<ScheduleSettings>(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.FeedTokenHash).IsUnique();
        b.Property(x => x.FeedTokenHash).HasMaxLength(64);
        b.Property(x => x.PlanBasis).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}
