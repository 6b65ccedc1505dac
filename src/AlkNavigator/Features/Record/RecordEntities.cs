using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Record;

// The patient's own record, shaped after mCODE so FHIR export is a mapping:
//   PatientRecord            ~ CancerPatient + PrimaryCancerCondition (diagnosis, stage, histology)
//   BiomarkerResult          ~ TumorMarkerTest / GenomicVariant (ALK fusion, resistance mutations, PD-L1)
//   TreatmentLine            ~ CancerRelatedMedicationStatement
//   ProcedureEntry           ~ CancerRelatedSurgicalProcedure / CancerRelatedRadiationProcedure
//   SiteObservation          ~ SecondaryCancerCondition (metastatic sites; brain status over time)
//   EcogEntry                ~ ECOGPerformanceStatus
//   ProgressionEvent         ~ CancerDiseaseStatus ("worsening")
// Dates are calendar dates (DateOnly); instants are UTC. Every editable row carries a Version that changes
// on each save: a save with an old Version is refused (optimistic concurrency, same on SQLite and PostgreSQL).

/// <summary>A row edited with optimistic concurrency: Version changes on every save.</summary>
public interface IVersioned
{
    Guid Version { get; set; }
    DateTime UpdatedUtc { get; set; }
    string? UpdatedBy { get; set; }
}

/// <summary>Base for rows that belong to one record and can be edited concurrently.</summary>
public abstract class RecordItem : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime CreatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public DateTime UpdatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string? UpdatedBy { get; set; }
}

public sealed class PatientRecord : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string OwnerId { get; set; } = "";
    public AppUser? Owner { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime CreatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public DateTime UpdatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string? UpdatedBy { get; set; }

    // About the patient
    public string DisplayName { get; set; } = "";
    public int? BirthYear { get; set; }
    public string? Sex { get; set; }              // female | male | other
    public string? Country { get; set; }          // ISO 3166-1 alpha-2
    public string? PostalCode { get; set; }
    public string? City { get; set; }             // where the patient lives, for distances to trial sites (with Country)
    public string? Allergies { get; set; }
    public string? PreferredHospital { get; set; }
    public string? Notes { get; set; }

    // Diagnosis (primary cancer condition)
    public DateOnly? DiagnosisDate { get; set; }
    public string? Histology { get; set; }        // adenocarcinoma | squamous | large cell | other text
    public string? Stage { get; set; }            // AJCC group IA1..IVB (also I..IV)
    public string? StageT { get; set; }
    public string? StageN { get; set; }
    public string? StageM { get; set; }
    public string? AlkStatus { get; set; }        // positive | negative | unknown
    public string? AlkMethod { get; set; }        // FISH | IHC | NGS | PCR | liquid-biopsy
    public string? FusionPartner { get; set; }    // e.g. EML4
    public string? FusionVariant { get; set; }    // e.g. v1, v3
    public string? PdL1 { get; set; }             // e.g. TPS 5%

    public List<SiteObservation> Sites { get; set; } = [];
    public List<EcogEntry> EcogEntries { get; set; } = [];
    public List<TreatmentLine> Treatments { get; set; } = [];
    public List<ProcedureEntry> Procedures { get; set; } = [];
    public List<ProgressionEvent> Progressions { get; set; } = [];
    public List<BiomarkerResult> Biomarkers { get; set; } = [];
    public List<OtherMedicine> Medicines { get; set; } = [];
    public List<CareTeamMember> CareTeam { get; set; } = [];
    public List<PlanItem> PlanItems { get; set; } = [];
}

/// <summary>Where the cancer is, observed on a date. For the brain, Status is none | active | treated-stable | leptomeningeal.</summary>
public sealed class SiteObservation : RecordItem
{
    public DateOnly Date { get; set; }
    public string Site { get; set; } = "";
    public string? Status { get; set; }
    public string? Note { get; set; }
}

public sealed class EcogEntry : RecordItem
{
    public DateOnly Date { get; set; }
    public int Score { get; set; }
    public string? Note { get; set; }
}

