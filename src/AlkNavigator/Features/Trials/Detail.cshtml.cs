using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials;

public sealed record TrialContact(string? Name, string? Role, string? Phone, string? Email);

public sealed record TrialSite(string? Facility, string? City, string? State, string? Country, string? Status, IReadOnlyList<TrialContact>? Contacts);

/// <summary>Registry codes in plain words, and the JSON columns of <see cref="Trial"/> read back for display.</summary>
public static class TrialText
{
    public static readonly IReadOnlyList<(string Id, string Label)> Statuses =
    [
        ("RECRUITING", "Recruiting"),
        ("NOT_YET_RECRUITING", "Not yet recruiting"),
        ("ENROLLING_BY_INVITATION", "Enrolling by invitation"),
        ("ACTIVE_NOT_RECRUITING", "Active, not recruiting"),
        ("SUSPENDED", "Suspended"),
        ("COMPLETED", "Completed"),
        ("TERMINATED", "Stopped early (terminated)"),
        ("WITHDRAWN", "Withdrawn before enrolling"),
        ("AVAILABLE", "Expanded access available"),
        ("NO_LONGER_AVAILABLE", "No longer available"),
        ("TEMPORARILY_NOT_AVAILABLE", "Temporarily not available"),
        ("APPROVED_FOR_MARKETING", "Approved for marketing"),
        ("WITHHELD", "Withheld"),
        ("UNKNOWN", "Status not verified recently"),
    ];

    public static readonly IReadOnlyList<(string Id, string Label)> PhaseOptions =
    [
        ("EARLY_PHASE1", "Early phase 1"),
        ("PHASE1", "Phase 1"),
        ("PHASE2", "Phase 2"),
        ("PHASE3", "Phase 3"),
        ("PHASE4", "Phase 4"),
        ("NA", "Not applicable (no drug phase)"),
    ];

    public static IReadOnlyList<string> Split(string? s) =>
        string.IsNullOrWhiteSpace(s) ? [] : s.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Status(string? code) =>
        Statuses.FirstOrDefault(s => s.Id == code).Label ?? (string.IsNullOrEmpty(code) ? "Not stated" : Humanize(code));

    /// <summary>True for the statuses in which a patient could still join.</summary>
    public static bool IsOpen(string? code) => code is "RECRUITING" or "NOT_YET_RECRUITING" or "ENROLLING_BY_INVITATION" or "AVAILABLE";

    /// <summary>"PHASE1|PHASE2" → "Phase 1/2"; "EARLY_PHASE1" → "Early phase 1"; "NA" → "Not applicable".</summary>
    public static string Phases(string? phases)
    {
        var list = Split(phases);
        if (list.Count == 0) return "Not stated";
        if (list.All(p => p.StartsWith("PHASE", StringComparison.Ordinal)))
            return "Phase " + string.Join('/', list.Select(p => p["PHASE".Length..]));
        return string.Join(", ", list.Select(p => p switch
        {
            "NA" => "Not applicable",
            "EARLY_PHASE1" => "Early phase 1",
            _ when p.StartsWith("PHASE", StringComparison.Ordinal) => "Phase " + p["PHASE".Length..],
            _ => Humanize(p),
        }));
    }

    public static string StudyType(string? type) => type switch
    {
        "INTERVENTIONAL" => "Interventional: people are assigned a treatment or test",
        "OBSERVATIONAL" => "Observational: researchers follow people without assigning a treatment",
        "EXPANDED_ACCESS" => "Expanded access: a drug offered outside a trial",
        null or "" => "Not stated",
        _ => Humanize(type),
    };

    public static string Sex(string? sex) => sex switch
    {
        "ALL" => "Any sex",
        "FEMALE" => "Women only",
        "MALE" => "Men only",
        null or "" => "Not stated",
        _ => Humanize(sex),
    };

    public static string Ages(int? min, int? max) => (min, max) switch
    {
        (null, null) => "Any age",
        ({ } a, null) => $"{a} years and older",
        (null, { } b) => $"Up to {b} years",
        ({ } a, { } b) => $"{a} to {b} years",
    };

    public static string Date(DateOnly? d) => d is { } x ? x.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "Not stated";

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"DRUG: Lorlatinib" → "Lorlatinib (drug)".</summary>
    public static string Intervention(string s)
    {
        var i = s.IndexOf(':');
        if (i <= 0) return s;
        var kind = s[..i].Trim();
        var name = s[(i + 1)..].Trim();
        return $"{name} ({Humanize(kind).ToLowerInvariant()})";
    }

