using System.Globalization;
using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>
/// Import and export of the patient profile JSON (v1, plus the "alknav" extension). Export needs view access and is
/// audited as a read; import replaces the record's clinical content, so it needs manage access, and a file with any
/// problem saves nothing.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
[RequestSizeLimit(UploadLimit + 64 * 1024)]
public sealed class TransferModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    // A little above ProfileJson.MaxBytes, so a slightly too large file gets a clear message instead of a 400.
    private const int UploadLimit = 2 * ProfileJson.MaxBytes;

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

    public async Task<IActionResult> OnGetAsync()
    {
        if (await OpenAsync(Record.Access.View) is { } denied) return denied;
        return Page();
    }

    /// <summary>The export file: GET /record/{rid}/transfer?handler=Download.</summary>
    public async Task<IActionResult> OnGetDownloadAsync()
    {
        if (await OpenAsync(Record.Access.View, auditReadOf: "export") is { } denied) return denied;
        await ProfileJson.LoadCollectionsAsync(Db, Ctx.Record, HttpContext.RequestAborted);
        var today = ProfileJson.Today;
        return File(ProfileJson.ExportBytes(Ctx.Record, today), "application/json", $"alknav-profile-{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.json");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await OpenAsync(Record.Access.Manage) is { } denied) return denied;
        if (Upload is null || Upload.Length == 0)
            ModelState.AddModelError(nameof(Upload), "Choose a profile file (.json) to import.");
        else if (Upload.Length > ProfileJson.MaxBytes)
            ModelState.AddModelError(nameof(Upload), $"The file is {Upload.Length / 1024} KB; a profile can be at most 1 MB.");
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
        var import = ProfileJson.Parse(bytes, ProfileJson.Today);
        Warnings = import.Warnings;
        if (!import.IsValid)
        {
            Problems = import.Problems;
            return Page();
        }

        try
        {
            Imported = await ProfileJson.ReplaceAsync(Db, Ctx.Record, import, Ctx.UserEmail,
                detail => Access.Audit(Ctx, "import", "record", Ctx.Record.Id, $"{FileName}: {detail}"), HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            foreach (var entry in Db.ChangeTracker.Entries().ToList()) entry.State = EntityState.Detached;
            ModelState.AddModelError(string.Empty, "Someone changed this record while the file was being imported, so nothing was saved. Please import the file again.");
            return Page();
        }
        return Page();
    }
}