public sealed class TreatmentLine : RecordItem
{
    public string Agent { get; set; } = "";
    public string? Dose { get; set; }
    public string? Schedule { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly? End { get; set; }
    public string? StopReason { get; set; }      // progression | side-effects | completed | other
    public string? Note { get; set; }
}

public sealed class ProcedureEntry : RecordItem
{
    public string Kind { get; set; } = "";       // surgery | radiation
    public string Name { get; set; } = "";       // lobectomy, SRS, WBRT, thoracic radiation...
    public DateOnly? Date { get; set; }
    public string? Note { get; set; }
}

public sealed class ProgressionEvent : RecordItem
{
    public DateOnly Date { get; set; }
    public string Where { get; set; } = "";      // e.g. brain, liver
    public string FoundBy { get; set; } = "";    // scan | symptoms | liquid-biopsy
    public string? Note { get; set; }
}

public sealed class BiomarkerResult : RecordItem
{
    public DateOnly? Date { get; set; }
    public string Gene { get; set; } = "";       // ALK, MET, PD-L1, ...
    public string Alteration { get; set; } = ""; // G1202R, amplification, TPS 5%, EML4-ALK fusion
    public string? Source { get; set; }          // tissue | liquid-biopsy
    public string? Note { get; set; }
}

public sealed class OtherMedicine : RecordItem
{
    public string Name { get; set; } = "";
    public string? Dose { get; set; }
    public string? Note { get; set; }
}

public sealed class CareTeamMember : RecordItem
{
    public string Role { get; set; } = "";       // see CareTeamRoles
    public string Name { get; set; } = "";
    public string? Organisation { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Notes { get; set; }
    public bool IsEmergencyContact { get; set; }
    public bool IsPrimaryCaregiver { get; set; }
    public bool IsAlkSpecialist { get; set; }
}

/// <summary>One item of the progression-planning checklist (Key is one of ProgressionPlan.Items).</summary>
public sealed class PlanItem : RecordItem
{
    public string Key { get; set; } = "";
    public string Status { get; set; } = "not-started"; // not-started | in-progress | done
    public string? Note { get; set; }
    public DateOnly? Date { get; set; }
}

/// <summary>A caregiver's access to a record: an invitation until accepted, then a grant until revoked.</summary>
public sealed class CaregiverAccess
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public PatientRecord? Record { get; set; }
    public string InvitedEmail { get; set; } = "";
    public string Level { get; set; } = AccessLevels.View;
    /// <summary>SHA-256 of the invitation token; the token itself is only in the emailed link.</summary>
    public string TokenHash { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
    public DateTime CreatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string InvitedById { get; set; } = "";
    public string? CaregiverId { get; set; }
    public AppUser? Caregiver { get; set; }
    public DateTime? AcceptedUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsActive => AcceptedUtc is not null && RevokedUtc is null && CaregiverId is not null;
    public bool IsPending(DateTime now) => AcceptedUtc is null && RevokedUtc is null && ExpiresUtc > now;
}

/// <summary>Who read or changed what, when. Reads are logged when the reader is not the record's patient.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public Guid RecordId { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorEmail { get; set; } = "";
    public string Action { get; set; } = "";     // read | create | update | delete | invite | accept | revoke | import
    public string What { get; set; } = "";       // e.g. "treatment line", "diagnosis", "record"
    public string? ItemId { get; set; }
    public string? Detail { get; set; }
    public DateTime AtUtc { get; set; } // stamped at save by AppDbContext when left unset
}

public static class AccessLevels
{
    public const string View = "view";
    public const string Contribute = "contribute";
    public const string Manage = "manage";
    public static readonly string[] All = [View, Contribute, Manage];

