using System.Reflection;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace AlkNavigator.Tests.Record;

/// <summary>
/// The route × role matrix generated from the app's registered endpoints, so a new record page, handler or API
/// endpoint cannot be left out: every route with {rid} is found, every handler must declare [Needs], and every
/// GET is tried by every kind of visitor against what its declaration says (every POST by every visitor who must
/// be refused). AccessMatrixTests keeps the hand-written table of what each page is meant to allow.
/// </summary>
[DatabaseTests]
public class GeneratedAccessMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    /// <summary>What each visitor may do with the world's record (RecordWorld.Actors order); null: signed out.</summary>
    private static readonly Access?[] ActorAccess =
        [null, Access.Owner, Access.None, Access.View, Access.Contribute, Access.Manage, Access.None, Access.None, Access.None];

    /// <summary>The item id for a route segment like "treatments/{id}" (RecordWorld's ids, plus a schedule item and a check-in made here).</summary>
    private static readonly Dictionary<string, string> ItemKeys = new()
    {
        ["treatments"] = "treatment", ["sites"] = "site", ["ecog"] = "ecog", ["procedures"] = "procedure", ["progressions"] = "progression",
        ["biomarkers"] = "biomarker", ["medicines"] = "medicine", ["careteam"] = "careteam", ["schedule"] = "schedule", ["checkins"] = "checkin",
        ["visits"] = "visit",
    };

    private sealed record Route(string Template, string Verb, string? Handler, NeedsAttribute? Needs, string Where);

    private async Task<List<Route>> RecordRoutesAsync()
    {
        var endpoints = ((IEndpointRouteBuilder)w.App.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => p.Name == "rid")).ToList();
        var loader = w.App.Services.GetRequiredService<PageLoader>();
        var routes = new List<Route>();
        foreach (var e in endpoints)
        {
            var template = "/" + e.RoutePattern.RawText!.TrimStart('/');
            if (e.Metadata.GetMetadata<ActionDescriptor>() is PageActionDescriptor page)
            {
                var compiled = await loader.LoadAsync(page, e.Metadata);
                Assert.True(typeof(RecordPageModel).IsAssignableFrom(compiled.ModelTypeInfo), $"{template}: a page under a record route must derive from RecordPageModel");
                foreach (var h in compiled.HandlerMethods)
                    routes.Add(new Route(template, h.HttpMethod.ToUpperInvariant(), h.Name, h.MethodInfo.GetCustomAttribute<NeedsAttribute>(),
                        $"{compiled.ModelTypeInfo!.Name}.{h.MethodInfo.Name}"));
            }
            else
            {
                var verbs = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                foreach (var verb in verbs)
                    routes.Add(new Route(template, verb, null, e.Metadata.GetMetadata<NeedsAttribute>(), e.DisplayName ?? template));
            }
        }
        return routes;
    }

    [Fact]
    public async Task Every_record_handler_and_endpoint_declares_the_access_it_needs()
    {
        var routes = await RecordRoutesAsync();
        Assert.True(routes.Count >= 80, $"only {routes.Count} record handlers found: is the endpoint discovery broken?");
        Assert.Empty(routes.Where(r => r.Needs is null).Select(r => $"{r.Verb} {r.Template} ({r.Where})"));
        // Reads by others than the patient are audited: every GET open to viewers says what it reads (a blank form for
        // contributors, like a new schedule item, reads nothing).
        Assert.Empty(routes.Where(r => r.Verb == "GET" && r.Needs is { Level: Access.View, Audit: null }).Select(r => $"{r.Verb} {r.Template} ({r.Where})"));
    }

    [Fact]
    public async Task Every_GET_answers_each_visitor_as_its_declaration_says_and_every_POST_refuses_who_it_must()
    {
        await AddItemsOnlyThisMatrixNeedsAsync();
        var failures = new List<string>();
        foreach (var r in await RecordRoutesAsync())
        {
            if (r.Needs is null) continue; // reported by the test above
            var url = Fill(r.Template) + (r.Handler is null ? "" : $"?handler={r.Handler}");
            for (var i = 0; i < RecordWorld.Actors.Length; i++)
            {
                var actor = RecordWorld.Actors[i];
                var expected = ActorAccess[i] switch
                {
                    null => "login",
                    Access.None => "notfound",
                    { } a when a < r.Needs.Level => "forbidden",
                    _ => "ok",
                };
                if (r.Verb == "POST" && expected == "ok") continue; // allowed POSTs would change the record; AccessMatrixTests posts real forms
                if (r.Verb is not ("GET" or "POST")) continue;      // PUT/DELETE APIs: AccessMatrixTests
                var response = r.Verb == "GET" ? await w.Clients[actor].GetAsync(url)
                    : url.StartsWith("/api/", StringComparison.Ordinal)
                        ? await w.Clients[actor].PostAsync(url, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))
                        : await w.PostAsync(actor, url, []);
                var got = RecordWorld.Outcome(response);
                if (got != expected) failures.Add($"{r.Verb} {url} ({r.Where}) as {actor}: {got}, expected {expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private string Fill(string template)
    {
        var parts = template.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith("{rid", StringComparison.Ordinal)) parts[i] = w.RecordId.ToString();
            else if (parts[i].StartsWith('{'))
            {
                Assert.True(ItemKeys.TryGetValue(parts[i - 1], out var key), $"{template}: add an item id for '{parts[i - 1]}' to ItemKeys (and the world)");
                parts[i] = w.Ids[key];
            }
        }
        return string.Join('/', parts);
    }

    private async Task AddItemsOnlyThisMatrixNeedsAsync()
    {
        if (w.Ids.ContainsKey("schedule")) return;
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
        var visit = new AlkNavigator.Features.Schedule.MonitoringItem
        {
            RecordId = w.RecordId, Kind = AlkNavigator.Features.Schedule.SchedulePlanner.Kinds[0], Title = "Clinic visit",
            Due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20), Origin = AlkNavigator.Features.Schedule.ItemOrigin.User, Source = "care team",
        };
        var owner = db.Users.Single(u => u.Email == w.Emails["owner"]);
        var checkIn = new AlkNavigator.Features.Symptoms.CheckIn
        {
            RecordId = w.RecordId, Status = AlkNavigator.Features.Symptoms.CheckInStatus.Submitted, SubmittedUtc = DateTime.UtcNow.AddDays(-1),
            EnteredById = owner.Id, EnteredByEmail = owner.Email!,
        };
        db.AddRange(visit, checkIn);
        await db.SaveChangesAsync();
        (w.Ids["schedule"], w.Ids["checkin"]) = (visit.Id.ToString(), checkIn.Id.ToString());
    }
}
