using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.SecondOpinion;

/// <summary>
/// /second-opinion/directory: the navigators' directory of ALK-experienced specialists and centres, searchable by any
/// signed-in account (text, country, telehealth, language). Navigators and admins see edit links. The directory is a
/// hand-curated list (tens to hundreds of rows), so it is read whole and filtered here: one query, and the text and
/// language match ignore case for every alphabet on both databases (SQLite's lower() knows only ASCII).
/// </summary>
[Authorize]
public sealed class SecondOpinionDirectoryModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "country")] public string? Country { get; set; }
    [BindProperty(SupportsGet = true, Name = "telehealth")] public bool Telehealth { get; set; }
    [BindProperty(SupportsGet = true, Name = "language")] public string? Language { get; set; }

    public List<SpecialistCentre> Results { get; private set; } = [];
    public int Total { get; private set; }
    public List<(string Code, string Name)> Countries { get; private set; } = [];
    public List<string> AllLanguages { get; private set; } = [];
    public bool IsStaff => User.IsInRole(Roles.Navigator) || User.IsInRole(Roles.Admin);

    public async Task OnGetAsync()
    {
        var all = await db.Set<SpecialistCentre>().AsNoTracking().ToListAsync(HttpContext.RequestAborted);
        Total = all.Count;
        Countries = all.Select(c => c.Country).Distinct().Select(c => (c, CountryCodes.Name(c) ?? c)).OrderBy(c => c.Item2).ToList();
        AllLanguages = all.SelectMany(c => Languages.Split(c.Languages)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        Results = Search(all, Query, CountryCodes.Normalize(Country), Telehealth, Language).ToList();
    }

    /// <summary>Every word of <paramref name="q"/> in the institution, specialist, city, country name or notes; the other filters exact.</summary>
    public static IEnumerable<SpecialistCentre> Search(IEnumerable<SpecialistCentre> all, string? q, string? country, bool telehealth, string? language)
    {
        var words = (q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return all
            .Where(c => country is null || c.Country == country)
            .Where(c => !telehealth || c.Telehealth)
            .Where(c => string.IsNullOrWhiteSpace(language) || Languages.Speaks(c.Languages, language))
            .Where(c => words.All(w =>
                $"{c.Institution} {c.SpecialistName} {c.City} {CountryCodes.Name(c.Country)} {c.Country} {c.Notes}".Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => CountryCodes.Name(c.Country) ?? c.Country).ThenBy(c => c.City).ThenBy(c => c.Institution);
    }
}