    public static string Label(string level) => level switch
    {
        View => "View only",
        Contribute => "Contributor (can add entries)",
        Manage => "Manager (can also edit the care team and invite)",
        _ => level,
    };
}

// ---- EF configuration (one per entity) ----

internal sealed class PatientRecordConfig : IEntityTypeConfiguration<PatientRecord>
{
    public void Configure(EntityTypeBuilder<PatientRecord> b)
    {
        b.HasIndex(r => r.OwnerId).IsUnique();
        b.HasOne(r => r.Owner).WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Property(r => r.DisplayName).HasMaxLength(200);
        foreach (var p in new[] { nameof(PatientRecord.Sex), nameof(PatientRecord.Country), nameof(PatientRecord.PostalCode), nameof(PatientRecord.Stage),
                     nameof(PatientRecord.StageT), nameof(PatientRecord.StageN), nameof(PatientRecord.StageM), nameof(PatientRecord.AlkStatus),
                     nameof(PatientRecord.AlkMethod), nameof(PatientRecord.FusionPartner), nameof(PatientRecord.FusionVariant), nameof(PatientRecord.PdL1) })
            b.Property(p).HasMaxLength(40);
        b.Property(r => r.Histology).HasMaxLength(100);
        b.Property(r => r.City).HasMaxLength(100);
        b.Property(r => r.PreferredHospital).HasMaxLength(300);
        b.Property(r => r.Allergies).HasMaxLength(2000);
        b.Property(r => r.Notes).HasMaxLength(4000);
    }
}

internal abstract class RecordItemConfig<T> : IEntityTypeConfiguration<T> where T : RecordItem
{
    public virtual void Configure(EntityTypeBuilder<T> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.RecordId);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class SiteObservationConfig : RecordItemConfig<SiteObservation>
{
    public override void Configure(EntityTypeBuilder<SiteObservation> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.Sites).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Site).HasMaxLength(100);
        b.Property(x => x.Status).HasMaxLength(40);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class EcogEntryConfig : RecordItemConfig<EcogEntry>
{
    public override void Configure(EntityTypeBuilder<EcogEntry> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.EcogEntries).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class TreatmentLineConfig : RecordItemConfig<TreatmentLine>
{
    public override void Configure(EntityTypeBuilder<TreatmentLine> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.Treatments).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Agent).HasMaxLength(200);
        b.Property(x => x.Dose).HasMaxLength(200);
        b.Property(x => x.Schedule).HasMaxLength(200);
        b.Property(x => x.StopReason).HasMaxLength(40);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class ProcedureEntryConfig : RecordItemConfig<ProcedureEntry>
{
    public override void Configure(EntityTypeBuilder<ProcedureEntry> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.Procedures).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class ProgressionEventConfig : RecordItemConfig<ProgressionEvent>
{
    public override void Configure(EntityTypeBuilder<ProgressionEvent> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.Progressions).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Where).HasMaxLength(200);
        b.Property(x => x.FoundBy).HasMaxLength(40);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class BiomarkerResultConfig : RecordItemConfig<BiomarkerResult>
{
    public override void Configure(EntityTypeBuilder<BiomarkerResult> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.Biomarkers).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Gene).HasMaxLength(40);
        b.Property(x => x.Alteration).HasMaxLength(200);
        b.Property(x => x.Source).HasMaxLength(40);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class OtherMedicineConfig : RecordItemConfig<OtherMedicine>
{
    public override void Configure(EntityTypeBuilder<OtherMedicine> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.Medicines).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Dose).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class CareTeamMemberConfig : RecordItemConfig<CareTeamMember>
{
    public override void Configure(EntityTypeBuilder<CareTeamMember> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.CareTeam).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Role).HasMaxLength(60);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Organisation).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(60);
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.Notes).HasMaxLength(2000);
    }
}

internal sealed class PlanItemConfig : RecordItemConfig<PlanItem>
{
    public override void Configure(EntityTypeBuilder<PlanItem> b)
    {
        base.Configure(b);
        b.HasOne<PatientRecord>().WithMany(r => r.PlanItems).HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RecordId, x.Key }).IsUnique();
        b.Property(x => x.Key).HasMaxLength(60);
        b.Property(x => x.Status).HasMaxLength(40);
        b.Property(x => x.Note).HasMaxLength(2000);
    }
}

internal sealed class CaregiverAccessConfig : IEntityTypeConfiguration<CaregiverAccess>
{
    public void Configure(EntityTypeBuilder<CaregiverAccess> b)
    {
        b.HasOne(x => x.Record).WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Caregiver).WithMany().HasForeignKey(x => x.CaregiverId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => new { x.CaregiverId, x.RecordId });
        b.Property(x => x.InvitedEmail).HasMaxLength(256);
        b.Property(x => x.Level).HasMaxLength(20);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.InvitedById).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class AuditEntryConfig : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(x => new { x.RecordId, x.AtUtc });
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.ActorId).HasMaxLength(450);
        b.Property(x => x.ActorEmail).HasMaxLength(256);
        b.Property(x => x.Action).HasMaxLength(20);
        b.Property(x => x.What).HasMaxLength(60);
        b.Property(x => x.ItemId).HasMaxLength(64);
        b.Property(x => x.Detail).HasMaxLength(2000);
    }
}
