using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Trials;

/// <summary>
/// One ClinicalTrials.gov study, flattened from its API v2 JSON for search and display. The raw JSON is kept
/// (RawJson); the eligibility criteria are parsed once at import into CriteriaJson (see TrialCriteria), so
/// matching never re-reads free text. Re-import of the same NctId is an upsert; annotations live apart.
/// </summary>
public sealed class Trial
{
    public string NctId { get; set; } = "";
    public string Title { get; set; } = "";
    public string? OfficialTitle { get; set; }
    public string? Acronym { get; set; }
    public string? BriefSummary { get; set; }
    public string Status { get; set; } = "";          // RECRUITING, ACTIVE_NOT_RECRUITING, COMPLETED, ...
    public string? Phases { get; set; }               // "PHASE1|PHASE2"
    public string? StudyType { get; set; }            // INTERVENTIONAL | OBSERVATIONAL
    public string? Conditions { get; set; }           // "Non-small Cell Lung Cancer|ALK Gene Rearrangement"
    public string? Keywords { get; set; }
    public string? Interventions { get; set; }        // "DRUG: Lorlatinib|DRUG: Crizotinib"
    public string? Countries { get; set; }            // "United States|Canada"
    public string? Sponsor { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? LastUpdate { get; set; }
    public int? MinAgeYears { get; set; }
    public int? MaxAgeYears { get; set; }
    public string? Sex { get; set; }                  // ALL | FEMALE | MALE
    public string? EligibilityText { get; set; }
    public string InclusionJson { get; set; } = "[]"; // string[]: inclusion criteria, one per item
    public string ExclusionJson { get; set; } = "[]"; // string[]
    public string LocationsJson { get; set; } = "[]"; // [{facility, city, state, country, status, lat, lon, contacts:[{name, phone, email}]}]
    public string ContactsJson { get; set; } = "[]";  // central contacts [{name, role, phone, email}]
    public string CriteriaJson { get; set; } = "{}";  // parsed criteria (TrialCriteria), written at import
    public string Categories { get; set; } = "";      // derived ALK categories "alk-targeted|after-lorlatinib|brain-mets|..."
    public int Relevance { get; set; }                // derived: TrialRelevance (3 ALK, 2 lung cancer, 1 lung cancer excluding ALK, 0 other)
    /// <summary>Derived with the criteria (TrialRelevance.Apply): CriteriaJson without its quotes and to-check texts, all that ranking reads
    /// (MatchCriteria). `trials match` ranks from it and reads the full CriteriaJson only for the trials it prints. Empty until derived.</summary>
    public string MatchJson { get; set; } = "";
    public string RawJson { get; set; } = "";
    public DateTime ImportedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public DateTime UpdatedUtc { get; set; } // stamped at save by AppDbContext when left unset
}

/// <summary>A navigator's notes on a trial; kept apart from Trial so a re-sync never touches them.</summary>
public sealed class TrialAnnotation
{
    public string NctId { get; set; } = "";
    public string? PlainSummary { get; set; }
    public string Tags { get; set; } = "";            // "alk-targeted|brain-mets"
    public bool Featured { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTime UpdatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public string? UpdatedBy { get; set; }
}

/// <summary>A trial a patient (or their caregiver, on their record) saved.</summary>
public sealed class SavedTrial
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public string NctId { get; set; } = "";
    public string? Note { get; set; }
    public DateTime SavedUtc { get; set; } // stamped at save by AppDbContext when left unset
}

/// <summary>"A sync brought a new trial that matches you": shown in the app until seen.</summary>
public sealed class TrialNotice
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public string NctId { get; set; } = "";
    public string Verdict { get; set; } = "";
    public DateTime CreatedUtc { get; set; } // stamped at save by AppDbContext when left unset
    public DateTime? SeenUtc { get; set; }
}

/// <summary>Where the last sync got to (incremental by last update date).</summary>
public sealed class SyncState
{
    public string Source { get; set; } = "ctgov";
    public DateOnly? LastUpdateSeen { get; set; }
    public DateTime? LastRunUtc { get; set; }
    public string? LastResult { get; set; }
}

internal sealed class TrialConfig : IEntityTypeConfiguration<Trial>
{
    public void Configure(EntityTypeBuilder<Trial> b)
    {
        b.HasKey(t => t.NctId);
        b.Property(t => t.NctId).HasMaxLength(20);
        b.Property(t => t.Title).HasMaxLength(1000);
        b.Property(t => t.Acronym).HasMaxLength(100);
        b.Property(t => t.Status).HasMaxLength(40);
        b.Property(t => t.Phases).HasMaxLength(100);
        b.Property(t => t.StudyType).HasMaxLength(40);
        b.Property(t => t.Sex).HasMaxLength(10);
        b.Property(t => t.Sponsor).HasMaxLength(500);
        b.Property(t => t.Categories).HasMaxLength(500);
        b.HasIndex(t => t.Status);
        b.HasIndex(t => t.LastUpdate);
        b.HasIndex(t => t.Relevance);
    }

