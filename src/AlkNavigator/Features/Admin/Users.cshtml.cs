using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Admin;

[Authorize(Roles = Roles.Admin)]
public sealed class UsersModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(string Id, string Email, DateTime CreatedUtc, IReadOnlyList<string> Roles, bool LockedOut, DateTimeOffset? LockoutEnd);

    /// <summary>Text filter on the email address (?q=).</summary>
    public string? Q { get; private set; }

    /// <summary>1-based page number (?p=).</summary>
    public int PageNumber { get; private set; } = 1;

    public int TotalCount { get; private set; }
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(string? q, int? p, CancellationToken ct)
    {
        Q = string.IsNullOrWhiteSpace(q) ? null : q.Trim();

        var query = db.Users.AsNoTracking();
        if (Q is not null)
        {
            // NormalizedEmail is upper case, which makes the filter case-insensitive on every provider.
            var needle = Q.ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail != null && u.NormalizedEmail.Contains(needle));
        }

        TotalCount = await query.CountAsync(ct);
        // ?p= is the canonical name ("page" is a reserved route value in Razor Pages), but accept ?page= too.
        if (p is null && int.TryParse(Request.Query["page"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var alt)) p = alt;
        PageNumber = Math.Clamp(p ?? 1, 1, PageCount);

        var users = await query
            .OrderBy(u => u.NormalizedEmail)
            .ThenBy(u => u.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .Select(u => new { u.Id, u.Email, u.UserName, u.CreatedUtc, u.LockoutEnd })
            .ToListAsync(ct);

        var ids = users.Select(u => u.Id).ToList();
        var roles = await (
                from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                where ids.Contains(ur.UserId)
                select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var rolesByUser = roles.ToLookup(x => x.UserId, x => x.Name ?? "");

        var now = clock.GetUtcNow();
        Rows = users.Select(u => new Row(
                u.Id,
                u.Email ?? u.UserName ?? "(no email)",
                u.CreatedUtc,
                rolesByUser[u.Id].Order(StringComparer.Ordinal).ToList(),
                u.LockoutEnd is { } end && end > now,
                u.LockoutEnd))
            .ToList();
    }

    /// <summary>Query values for a link to another page of results, keeping the filter.</summary>
    public Dictionary<string, string> PageRoute(int page)
    {
        var route = new Dictionary<string, string>();
        if (Q is not null) route["q"] = Q;
        if (page > 1) route["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return route;
    }
}
