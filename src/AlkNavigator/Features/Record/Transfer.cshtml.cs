using System.Globalization;
using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Fhir;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>
/// Import and export of the patient profile JSON (v1, plus the "alknav" extension) and export as a FHIR Bundle (mCODE). Export needs view access and is
/// audited as a read; import replaces the record's clinical content, so it needs manage access, and a file with any
/// problem saves nothing.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
[RequestSizeLimit(UploadLimit + 64 * 1024)]
public sealed class TransferModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    // Well above ProfileJson.MaxBytes (1 MB), so a too large file (a 5 MB scan, a photo) is read and answered on the page
    // with the limit, form kept, instead of failing before the page runs. Files go to a temp file beyond 64 KB, not memory.
    public const int UploadLimit = 16 * ProfileJson.MaxBytes;

    [BindProperty]
    [Display(Name = "Profile file (.json)")]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    [Display(Name = "I understand that importing replaces the clinical content of this record")]
    public bool Confirm { get; set; }

    public string? FileName { get; private set; }
    public IReadOnlyList<ProfileProblem> Problems { get; private set; } = [];
    public IReadOnlyList<ProfileProblem> Warnings { get; private set; } = [];
    public ProfileJson.ImportCounts? Imported { get; private set; }
    /// <summary>Earlier versions that can be restored (newest first); listed for those who may import.</summary>
    public IReadOnlyList<RecordSnapshots.Listed> Snapshots { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "import and export page")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadSnapshotsAsync();
        return Page();
    }

    private async Task LoadSnapshotsAsync()
    {
        if (Ctx.CanManage)
            Snapshots = await RecordSnapshots.ListAsync(Db, RecordId, Clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
    }

    /// <summary>Puts an earlier version back (the current one is kept as a snapshot first, so this can be undone too).</summary>
    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostRestoreAsync(Guid snapshot)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var listed = (await RecordSnapshots.ListAsync(Db, RecordId, now, HttpContext.RequestAborted)).FirstOrDefault(s => s.Id == snapshot);
        if (listed is null)
        {
            TempData.SetStatus($"That earlier version is no longer kept (versions are kept for {RecordSnapshots.KeepDays} days). Nothing was changed.", "info");
            return Redirect($"/record/{RecordId}/transfer");
        }
        try
        {
            var restored = await RecordSnapshots.RestoreAsync(Db, Ctx.Record, snapshot, Ctx.UserId, Ctx.UserEmail, now,
                detail => Access.Audit(Ctx, "restore", "record", Ctx.Record.Id, detail), HttpContext.RequestAborted);
            // Post-redirect-get: reloading the page afterwards must not restore again.
            TempData.SetStatus($"Restored the version saved {listed.TakenUtc:yyyy-MM-dd HH:mm} UTC. The record now has: {restored}. " +
                "The version it replaced is in the list of earlier versions, so this can be undone too.");
            return Redirect($"/record/{RecordId}/transfer");
        }
        catch (DbUpdateConcurrencyException)
        {
            foreach (var entry in Db.ChangeTracker.Entries().ToList()) entry.State = EntityState.Detached;
            ModelState.AddModelError(string.Empty, "Someone changed this record while the earlier version was being restored, so nothing was saved. Please try again.");
        }
        await LoadSnapshotsAsync();
        return Page();
    }

    /// <summary>The export file: GET /record/{rid}/transfer?handler=Download.</summary>
    [Needs(Record.Access.View, Audit = "export")]
    public async Task<IActionResult> OnGetDownloadAsync()
    {
        await ProfileJson.LoadCollectionsAsync(Db, Ctx.Record, HttpContext.RequestAborted);
        var today = await TodayAsync();
        return File(ProfileJson.ExportBytes(Ctx.Record, today), "application/json", $"alknav-profile-{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.json");
    }

    /// <summary>
    /// The same record as an HL7 FHIR R4 Bundle with mCODE profiles: GET /record/{rid}/transfer?handler=DownloadFhir. The same
    /// Bundle as `alknav record export --format fhir` and GET /api/records/{rid}/profile?format=fhir (one builder, FhirExport).
    /// </summary>
    [Needs(Record.Access.View, Audit = "FHIR export")]
    public async Task<IActionResult> OnGetDownloadFhirAsync()
    {
        await ProfileJson.LoadCollectionsAsync(Db, Ctx.Record, HttpContext.RequestAborted);
        var today = await TodayAsync();
        return File(FhirExport.BundleBytes(Ctx.Record, Clock.GetUtcNow()), FhirExport.ContentType,
            $"alknav-fhir-{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.json");
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / 1024.0 / 1024.0:0.0} MB"
        : $"{Math.Max(1, bytes / 1024)} KB";

    [Needs(Record.Access.Manage)]
    public async Task<IActionResult> OnPostAsync()
    {
        await LoadSnapshotsAsync();
        if (Upload is null || Upload.Length == 0)
            ModelState.AddModelError(nameof(Upload), "Choose a profile file (.json) to import.");
        else if (Upload.Length > ProfileJson.MaxBytes)
            ModelState.AddModelError(nameof(Upload), $"{Path.GetFileName(Upload.FileName)} is {Size(Upload.Length)}; a profile file can be at most 1 MB. " +
                "Choose the profile JSON file (an export from AlkNavigator is usually a few KB).");
        if (!Confirm)
            ModelState.AddModelError(nameof(Confirm), "Tick the box to confirm that the import replaces the clinical content of this record.");
        if (!ModelState.IsValid) return Page();

        FileName = Path.GetFileName(Upload!.FileName);
        byte[] bytes;
        using (var ms = new MemoryStream())
        {
            await Upload.CopyToAsync(ms, HttpContext.RequestAborted);
            bytes = ms.ToArray();
        }
        var today = await TodayAsync();
        var import = ProfileJson.Parse(bytes, today);
        Warnings = import.Warnings;
        if (!import.IsValid)
        {
            Problems = import.Problems;
            return Page();
        }

        try
        {
            Imported = await RecordSnapshots.ImportWithSnapshotAsync(Db, Ctx.Record, import, Ctx.UserId, Ctx.UserEmail, $"import of {FileName}",
                Clock.GetUtcNow().UtcDateTime, detail => Access.Audit(Ctx, "import", "record", Ctx.Record.Id, $"{FileName}: {detail}"), HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            foreach (var entry in Db.ChangeTracker.Entries().ToList()) entry.State = EntityState.Detached;
            ModelState.AddModelError(string.Empty, "Someone changed this record while the file was being imported, so nothing was saved. Please import the file again.");
            return Page();
        }
        await LoadSnapshotsAsync();
        return Page();
    }
}
