using System.Security.Claims;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;

namespace AlkNavigator.Features.Record;

/// <summary>The record's JSON API: same authorisation as the pages (RecordAccess), 404 for records the caller cannot see.</summary>
public static class RecordApi
{
    public sealed record RecordSummary(Guid Id, string DisplayName, string Access, string Url);

    public static void MapRecordApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/records").WithTags("Record").RequireAuthorization();

        api.MapGet("/", async (ClaimsPrincipal user, RecordAccess access, UserManager<AppUser> users, CancellationToken ct) =>
            {
                var id = users.GetUserId(user)!;
                var list = await access.ListAsync(id, ct);
                return list.Select(x => new RecordSummary(x.Record.Id, x.Record.DisplayName, x.Access.ToString().ToLowerInvariant(), $"/record/{x.Record.Id}")).ToList();
            })
            .WithName("ListRecords").WithSummary("Records the signed-in account can open: its own, then those it follows as a caregiver.");
    }
}