    public static string Verdict(string verdict) => verdict switch
    {
        Verdicts.LikelyEligible => "Likely eligible",
        Verdicts.PossiblyEligible => "Possibly eligible: more information needed",
        Verdicts.LikelyExcluded => "Likely excluded",
        Verdicts.NotRelevant => "Not relevant",
        _ => Humanize(verdict),
    };

    /// <summary>A reason's kind as a word and a symbol, so it never rests on colour alone.</summary>
    public static (string Symbol, string Label) ReasonKind(string kind) => kind switch
    {
        "meets" => ("✓", "Meets"),
        "excludes" => ("✗", "Rules out"),
        "unknown" => ("?", "Not known"),
        _ => ("i", "Note"),
    };

    public static IReadOnlyList<string> StringList(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try { return JsonSerializer.Deserialize<List<string>>(json)?.Where(s => !string.IsNullOrWhiteSpace(s)).ToList() ?? []; }
        catch (JsonException) { return []; }
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<TrialSite> Sites(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try { return JsonSerializer.Deserialize<List<TrialSite>>(json, Web) ?? []; }
        catch (JsonException) { return []; }
    }

    public static IReadOnlyList<TrialContact> Contacts(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try { return JsonSerializer.Deserialize<List<TrialContact>>(json, Web) ?? []; }
        catch (JsonException) { return []; }
    }

    /// <summary>A phone number as a tel: URI (digits and a leading +; extensions dropped).</summary>
    public static string Tel(string phone)
    {
        var main = phone.Split(["ext", "x", "Ext", "EXT", "#"], 2, StringSplitOptions.None)[0];
        var digits = new string(main.Where(c => char.IsDigit(c) || c == '+').ToArray());
        return "tel:" + digits;
    }

    /// <summary>Normalises an NCT id from a URL ("nct05384626" → "NCT05384626"); null when it is not one.</summary>
    public static string? Nct(string? s)
    {
        s = s?.Trim().ToUpperInvariant();
        return s is { Length: >= 4 and <= 20 } && s.StartsWith("NCT", StringComparison.Ordinal) && s[3..].All(char.IsAsciiDigit) ? s : null;
    }

    private static string Humanize(string code)
    {
        var s = code.Replace('_', ' ').ToLowerInvariant();
        return s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
    }
}

public sealed class SaveTrialInput
{
    public Guid Rid { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
    [Display(Name = "Note (optional)")]
    public string? Note { get; set; }
}

/// <summary>
/// /trials/{nct}: one trial in plain language. Public. For a signed-in account with records: why the trial fits the chosen
/// record or not, and saving it to that record (contributors and above).
/// </summary>
public sealed class TrialDetailModel(AppDbContext db, RecordAccess access, UserManager<AppUser> users, TrialCatalog catalog) : PageModel
{
    [FromRoute(Name = "nct")]
    public string NctRoute { get; set; } = "";

    [BindProperty]
    public SaveTrialInput Input { get; set; } = new();

    public Trial Trial { get; private set; } = null!;
    public TrialAnnotation? Annotation { get; private set; }
    public IReadOnlyList<string> Inclusion { get; private set; } = [];
    public IReadOnlyList<string> Exclusion { get; private set; } = [];
    public IReadOnlyList<TrialSite> Sites { get; private set; } = [];
    public IReadOnlyList<TrialContact> Contacts { get; private set; } = [];
    public IReadOnlyList<string> Categories { get; private set; } = [];

    /// <summary>The records the account can open (empty when signed out).</summary>
    public List<(PatientRecord Record, Access Access)> Records { get; private set; } = [];
    public RecordContext? Ctx { get; private set; }
    public TrialMatch? Match { get; private set; }
    public SavedTrial? Saved { get; private set; }
    public bool SignedIn { get; private set; }
    public bool CanAnnotate => User.IsInRole(Roles.Navigator) || User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync(Guid? record)
    {
        if (!await LoadTrialAsync()) return NotFound();
        await LoadRecordAsync(record, audit: true);
        Input = new SaveTrialInput { Rid = Ctx?.Record.Id ?? Guid.Empty, Note = Saved?.Note };
        return Page();
    }

