using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// The second-opinion pack: the visit pack plus the full history and the patient's own summary, as a page to print and a
/// PDF; the summary form (contribute access); and the patient's time-limited read-only share links (the owner only:
/// create with an expiry of 1 to 30 days, revoke). A new link's secret is shown once; only its hash is stored.
/// </summary>
public sealed class SecondOpinionModel(RecordAccess access, AppDbContext db, ContentStore content) : RecordPageModel(access, db)
{
    public static readonly int[] ExpiryChoices = [1, 3, 7, 14, 30];
    public const int MaxActiveLinks = 10;

    public sealed class SummaryInput
    {
        [StringLength(8000, ErrorMessage = "Keep the summary under {1} characters.")]
        [Display(Name = "My summary")]
        public string? Text { get; set; }
        public Guid? Version { get; set; }
    }

    public sealed class ShareInput
    {
        [Range(1, 30, ErrorMessage = "Choose how long the link works: 1 to 30 days.")]
        [Display(Name = "The link works for")]
        public int Days { get; set; } = 7;

        [StringLength(200, ErrorMessage = "Keep this under {1} characters.")]
        [Display(Name = "Who it is for (only you see this)")]
        public string? Label { get; set; }
    }

    [BindProperty]
    public SummaryInput Summary { get; set; } = new();

    [BindProperty]
    public ShareInput Share { get; set; } = new();

    public VisitPackData Data { get; private set; } = null!;
    public List<PackShare> Shares { get; private set; } = [];
    public Dictionary<Guid, int> Opens { get; private set; } = [];
    public DateTime NowUtc { get; private set; }
    /// <summary>The link just created (shown once).</summary>
    public string? NewLinkUrl { get; private set; }

    [Needs(Record.Access.View, Audit = "second-opinion pack")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync(fillSummary: true);
        return Page();
    }

    [Needs(Record.Access.View, Audit = "second-opinion pack PDF")]
    public async Task<IActionResult> OnGetPdfAsync()
    {
        var data = await VisitPack.LoadAsync(Db, RecordId, Clock.GetUtcNow().UtcDateTime, content, full: true, HttpContext.RequestAborted);
        return File(PackPdf.Render(data, content), PackPdf.ContentType, PackPdf.FileName(data));
    }

    /// <summary>Saves the patient's own summary (form fields Summary.*).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostSummaryAsync()
    {
        ModelState.Remove("Share.Days");
        ModelState.Remove("Share.Label");
        if (!ModelState.IsValid)
        {
            await LoadAsync(fillSummary: false);
            return Page();
        }
        var ct = HttpContext.RequestAborted;
        var row = await Db.PatientSummaries.FirstOrDefaultAsync(s => s.RecordId == RecordId, ct);
        var text = (Summary.Text ?? "").Trim();
        if (row is null)
        {
            row = new PatientSummary { RecordId = RecordId, Text = text, UpdatedBy = Ctx.UserEmail, UpdatedUtc = Clock.GetUtcNow().UtcDateTime };
            Db.PatientSummaries.Add(row);
        }
        else
        {
            Expect(row, Summary.Version ?? Guid.Empty);
            row.Text = text;
        }
        Access.Audit(Ctx, "update", "patient summary", RecordId, $"{text.Length} characters");
        if (!await TrySaveAsync())
        {
            await LoadAsync(fillSummary: false);
            return Page();
        }
        TempData.SetStatus("Saved your summary.");
        return Redirect($"/record/{RecordId}/visit/second-opinion#summary");
    }

    /// <summary>Creates a read-only link to the pack (form fields Share.*): the patient only.</summary>
    [Needs(Record.Access.Owner)]
    public async Task<IActionResult> OnPostShareAsync()
    {
        ModelState.Remove("Summary.Text");
        ModelState.Remove("Summary.Version");
        var ct = HttpContext.RequestAborted;
        var now = Clock.GetUtcNow().UtcDateTime;
        if (ModelState.IsValid && await Db.PackShares.CountAsync(s => s.RecordId == RecordId && s.RevokedUtc == null && s.ExpiresUtc > now, ct) >= MaxActiveLinks)
            ModelState.AddModelError("Share.Days", $"You have {MaxActiveLinks} links that still work. Turn one off before making another.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(fillSummary: true);
            return Page();
        }
        var token = SecretTokens.New();
        var share = new PackShare
        {
            RecordId = RecordId, TokenHash = SecretTokens.Hash(token), Label = ClinicalForms.Clean(Share.Label),
            CreatedUtc = now, CreatedByEmail = Ctx.UserEmail, ExpiresUtc = now.AddDays(Share.Days),
        };
        Db.PackShares.Add(share);
        Access.Audit(Ctx, "create", "pack share link", share.Id, $"read-only link to the second-opinion pack for {Share.Days} days{(share.Label is null ? "" : $" ({share.Label})")}");
        await Db.SaveChangesAsync(ct);
        NewLinkUrl = SharedPackModel.LinkUrl($"{Request.Scheme}://{Request.Host}{Request.PathBase}", token);
        Share = new ShareInput();
        await LoadAsync(fillSummary: true);
        Response.Headers.CacheControl = "no-store"; // the page that shows the secret is never cached
        return Page();
    }

    /// <summary>Turns a link off at once: the patient only.</summary>
    [Needs(Record.Access.Owner)]
    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var share = await Db.PackShares.FirstOrDefaultAsync(s => s.Id == id && s.RecordId == RecordId, ct);
        if (share is null) return NotFound();
        if (share.RevokedUtc is null)
        {
            share.RevokedUtc = Clock.GetUtcNow().UtcDateTime;
            Access.Audit(Ctx, "revoke", "pack share link", share.Id, share.Label is null ? "turned off" : $"turned off ({share.Label})");
            await Db.SaveChangesAsync(ct);
        }
        TempData.SetStatus("The link is turned off. Anyone who opens it now is told it no longer works.");
        return Redirect($"/record/{RecordId}/visit/second-opinion#share");
    }

    private async Task LoadAsync(bool fillSummary)
    {
        var ct = HttpContext.RequestAborted;
        NowUtc = Clock.GetUtcNow().UtcDateTime;
        Data = await VisitPack.LoadAsync(Db, RecordId, NowUtc, content, full: true, ct);
        if (fillSummary) Summary = new SummaryInput { Text = Data.Summary?.Text, Version = Data.Summary?.Version };
        else Summary.Version = Data.Summary?.Version;
        if (Ctx.IsOwner)
        {
            Shares = (await Db.PackShares.AsNoTracking().Where(s => s.RecordId == RecordId).ToListAsync(ct))
                .OrderByDescending(s => s.CreatedUtc).ToList();
            var ids = Shares.Select(s => s.Id.ToString()).ToList();
            Opens = (await Db.AuditEntries.AsNoTracking()
                    .Where(a => a.RecordId == RecordId && a.What == SharedPackModel.AuditWhat && a.ItemId != null && ids.Contains(a.ItemId))
                    .Select(a => a.ItemId!).ToListAsync(ct))
                .GroupBy(x => x).ToDictionary(g => Guid.Parse(g.Key), g => g.Count());
        }
    }
}
