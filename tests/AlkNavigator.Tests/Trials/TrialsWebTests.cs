using System.Net;
using System.Text.Json;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.CtGov;
using AlkNavigator.Features.Trials.Matching;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Trials;

/// <summary>The trials pages and API on the real app and the shipped catalogue of real studies (SQLite and PostgreSQL).</summary>
[DatabaseTests]
public class TrialsWebTests(TrialsWebWorld t) : IClassFixture<TrialsWebWorld>
{
    private const string Alk = TrialsWebWorld.AlkTrial;
    private HttpClient Anonymous => t.W.Clients["anonymous"];
    private HttpClient Owner => t.W.Clients["owner"];

    private static async Task<JsonElement> JsonAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
    }

    private static List<string> Ncts(JsonElement search) =>
        search.GetProperty("results").EnumerateArray().Select(x => x.GetProperty("nct").GetString()!).ToList();

    private static List<string> Links(IHtmlDocument doc) =>
        doc.QuerySelectorAll("ol.trial-results h3 a").Select(a => a.GetAttribute("href")!).ToList();

    [Theory]
    [InlineData("NVL-655")]        // title
    [InlineData("nvl-655")]        // title, other case
    [InlineData("NELADALKIB")]     // intervention name, other case
    [InlineData("nct05384626")]    // NCT id in lower case
    [InlineData("anaplastic SOLID")] // several words, each anywhere (title, conditions)
    [InlineData("oncogenic driver alteration")] // words only in the eligibility criteria
    public async Task Text_search_finds_the_trial_whatever_the_case(string q)
    {
        var doc = await Anonymous.GetDocumentAsync($"/trials?q={Uri.EscapeDataString(q)}");
        Assert.Contains($"/trials/{Alk}", Links(doc));
        var api = await JsonAsync(Anonymous, $"/api/trials?q={Uri.EscapeDataString(q)}");
        Assert.Contains(Alk, Ncts(api));
    }

    [Fact]
    public async Task Text_search_treats_percent_and_underscore_literally()
    {
        var api = await JsonAsync(Anonymous, "/api/trials?q=%25");
        var all = await JsonAsync(Anonymous, "/api/trials");
        Assert.True(api.GetProperty("total").GetInt32() < all.GetProperty("total").GetInt32());
        Assert.Equal(0, (await JsonAsync(Anonymous, "/api/trials?q=___")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Each_filter_keeps_only_trials_that_satisfy_it()
    {
        var all = (await JsonAsync(Anonymous, "/api/trials")).GetProperty("total").GetInt32();
        var inDb = await t.WithDbAsync(db => db.Trials.CountAsync());
        Assert.Equal(inDb, all);

        async Task<List<JsonElement>> Everything(string query)
        {
            var list = new List<JsonElement>();
            for (var page = 1; ; page++)
            {
                var r = await JsonAsync(Anonymous, $"/api/trials?{query}&page={page}");
                list.AddRange(r.GetProperty("results").EnumerateArray());
                if (page >= r.GetProperty("pageCount").GetInt32()) break;
            }
            return list;
        }
        static List<string> Strings(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToList();

        var notYet = await Everything("status=not_yet_recruiting");
        Assert.NotEmpty(notYet);
        Assert.True(notYet.Count < all);
        Assert.All(notYet, x => Assert.Equal("NOT_YET_RECRUITING", x.GetProperty("status").GetString()));
        Assert.All(notYet, x => Assert.Equal("Not yet recruiting", x.GetProperty("statusLabel").GetString()));

        var early = await Everything("phase=EARLY_PHASE1");
        Assert.Contains("NCT06712745", early.Select(x => x.GetProperty("nct").GetString()));
        Assert.All(early, x => Assert.Contains("EARLY_PHASE1", x.GetProperty("phases").GetString()!.Split('|')));
        var phase2 = await Everything("phase=PHASE2");
        Assert.All(phase2, x => Assert.Contains("PHASE2", x.GetProperty("phases").GetString()!.Split('|')));
        Assert.DoesNotContain(phase2, x => x.GetProperty("phases").GetString()!.Split('|').Contains("PHASE1") && !x.GetProperty("phases").GetString()!.Contains("PHASE2"));

        var singapore = await Everything("country=singapore");
        Assert.Contains(Alk, singapore.Select(x => x.GetProperty("nct").GetString()));
        Assert.All(singapore, x => Assert.Contains("Singapore", Strings(x, "countries")));
        Assert.True(singapore.Count < all);

        var psilocybin = await Everything("drug=Psilocybin");
        Assert.Equal(["NCT07216404"], psilocybin.Select(x => x.GetProperty("nct").GetString()).ToList());

        var detail = await JsonAsync(Anonymous, $"/api/trials/{Alk}");
        var category = Strings(detail, "categories").First();
        var inCategory = await Everything($"category={category}");
        Assert.Contains(Alk, inCategory.Select(x => x.GetProperty("nct").GetString()));
        Assert.All(inCategory, x => Assert.Contains(category, Strings(x, "categories")));
        Assert.True(inCategory.Count < all);

        var combined = await Everything($"q=ALK&status=RECRUITING&country=Japan&category={category}");
        Assert.Contains(Alk, combined.Select(x => x.GetProperty("nct").GetString()));
        Assert.All(combined, x => Assert.Equal("RECRUITING", x.GetProperty("status").GetString()));

        // The page applies the same filters and keeps them in its form (a GET form: the URL is the search).
        var doc = await Anonymous.GetDocumentAsync($"/trials?status=NOT_YET_RECRUITING&country=United+States");
        Assert.Equal("NOT_YET_RECRUITING", ((IHtmlSelectElement)doc.QuerySelector("select[name=status]")!).Value);
        Assert.Equal("United States", ((IHtmlSelectElement)doc.QuerySelector("select[name=country]")!).Value);
        Assert.Equal("get", doc.QuerySelector("form[role=search]")!.GetAttribute("method"));
        Assert.All(doc.QuerySelectorAll("ol.trial-results .trial-status"), s => Assert.Equal("Not yet recruiting", s.TextContent.Trim()));
    }

    [Fact]
    public async Task Paging_shows_twenty_a_page_and_its_links_keep_the_filters()
    {
        var total = await t.WithDbAsync(db => db.Trials.CountAsync(x => x.Status == "RECRUITING"));
        Assert.True(total > TrialQuery.PageSize, "the seed has more than a page of recruiting trials");
        var pages = (total + TrialQuery.PageSize - 1) / TrialQuery.PageSize;

        var first = await Anonymous.GetDocumentAsync("/trials?status=RECRUITING&all=true");
        Assert.Equal(TrialQuery.PageSize, Links(first).Count);
        Assert.Contains($"{total} trials match", first.QuerySelector("h2.trial-count")!.TextContent);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href");
        Assert.Equal("/trials?status=RECRUITING&all=true&page=2", next);

        var seen = new HashSet<string>(Links(first));
        for (var p = 2; p <= pages; p++)
        {
            var doc = await Anonymous.GetDocumentAsync($"/trials?status=RECRUITING&all=true&page={p}");
            var links = Links(doc);
            Assert.All(links, l => Assert.True(seen.Add(l), $"{l} appears on two pages"));
            Assert.NotNull(doc.QuerySelector("a[rel=prev]"));
            if (p == pages) Assert.Null(doc.QuerySelector("a[rel=next]"));
        }
        Assert.Equal(total, seen.Count);

        var past = await Anonymous.GetDocumentAsync("/trials?status=RECRUITING&all=true&page=99");
        Assert.Empty(Links(past));
        Assert.Equal("/trials?status=RECRUITING&all=true", past.QuerySelector("main a[href^='/trials?status']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_default_view_opens_with_an_ALK_study_and_keeps_other_diseases_behind_show_all_studies()
    {
        var relevance = await t.WithDbAsync(db => db.Trials.ToDictionaryAsync(x => x.NctId, x => x.Relevance));
        Assert.Equal(TrialRelevance.Alk, relevance[Alk]);
        var doc = await Anonymous.GetDocumentAsync("/trials");
        var links = Links(doc).Select(l => l["/trials/".Length..]).ToList();
        Assert.Equal(TrialRelevance.Alk, relevance[links[0]]);
        Assert.DoesNotContain("NCT06834373", links); // ALK-positive large B-cell lymphoma
        var shown = relevance.Count(r => r.Value >= TrialRelevance.DefaultMinimum);
        var hidden = relevance.Count - shown;
        Assert.Contains($"{shown} trials for ALK-positive lung cancer", doc.QuerySelector("h2.trial-count")!.TextContent);
        Assert.Contains($"{hidden} more studies in the catalogue", doc.QuerySelector(".trial-hidden-note")!.TextContent);
        var note = doc.QuerySelector(".trial-catalogue-note")!.TextContent;
        Assert.Contains("alknav trials sync", note);
        Assert.Contains($"{relevance.Count(r => r.Value == TrialRelevance.Alk)} about ALK-positive cancer", note);
        // Where each study has sites stays on the cards.
        Assert.Contains("Where:", doc.QuerySelector("ol.trial-results")!.TextContent);

        var all = await Anonymous.GetDocumentAsync(doc.QuerySelector(".trial-hidden-note a")!.GetAttribute("href")!);
        Assert.True(((IHtmlInputElement)all.QuerySelector("input[name=all]")!).IsChecked);
        var everything = new List<string>();
        for (var p = 1; p <= 5; p++)
            everything.AddRange(Links(await Anonymous.GetDocumentAsync($"/trials?all=true&page={p}")).Select(l => l["/trials/".Length..]));
        Assert.Equal(relevance.Count, everything.Count);
        Assert.Contains("NCT06834373", everything);
        Assert.Equal(everything.OrderByDescending(n => relevance[n]).Select(n => relevance[n]), everything.Select(n => relevance[n]));

        // The record's list: no off-topic study unless all studies are asked for; ALK studies first in each group.
        t.App.Services.GetRequiredService<TrialCatalog>().Invalidate();
        var page = await Owner.GetDocumentAsync($"/record/{t.RecordId}/trials");
        var listed = page.QuerySelectorAll("section.verdict-group li.trial-card .nct").Select(e => e.TextContent.Trim()).ToList();
        Assert.NotEmpty(listed);
        Assert.All(listed, n => Assert.True(relevance[n] >= TrialRelevance.DefaultMinimum, n));
        var withAll = await Owner.GetDocumentAsync($"/record/{t.RecordId}/trials?all=true");
        Assert.Contains(withAll.QuerySelectorAll("section.verdict-group li.trial-card .nct"), e => relevance[e.TextContent.Trim()] < TrialRelevance.DefaultMinimum);
    }

    [Fact]
    public async Task A_search_that_finds_nothing_says_so_and_offers_a_way_back()
    {
        var doc = await Anonymous.GetDocumentAsync("/trials?q=zzqqxxnothing");
        var main = doc.QuerySelector("main")!.TextContent;
        Assert.Contains("No trials found", main);
        Assert.Contains("No trial matches all of these filters", main);
        Assert.NotNull(doc.QuerySelector(".trial-empty a[href='/trials']"));
        Assert.Empty(Links(doc));
    }

    [Fact]
    public async Task The_trial_page_lists_inclusion_and_exclusion_separately_in_plain_words_and_links_the_registry()
    {
        var trial = await t.WithDbAsync(db => db.Trials.AsNoTracking().SingleAsync(x => x.NctId == Alk));
        var inclusion = JsonSerializer.Deserialize<List<string>>(trial.InclusionJson)!;
        var exclusion = JsonSerializer.Deserialize<List<string>>(trial.ExclusionJson)!;
        Assert.NotEmpty(inclusion);
        Assert.NotEmpty(exclusion);

        var doc = await Anonymous.GetDocumentAsync($"/trials/{Alk.ToLowerInvariant()}");
        Assert.Equal(inclusion.Count, doc.QuerySelectorAll(".criteria-inclusion ol > li").Length);
        Assert.Equal(exclusion.Count, doc.QuerySelectorAll(".criteria-exclusion ol > li").Length);
        Assert.Equal(inclusion[0].Trim(), doc.QuerySelector(".criteria-inclusion ol > li")!.TextContent.Trim());
        Assert.NotNull(doc.QuerySelector($"a[href='https://clinicaltrials.gov/study/{Alk}']"));
        var main = doc.QuerySelector("main")!.TextContent;
        Assert.Contains("Recruiting", main);
        Assert.DoesNotContain("RECRUITING", main);
        Assert.Contains("Phase 1/2", main);
        Assert.Contains("Information, not medical advice", main);
        Assert.Contains("Singapore", main);
        Assert.Contains("Log in", doc.QuerySelector("#fit")!.TextContent);
        Assert.Empty(doc.QuerySelectorAll("#fit form[method=post]"));

        var api = await JsonAsync(Anonymous, $"/api/trials/{Alk}");
        Assert.Equal(inclusion.Count, api.GetProperty("inclusion").GetArrayLength());
        Assert.Equal(exclusion.Count, api.GetProperty("exclusion").GetArrayLength());
        Assert.True(api.GetProperty("locations").GetArrayLength() > 0);
        Assert.Equal($"https://clinicaltrials.gov/study/{Alk}", api.GetProperty("registryUrl").GetString());
    }

    [Fact]
    public async Task Contacts_are_links_and_a_trial_without_split_criteria_shows_the_registry_text()
    {
        var nct = "NCT99" + Random.Shared.Next(100000, 999999);
        await t.WithDbAsync(async db =>
        {
            db.Trials.Add(new Trial
            {
                NctId = nct, Title = "A study with only free-text criteria", Status = "RECRUITING", Phases = "PHASE2",
                EligibilityText = "Adults with ALK-positive NSCLC; no prior lorlatinib.",
                LocationsJson = """[{"facility":"Hospital A","city":"Lyon","country":"France","status":"RECRUITING","contacts":[{"name":"Dr B","phone":"+33 4 00 00 00 00","email":"b@example.org"}]}]""",
                ContactsJson = """[{"name":"Study desk","role":"CONTACT","phone":"555-0199 ext 12","email":"desk@example.org"}]""",
            });
            return await db.SaveChangesAsync();
        });
        var doc = await Anonymous.GetDocumentAsync($"/trials/{nct}");
        Assert.Contains("no prior lorlatinib", doc.QuerySelector("main")!.TextContent);
        Assert.Empty(doc.QuerySelectorAll(".criteria-inclusion"));
        Assert.NotNull(doc.QuerySelector("a[href='tel:+33400000000']"));
        Assert.NotNull(doc.QuerySelector("a[href='mailto:b@example.org']"));
        Assert.NotNull(doc.QuerySelector("a[href='tel:5550199']"));
        Assert.NotNull(doc.QuerySelector("a[href='mailto:desk@example.org']"));
    }

    [Fact]
    public async Task A_navigator_annotation_shows_on_the_trial_survives_re_import_and_drives_category_and_featured()
    {
        var nav = t.W.Clients["navigator"];
        var r = await nav.SubmitAsync($"/trials/{Alk}/annotate", [
            new("Input.PlainSummary", "Tests a new ALK drug designed to work after lorlatinib."),
            new("Input.Tags", "alk-targeted"), new("Input.Tags", "supportive-care"),
            new("Input.Featured", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var saved = await t.WithDbAsync(db => db.TrialAnnotations.AsNoTracking().SingleAsync(a => a.NctId == Alk));
        Assert.Equal("alk-targeted|supportive-care", saved.Tags);
        Assert.Equal(t.W.Emails["navigator"], saved.UpdatedBy);
        Assert.True(saved.Featured);

        // Re-import the same study with changed registry content: the trial changes, the annotation does not.
        await t.WithDbAsync(async db =>
        {
            var parsed = CtGovParser.Parse(TrialSeed.Bytes(), "seed").Trials.Single(x => x.NctId == Alk);
            parsed.Title += " (updated)";
            var counts = new ImportCounts();
            await new TrialImporter(db).UpsertAsync([parsed], counts);
            Assert.Equal(1, counts.Updated);
            return 0;
        });
        var after = await t.WithDbAsync(db => db.TrialAnnotations.AsNoTracking().SingleAsync(a => a.NctId == Alk));
        Assert.Equal(saved.Version, after.Version);
        Assert.Equal(saved.PlainSummary, after.PlainSummary);

        var doc = await Anonymous.GetDocumentAsync($"/trials/{Alk}");
        Assert.EndsWith("(updated)", doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Tests a new ALK drug designed to work after lorlatinib.", doc.QuerySelector(".trial-plain")!.TextContent);
        Assert.NotNull(doc.QuerySelector(".badge-featured"));

        var supportive = await JsonAsync(Anonymous, "/api/trials?category=supportive-care");
        Assert.Contains(Alk, Ncts(supportive));
        var featured = await JsonAsync(Anonymous, "/api/trials?sort=featured");
        Assert.Equal(Alk, Ncts(featured)[0]);
        Assert.True(featured.GetProperty("results")[0].GetProperty("featured").GetBoolean());
        var api = await JsonAsync(Anonymous, $"/api/trials/{Alk}");
        Assert.Equal("Tests a new ALK drug designed to work after lorlatinib.", api.GetProperty("annotation").GetProperty("plainSummary").GetString());
    }

    /// <summary>Posts a form fetched earlier (its token and version), as a browser tab left open would.</summary>
    private static Task<HttpResponseMessage> PostStaleAsync(HttpClient c, string url, IHtmlDocument form, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = form.QuerySelector("form[method=post]:not([action$='/account/logout']) input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var version = form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        return c.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("Input.Version", version)).Append(new("__RequestVerificationToken", token))));
    }

    [Fact]
    public async Task A_second_annotation_save_over_someone_elses_is_refused_with_what_changed()
    {
        const string nct = "NCT06712745";
        var url = $"/trials/{nct}/annotate";
        var nav = t.W.Clients["navigator"];
        var admin = t.W.Clients["admin"];

        // Both open the form before any annotation exists; the navigator saves first.
        var adminForm = await admin.GetDocumentAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await nav.SubmitAsync(url, [new("Input.PlainSummary", "First summary")])).StatusCode);
        var refused = await PostStaleAsync(admin, url, adminForm, [new("Input.PlainSummary", "Admin's summary")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var body = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains(Concurrency.ConflictLead, body);
        Assert.Contains(t.W.Emails["navigator"], body);
        Assert.Contains("First summary", body);
        Assert.Equal("First summary", (await t.WithDbAsync(db => db.TrialAnnotations.AsNoTracking().SingleAsync(a => a.NctId == nct))).PlainSummary);

        // Both open the existing annotation; the admin saves first; the navigator's stale save is refused.
        var navForm = await nav.GetDocumentAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(url, [new("Input.PlainSummary", "Second summary"), new("Input.Featured", "true")])).StatusCode);
        refused = await PostStaleAsync(nav, url, navForm, [new("Input.PlainSummary", "Navigator's late summary")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        body = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains(Concurrency.ConflictLead, body);
        Assert.Contains(t.W.Emails["admin"], body);
        Assert.Contains("Second summary", body);
        var now = await t.WithDbAsync(db => db.TrialAnnotations.AsNoTracking().SingleAsync(a => a.NctId == nct));
        Assert.Equal("Second summary", now.PlainSummary);
        Assert.True(now.Featured);
        Assert.Equal(t.W.Emails["admin"], now.UpdatedBy);

        // Saving again from the refreshed form (it carries the current version) works.
        var retry = Forms.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostStaleAsync(nav, url, retry, [new("Input.PlainSummary", "Agreed summary")])).StatusCode);
    }

    [Fact]
    public async Task Annotation_rejects_unknown_categories_and_saves_nothing()
    {
        const string nct = "NCT07216404";
        var r = await t.W.Clients["admin"].SubmitAsync($"/trials/{nct}/annotate", [new("Input.PlainSummary", "x"), new("Input.Tags", "made-up")]);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Choose categories from the list only.", await r.Content.ReadAsStringAsync());
        Assert.False(await t.WithDbAsync(db => db.TrialAnnotations.AnyAsync(a => a.NctId == nct)));
    }

    [Fact]
    public async Task Saving_a_trial_with_a_note_lists_it_with_the_record_and_unsaving_removes_it()
    {
        const string nct = "NCT05261399";
        var url = $"/trials/{nct}";
        var tooLong = await Owner.SubmitAsync(url, [new("Input.Note", new string('x', 2001))], formAction: "handler=Save");
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("Keep the note under 2000 characters.", await tooLong.Content.ReadAsStringAsync());
        Assert.False(await t.WithDbAsync(db => db.SavedTrials.AnyAsync(s => s.RecordId == t.RecordId && s.NctId == nct)));

        var r = await Owner.SubmitAsync(url, [new("Input.Note", "Ask Dr Who about this one")], formAction: "handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var saved = await t.WithDbAsync(db => db.SavedTrials.AsNoTracking().SingleAsync(s => s.RecordId == t.RecordId && s.NctId == nct));
        Assert.Equal("Ask Dr Who about this one", saved.Note);

        var page = await Owner.GetDocumentAsync($"/record/{t.RecordId}/trials");
        var savedSection = page.QuerySelector("#saved")!;
        Assert.Contains("Ask Dr Who about this one", savedSection.TextContent);
        Assert.NotNull(savedSection.QuerySelector($"a[href^='/trials/{nct}']"));
        Assert.NotNull(savedSection.QuerySelector(".verdict-badge"));

        // The trial page shows it saved; a second save updates the note.
        var again = await Owner.SubmitAsync(url, [new("Input.Note", "Changed note")], formAction: "handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("Changed note", (await t.WithDbAsync(db => db.SavedTrials.AsNoTracking().SingleAsync(s => s.RecordId == t.RecordId && s.NctId == nct))).Note);

        var unsave = await Owner.SubmitAsync(url, [], formAction: "handler=Unsave");
        Assert.Equal(HttpStatusCode.Redirect, unsave.StatusCode);
        Assert.False(await t.WithDbAsync(db => db.SavedTrials.AnyAsync(s => s.RecordId == t.RecordId && s.NctId == nct)));

        // A caregiver who can contribute saves to the patient's record; the save is in the patient's audit trail.
        var cg = await t.W.Clients["caregiver-contribute"].SubmitAsync($"{url}?record={t.RecordId}", [new("Input.Note", "from the caregiver")], formAction: "handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, cg.StatusCode);
        Assert.True(await t.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.RecordId == t.RecordId && a.What == "saved trial" && a.ActorEmail == t.W.Emails["caregiver-contribute"])));
        // A view-only caregiver sees it saved, with no form.
        var view = await t.W.Clients["caregiver-view"].GetDocumentAsync($"{url}?record={t.RecordId}");
        Assert.Contains("from the caregiver", view.QuerySelector("#fit")!.TextContent);
        Assert.Empty(view.QuerySelectorAll("#fit form[method=post]"));
    }

    [Fact]
    public async Task New_trial_notices_show_unseen_first_with_a_count_in_the_record_nav_and_dismissing_marks_them_seen()
    {
        var (a, b, c) = await t.WithDbAsync(async db =>
        {
            db.TrialNotices.RemoveRange(db.TrialNotices.Where(n => n.RecordId == t.RecordId));
            var seen = new TrialNotice { RecordId = t.RecordId, NctId = "NCT06074588", Verdict = Verdicts.PossiblyEligible, CreatedUtc = DateTime.UtcNow.AddDays(-1), SeenUtc = DateTime.UtcNow };
            var n1 = new TrialNotice { RecordId = t.RecordId, NctId = Alk, Verdict = Verdicts.LikelyEligible, CreatedUtc = DateTime.UtcNow.AddDays(-3) };
            var n2 = new TrialNotice { RecordId = t.RecordId, NctId = "NCT06117774", Verdict = Verdicts.PossiblyEligible, CreatedUtc = DateTime.UtcNow.AddDays(-2) };
            db.TrialNotices.AddRange(seen, n1, n2);
            await db.SaveChangesAsync();
            return (seen.Id, n1.Id, n2.Id);
        });
        var url = $"/record/{t.RecordId}/trials";
        var page = await Owner.GetDocumentAsync(url);
        Assert.Equal("2", page.QuerySelector(".record-nav .nav-count [aria-hidden=true]")!.TextContent);
        var items = page.QuerySelectorAll("#notices li.trial-card").ToList();
        Assert.Equal(3, items.Count);
        Assert.Contains("New", items[0].TextContent);
        Assert.Contains("New", items[1].TextContent);
        Assert.Contains("NCT06074588", items[2].TextContent);
        Assert.Contains("Seen", items[2].TextContent);

        // The count shows on every record page.
        var overview = await Owner.GetDocumentAsync($"/record/{t.RecordId}");
        Assert.Contains("2 new", overview.QuerySelector(".record-nav")!.TextContent);

        var r = await t.W.PostAsync("owner", $"{url}?handler=Dismiss", [new("noticeId", b.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.NotNull((await t.WithDbAsync(db => db.TrialNotices.AsNoTracking().SingleAsync(n => n.Id == b))).SeenUtc);
        Assert.Null((await t.WithDbAsync(db => db.TrialNotices.AsNoTracking().SingleAsync(n => n.Id == c))).SeenUtc);
        page = await Owner.GetDocumentAsync(url);
        Assert.Equal("1", page.QuerySelector(".record-nav .nav-count [aria-hidden=true]")!.TextContent);

        r = await t.W.PostAsync("owner", $"{url}?handler=Dismiss", []);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        page = await Owner.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector(".record-nav .nav-count"));
        _ = a;
    }

    [Fact]
    public async Task The_matches_page_groups_every_trial_by_verdict_with_reasons_and_the_api_ranks_them()
    {
        var url = $"/record/{t.RecordId}/trials";
        t.App.Services.GetRequiredService<TrialCatalog>().Invalidate(); // other tests add trials; the catalogue re-checks only every few seconds
        var page = await Owner.GetDocumentAsync(url);
        var total = await t.WithDbAsync(db => db.Trials.CountAsync());
        var counts = page.QuerySelectorAll(".verdict-counts li").Select(li => int.Parse(li.TextContent.Trim().Split(' ')[0])).ToList();
        Assert.Equal(4, counts.Count);
        Assert.Equal(total, counts.Sum());
        foreach (var id in new[] { "likely", "possibly", "excluded", "not-relevant" }) Assert.NotNull(page.QuerySelector($"section#{id} h3"));
        Assert.NotEmpty(page.QuerySelectorAll(".verdict-group .reason"));
        Assert.All(page.QuerySelectorAll(".reason"), r => Assert.Matches("^(Meets|Rules out|Not known|Note) · ", r.QuerySelector("span:not(.reason-icon)")!.TextContent.Trim()));
        // Not relevant trials are behind a link, excluded ones in a closed disclosure.
        Assert.Empty(page.QuerySelectorAll("section#not-relevant li"));
        if (counts[2] > 0) Assert.Null(page.QuerySelector("section#excluded details")!.GetAttribute("open"));
        if (counts[3] > 0)
        {
            var all = await Owner.GetDocumentAsync(url + "?all=true");
            Assert.Equal(Math.Min(counts[3], 200), all.QuerySelectorAll("section#not-relevant li.trial-card").Length);
        }

        var api = await JsonAsync(Owner, $"/api/records/{t.RecordId}/trial-matches?top=5");
        Assert.Equal(5, api.GetArrayLength());
        var scores = api.EnumerateArray().Select(m => m.GetProperty("score").GetDouble()).ToList();
        foreach (var m in api.EnumerateArray())
        {
            Assert.Matches("^NCT\\d+$", m.GetProperty("nct").GetString());
            Assert.Contains(m.GetProperty("verdict").GetString(), new[] { Verdicts.LikelyEligible, Verdicts.PossiblyEligible, Verdicts.LikelyExcluded, Verdicts.NotRelevant });
            Assert.All(m.GetProperty("reasons").EnumerateArray(), r =>
            {
                Assert.Contains(r.GetProperty("kind").GetString(), new[] { "meets", "excludes", "unknown", "info" });
                Assert.False(string.IsNullOrEmpty(r.GetProperty("criterion").GetString()));
                Assert.False(string.IsNullOrEmpty(r.GetProperty("text").GetString()));
            });
        }
        var everything = await JsonAsync(Owner, $"/api/records/{t.RecordId}/trial-matches?top=1000");
        Assert.Equal(total, everything.GetArrayLength());
    }

    [Fact]
    public async Task The_trial_page_explains_the_fit_for_the_signed_in_patient()
    {
        var doc = await Owner.GetDocumentAsync($"/trials/{Alk}");
        var fit = doc.QuerySelector("#fit")!;
        Assert.NotNull(fit.QuerySelector(".verdict-label"));
        Assert.NotEmpty(fit.QuerySelectorAll(".reason"));
        Assert.NotNull(fit.QuerySelector("form[method=post] textarea[name='Input.Note']"));
    }

    [Fact]
    public async Task Caregivers_reads_of_matches_are_in_the_patients_activity_but_the_patients_own_are_not()
    {
        await Owner.GetAsync($"/record/{t.RecordId}/trials");
        await t.W.Clients["caregiver-view"].GetAsync($"/record/{t.RecordId}/trials");
        await t.W.Clients["caregiver-view"].GetAsync($"/api/records/{t.RecordId}/trial-matches");
        var reads = await t.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.RecordId == t.RecordId && a.Action == "read" && a.What == "trial matches").Select(a => a.ActorEmail).ToListAsync());
        Assert.True(reads.Count(e => e == t.W.Emails["caregiver-view"]) >= 2);
        Assert.DoesNotContain(t.W.Emails["owner"], reads);
    }
}