    /// <summary>Saves the trial to a record, or updates its note (form fields Input.Rid, Input.Note).</summary>
    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (users.GetUserId(User) is null) return Challenge();
        if (!await LoadTrialAsync()) return NotFound();
        var ctx = await access.OpenAsync(Input.Rid, User, HttpContext.RequestAborted);
        if (ctx is null) return NotFound();
        if (!ctx.CanContribute) return Forbid();
        if (!ModelState.IsValid)
        {
            await LoadRecordAsync(ctx.Record.Id, audit: false);
            return Page();
        }
        var note = string.IsNullOrWhiteSpace(Input.Note) ? null : Input.Note.Trim();
        var saved = await db.SavedTrials.FirstOrDefaultAsync(s => s.RecordId == ctx.Record.Id && s.NctId == Trial.NctId, HttpContext.RequestAborted);
        if (saved is null)
        {
            db.SavedTrials.Add(new SavedTrial { RecordId = ctx.Record.Id, NctId = Trial.NctId, Note = note });
            access.Audit(ctx, "create", "saved trial", Trial.NctId, note);
            TempData.SetStatus($"Saved {Trial.NctId} to {(ctx.IsOwner ? "your" : $"{ctx.Record.DisplayName}'s")} trials.");
        }
        else
        {
            saved.Note = note;
            access.Audit(ctx, "update", "saved trial", Trial.NctId, note);
            TempData.SetStatus("Saved the note.");
        }
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateException) when (saved is null)
        {
            // Saved twice at the same moment (the unique index refused the second): it is saved either way.
            // Anything else (the row is not there) is a real failure: let it surface.
            db.ChangeTracker.Clear();
            if (!await db.SavedTrials.AnyAsync(s => s.RecordId == ctx.Record.Id && s.NctId == Trial.NctId, HttpContext.RequestAborted)) throw;
        }
        return Redirect($"/trials/{Trial.NctId}?record={ctx.Record.Id}#fit");
    }

    /// <summary>Removes the trial from the record's saved trials (form field Input.Rid).</summary>
    public async Task<IActionResult> OnPostUnsaveAsync()
    {
        if (users.GetUserId(User) is null) return Challenge();
        if (!await LoadTrialAsync()) return NotFound();
        var ctx = await access.OpenAsync(Input.Rid, User, HttpContext.RequestAborted);
        if (ctx is null) return NotFound();
        if (!ctx.CanContribute) return Forbid();
        var saved = await db.SavedTrials.FirstOrDefaultAsync(s => s.RecordId == ctx.Record.Id && s.NctId == Trial.NctId, HttpContext.RequestAborted);
        if (saved is not null)
        {
            db.SavedTrials.Remove(saved);
            access.Audit(ctx, "delete", "saved trial", Trial.NctId, saved.Note);
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        TempData.SetStatus($"Removed {Trial.NctId} from the saved trials.");
        return Redirect($"/trials/{Trial.NctId}?record={ctx.Record.Id}#fit");
    }

    private async Task<bool> LoadTrialAsync()
    {
        var nct = TrialText.Nct(NctRoute);
        if (nct is null) return false;
        var trial = await TrialQueries.Detail(db, nct).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (trial is null) return false;
        Trial = trial;
        Annotation = await db.TrialAnnotations.AsNoTracking().FirstOrDefaultAsync(a => a.NctId == nct, HttpContext.RequestAborted);
        Inclusion = TrialText.StringList(trial.InclusionJson);
        Exclusion = TrialText.StringList(trial.ExclusionJson);
        Sites = TrialText.Sites(trial.LocationsJson);
        Contacts = TrialText.Contacts(trial.ContactsJson);
        Categories = TrialText.Split(Annotation is null ? trial.Categories : Annotation.Tags);
        return true;
    }

    /// <summary>
    /// The record to explain the fit for: the one asked for (if the account may open it), else its own, else the first it follows
    /// (as "My record" chooses). Reads by caregivers are audited, as on the record's own pages.
    /// </summary>
    private async Task LoadRecordAsync(Guid? wanted, bool audit)
    {
        var userId = users.GetUserId(User);
        SignedIn = userId is not null;
        if (userId is null) return;
        Records = await access.ListAsync(userId, HttpContext.RequestAborted);
        if (Records.Count == 0) return;
        var chosen = Records.FirstOrDefault(r => r.Record.Id == wanted).Record
                     ?? Records.FirstOrDefault(r => r.Access == Record.Access.Owner).Record
                     ?? Records.OrderBy(r => r.Record.DisplayName, StringComparer.CurrentCultureIgnoreCase).First().Record;
        Ctx = await access.OpenAsync(chosen.Id, User, HttpContext.RequestAborted);
        if (Ctx is null) return;
        if (audit) await access.AuditReadAsync(Ctx, $"trial fit {Trial.NctId}", HttpContext.RequestAborted);
        Match = await TrialMatching.ForRecordAsync(db, catalog, Ctx.Record.Id, Trial.NctId, HttpContext.RequestAborted);
        Saved = await db.SavedTrials.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == Ctx.Record.Id && s.NctId == Trial.NctId, HttpContext.RequestAborted);
    }
}