    /// <summary>The name of <see cref="ConfigureSqlite"/>'s covering index.</summary>
    public const string MatchIndex = "IX_Trials_Match";

    /// <summary>
    /// SQLite only: a covering index over the columns `trials match --top N` ranks from (TrialCatalog.CompactQuery, streamed by RankAsync), so that
    /// query scans about 100 MB of index instead of one leaf page of the wide Trials table per row (rows average 30 KB on a
    /// registry-sized catalogue). SQLite keeps it current on every write; the planner picks it for the column list on its own
    /// (TrialCatalogFastPathTests checks the query plan). Not on PostgreSQL: its B-tree entries are limited to about 2.7 KB and
    /// TOAST already keeps the long columns out of the heap rows a scan reads.
    /// </summary>
    internal static void ConfigureSqlite(EntityTypeBuilder<Trial> b) =>
        b.HasIndex(t => new { t.NctId, t.Title, t.Status, t.Phases, t.Countries, t.Conditions, t.Categories, t.MatchJson }, MatchIndex);
}

internal sealed class TrialAnnotationConfig : IEntityTypeConfiguration<TrialAnnotation>
{
    public void Configure(EntityTypeBuilder<TrialAnnotation> b)
    {
        b.HasKey(a => a.NctId);
        b.Property(a => a.NctId).HasMaxLength(20);
        b.Property(a => a.PlainSummary).HasMaxLength(4000);
        b.Property(a => a.Tags).HasMaxLength(500);
        b.Property(a => a.UpdatedBy).HasMaxLength(256);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class SavedTrialConfig : IEntityTypeConfiguration<SavedTrial>
{
    public void Configure(EntityTypeBuilder<SavedTrial> b)
    {
        b.HasIndex(s => new { s.RecordId, s.NctId }).IsUnique();
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(s => s.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.NctId).HasMaxLength(20);
        b.Property(s => s.Note).HasMaxLength(2000);
    }
}

internal sealed class TrialNoticeConfig : IEntityTypeConfiguration<TrialNotice>
{
    public void Configure(EntityTypeBuilder<TrialNotice> b)
    {
        b.HasIndex(n => new { n.RecordId, n.NctId }).IsUnique();
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(n => n.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(n => n.NctId).HasMaxLength(20);
        b.Property(n => n.Verdict).HasMaxLength(40);
    }
}

internal sealed class SyncStateConfig : IEntityTypeConfiguration<SyncState>
{
    public void Configure(EntityTypeBuilder<SyncState> b)
    {
        b.HasKey(s => s.Source);
        b.Property(s => s.Source).HasMaxLength(40);
        b.Property(s => s.LastResult).HasMaxLength(2000);
    }
}

/// <summary>
/// Trial queries for pages and the API: every column except RawJson (the registry's whole study, kept for re-deriving
/// criteria; never shown, and it can be megabytes). The detail page, the API and the search select through here.
/// </summary>
public static class TrialQueries
{
    /// <summary>RawJson is left out (its default, ""): not even a constant for it appears in the SQL.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Trial, Trial>> WithoutRawJson = t => new Trial
    {
        NctId = t.NctId, Title = t.Title, OfficialTitle = t.OfficialTitle, Acronym = t.Acronym, BriefSummary = t.BriefSummary,
        Status = t.Status, Phases = t.Phases, StudyType = t.StudyType, Conditions = t.Conditions, Keywords = t.Keywords,
        Interventions = t.Interventions, Countries = t.Countries, Sponsor = t.Sponsor, StartDate = t.StartDate, LastUpdate = t.LastUpdate,
        MinAgeYears = t.MinAgeYears, MaxAgeYears = t.MaxAgeYears, Sex = t.Sex, EligibilityText = t.EligibilityText,
        InclusionJson = t.InclusionJson, ExclusionJson = t.ExclusionJson, LocationsJson = t.LocationsJson, ContactsJson = t.ContactsJson,
        CriteriaJson = t.CriteriaJson, Categories = t.Categories, Relevance = t.Relevance, ImportedUtc = t.ImportedUtc, UpdatedUtc = t.UpdatedUtc,
    };

    /// <summary>The one trial a detail page or GET /api/trials/{nct} shows, without RawJson.</summary>
    public static IQueryable<Trial> Detail(AlkNavigator.Data.AppDbContext db, string nct) =>
        db.Trials.AsNoTracking().Where(t => t.NctId == nct).Select(WithoutRawJson);
}
