using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// A visit in the record (issue 14): the day (the patient's local date), with whom (free text, and/or a care team member),
/// notes, and the patient's own questions answered at it (<see cref="OwnQuestion.VisitId"/>). "Since my last visit" counts
/// from the latest one dated before today. Named VisitEntry, like EcogEntry, because a type called Visit inside the
/// namespace AlkNavigator.Features.Visit would shadow the namespace everywhere else.
/// </summary>
public sealed class VisitEntry : RecordItem
{
    public DateOnly Date { get; set; }
    /// <summary>Who the visit was with, as typed (also kept when <see cref="CareTeamMemberId"/> is set, so it reads after the member is removed).</summary>
    public string? WithWhom { get; set; }
    public Guid? CareTeamMemberId { get; set; }
    public string? Notes { get; set; }
}

/// <summary>
/// The patient's own summary for a second opinion (one per record): what happened in their words, and what they want
/// answered. It heads the second-opinion pack.
/// </summary>
public sealed class PatientSummary : IVersioned
{
    public Guid RecordId { get; set; }
    public string Text { get; set; } = "";
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime UpdatedUtc { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>
/// A time-limited, read-only link to the second-opinion pack: only the SHA-256 of its secret token is stored
/// (<see cref="Hosting.SecretTokens"/>); it opens nothing but the pack, until it expires or the patient revokes it.
/// Each open writes an audit row (what "read", what "second-opinion pack", item id = this link's id).
/// </summary>
public sealed class PackShare
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public string TokenHash { get; set; } = "";
    /// <summary>Who the patient gave it to (their own words, optional), so the list says which link is which.</summary>
    public string? Label { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string CreatedByEmail { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }

    public bool IsActive(DateTime nowUtc) => RevokedUtc is null && nowUtc < ExpiresUtc;
}

internal sealed class VisitEntryConfig : RecordItemConfig<VisitEntry>
{
    public override void Configure(EntityTypeBuilder<VisitEntry> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CareTeamMember>().WithMany().HasForeignKey(x => x.CareTeamMemberId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.RecordId, x.Date });
        b.Property(x => x.WithWhom).HasMaxLength(200);
        b.Property(x => x.Notes).HasMaxLength(4000);
    }
}

internal sealed class PatientSummaryConfig : IEntityTypeConfiguration<PatientSummary>
{
    public void Configure(EntityTypeBuilder<PatientSummary> b)
    {
        b.HasKey(x => x.RecordId);
        b.HasOne<PatientRecord>().WithOne().HasForeignKey<PatientSummary>(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Text).HasMaxLength(8000);
    }
}

internal sealed class PackShareConfig : IEntityTypeConfiguration<PackShare>
{
    public void Configure(EntityTypeBuilder<PackShare> b)
    {
        b.HasKey(x => x.Id);
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.RecordId);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.CreatedByEmail).HasMaxLength(256);
    }
}
