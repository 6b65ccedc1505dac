using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>ProfileJson: replacing a record's clinical content with a validated import, in one save.</summary>
public static partial class ProfileJson
{
    // ------------------------------------------------------------------ import: replacing the record's content

    /// <summary>Counts of what an import wrote, for the CLI and the page.</summary>
    public sealed record ImportCounts(int Treatments, int Procedures, int Biomarkers, int SiteObservations, int EcogScores,
        int Progressions, int Medicines, int? CareTeam, bool PlanReplaced)
    {
        public override string ToString()
        {
            var parts = new List<string>
            {
                N(Treatments, "treatment line"), N(Procedures, "procedure"), N(Biomarkers, "biomarker result"),
                N(SiteObservations, "site observation"), N(EcogScores, "ECOG score"), N(Progressions, "progression event"),
                N(Medicines, "other medicine"),
                CareTeam is { } c ? N(c, "care team member") : "care team kept",
                PlanReplaced ? "progression plan replaced" : "progression plan kept",
            };
            return string.Join(", ", parts);
        }

        private static string N(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";
    }

    /// <summary>
    /// Replaces the record's clinical content (diagnosis and patient fields, sites, ECOG, treatments, procedures, progressions,
    /// biomarkers, other medicines, allergies, notes) with <paramref name="import"/>, in one SaveChanges (one transaction).
    /// Display name, preferred hospital, care team and progression plan are replaced only when the file carries them.
    /// The record keeps its id and owner. <paramref name="audit"/> is called (before saving) with a one-line summary.
    /// </summary>
    public static async Task<ImportCounts> ReplaceAsync(AppDbContext db, PatientRecord record, ProfileImport import, string actor,
        Action<string>? audit, CancellationToken ct = default)
    {
        if (!import.IsValid) throw new InvalidOperationException("The profile has problems; nothing may be saved.");
        await LoadCollectionsAsync(db, record, ct);
        var c = import.Content;
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var order = 0;

        void Replace<T>(List<T> existing, List<T> incoming) where T : RecordItem
        {
            foreach (var old in existing.ToList()) db.Remove(old);
            existing.Clear();
            foreach (var item in incoming)
            {
                item.Id = Guid.NewGuid();
                item.RecordId = record.Id;
                item.Version = Guid.NewGuid();
                item.UpdatedBy = actor;
                item.CreatedUtc = item.UpdatedUtc = now.AddMilliseconds(order++); // the file's order (as the reader set it), at the clock's now
                db.Add(item); // explicit Add: a client-set Guid key found through a navigation would be taken for an existing row
                existing.Add(item);
            }
        }

        Replace(record.Sites, c.Sites);
        Replace(record.EcogEntries, c.EcogEntries);
        Replace(record.Treatments, c.Treatments);
        Replace(record.Procedures, c.Procedures);
        Replace(record.Progressions, c.Progressions);
        Replace(record.Biomarkers, c.Biomarkers);
        Replace(record.Medicines, c.Medicines);
        if (import.HasCareTeam) Replace(record.CareTeam, c.CareTeam);
        if (import.HasPlan)
        {
            // Update in place: one row per key (unique index), so no delete + insert of the same key.
            foreach (var (key, _, _) in ProgressionPlan.Items)
            {
                var src = c.PlanItems.FirstOrDefault(p => p.Key == key);
                var row = record.PlanItems.FirstOrDefault(p => p.Key == key);
                if (row is null)
                {
                    row = new PlanItem { Key = key, RecordId = record.Id, CreatedUtc = now };
                    db.Add(row);
                    record.PlanItems.Add(row);
                }
                row.Status = src?.Status ?? "not-started";
                row.Note = src?.Note;
                row.Date = src?.Date;
                row.Version = Guid.NewGuid();
                row.UpdatedUtc = now;
                row.UpdatedBy = actor;
            }
        }

        if (import.HasDisplayName) record.DisplayName = c.DisplayName;
        if (import.HasPreferredHospital) record.PreferredHospital = c.PreferredHospital;
        record.BirthYear = c.BirthYear;
        record.Sex = c.Sex;
        record.Country = c.Country;
        record.PostalCode = c.PostalCode;
        record.Allergies = c.Allergies;
        record.Notes = c.Notes;
        record.DiagnosisDate = c.DiagnosisDate;
        record.Histology = c.Histology;
        record.Stage = c.Stage;
        record.StageT = c.StageT;
        record.StageN = c.StageN;
        record.StageM = c.StageM;
        record.AlkStatus = c.AlkStatus;
        record.AlkMethod = c.AlkMethod;
        record.FusionPartner = c.FusionPartner;
        record.FusionVariant = c.FusionVariant;
        record.PdL1 = c.PdL1;
        record.Version = Guid.NewGuid();
        record.UpdatedUtc = now;
        record.UpdatedBy = actor;

        var counts = new ImportCounts(c.Treatments.Count, c.Procedures.Count, c.Biomarkers.Count, c.Sites.Count, c.EcogEntries.Count,
            c.Progressions.Count, c.Medicines.Count, import.HasCareTeam ? c.CareTeam.Count : null, import.HasPlan);
        audit?.Invoke($"Imported a patient profile: {counts}.");
        await db.SaveChangesAsync(ct);
        return counts;
    }
}
