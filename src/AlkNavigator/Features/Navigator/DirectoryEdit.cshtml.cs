using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.SecondOpinion;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Navigator;

/// <summary>
/// /navigator/directory/new and /navigator/directory/{id}: add, change or remove a specialist or centre in the directory.
/// Changes are versioned (a save over someone else's is refused with what changed). Removing an entry keeps the requests
/// that were matched with it: they keep the match as the patient was told it.
/// </summary>
public sealed class NavigatorDirectoryEditModel(AppDbContext db, TimeProvider clock, ILogger<NavigatorDirectoryEditModel> log) : PageModel
{
    public sealed class CentreInput : IValidatableObject
    {
        [Required(ErrorMessage = "Give the institution (hospital, cancer centre or practice).")]
        [StringLength(200, ErrorMessage = "Keep the institution under {1} characters.")]
        [Display(Name = "Institution")]
        public string? Institution { get; set; }

        [StringLength(200, ErrorMessage = "Keep the name under {1} characters.")]
        [Display(Name = "Specialist's name (optional)")]
        public string? SpecialistName { get; set; }

        [Required(ErrorMessage = "Give the city.")]
        [StringLength(100, ErrorMessage = "Keep the city under {1} characters.")]
        [Display(Name = "City")]
        public string? City { get; set; }

        [Required(ErrorMessage = "Choose the country.")]
        [Display(Name = "Country")]
        public string? Country { get; set; }

        [Display(Name = "Offers telehealth (video or phone) appointments")]
        public bool Telehealth { get; set; }

        [StringLength(200, ErrorMessage = "Keep the languages under {1} characters.")]
        [Display(Name = "Languages")]
        public string? Languages { get; set; }

        [StringLength(2000, ErrorMessage = "Keep the notes under {1} characters.")]
        [Display(Name = "Notes (how to refer, what they need, experience)")]
        public string? Notes { get; set; }

        public Guid Version { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (!string.IsNullOrWhiteSpace(Country) && CountryCodes.Normalize(Country) is null)
                yield return new ValidationResult("Choose the country from the list.", [nameof(Country)]);
        }
    }

    [FromRoute(Name = "id")] public string RouteId { get; set; } = "";
    [BindProperty] public CentreInput Input { get; set; } = new();
    public SpecialistCentre? Current { get; private set; }
    public bool IsNew => RouteId == "new";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (Current is { } c)
            Input = new CentreInput
            {
                Institution = c.Institution, SpecialistName = c.SpecialistName, City = c.City, Country = c.Country, Telehealth = c.Telehealth,
                Languages = c.Languages, Notes = c.Notes, Version = c.Version,
            };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (!ModelState.IsValid) return Page();
        var now = clock.GetUtcNow().UtcDateTime;
        var who = User.Identity?.Name ?? "navigator";
        var c = Current;
        if (c is null)
        {
            c = new SpecialistCentre { CreatedUtc = now };
            db.Add(c);
        }
        else
        {
            db.Attach(c);
            db.Entry(c).Property(x => x.Version).OriginalValue = Input.Version;
            c.Version = Guid.NewGuid();
        }
        c.Institution = Input.Institution!.Trim();
        c.SpecialistName = string.IsNullOrWhiteSpace(Input.SpecialistName) ? null : Input.SpecialistName.Trim();
        c.City = Input.City!.Trim();
        c.Country = CountryCodes.Normalize(Input.Country)!;
        c.Telehealth = Input.Telehealth;
        c.Languages = SecondOpinion.Languages.Normalize(Input.Languages);
        c.Notes = string.IsNullOrWhiteSpace(Input.Notes) ? null : Input.Notes.Trim();
        c.UpdatedUtc = now;
        c.UpdatedBy = who;
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException e)
        {
            ModelState.AddModelError(string.Empty, Concurrency.Describe(e));
            db.ChangeTracker.Clear();
            await LoadAsync();
            ModelState.Remove("Input.Version");
            Input.Version = Current?.Version ?? Guid.Empty;
            return Page();
        }
        log.LogInformation("Directory entry {Id} ({Institution}) saved by {User}", c.Id, c.Institution, who);
        TempData.SetStatus($"Saved {c.Institution}.");
        return Redirect("/second-opinion/directory");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!await LoadAsync() || Current is null) return NotFound();
        ModelState.Clear(); // removing needs only the version, not a valid form
        db.Remove(Current);
        db.Entry(Current).Property(x => x.Version).OriginalValue = Input.Version;
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException e)
        {
            ModelState.AddModelError(string.Empty, Concurrency.Describe(e));
            db.ChangeTracker.Clear();
            if (!await LoadAsync()) return NotFound();
            return await OnGetAsync();
        }
        log.LogInformation("Directory entry {Id} ({Institution}) removed by {User}", Current.Id, Current.Institution, User.Identity?.Name);
        TempData.SetStatus($"Removed {Current.Institution} from the directory.");
        return Redirect("/second-opinion/directory");
    }

    private async Task<bool> LoadAsync()
    {
        if (IsNew) return true;
        if (!Guid.TryParse(RouteId, out var id)) return false;
        Current = await db.Set<SpecialistCentre>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted);
        return Current is not null;
    }
}
