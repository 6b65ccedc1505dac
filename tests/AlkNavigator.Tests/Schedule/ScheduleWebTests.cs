using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Schedule;

/// <summary>The schedule pages through the running app. The world's patient takes alectinib (started 2 years ago), has
/// cancer in the brain, had SRS and a progression 2 months ago.</summary>
[DatabaseTests]
public class ScheduleWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private string Page => w.Url("/record/{rid}/schedule");
    private string ItemPage(Guid id) => w.Url($"/record/{{rid}}/schedule/{id}");
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd");

    private async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = w.App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<List<MonitoringItem>> ItemsAsync() =>
        InDbAsync(db => db.MonitoringItems.AsNoTracking().Include(i => i.Results).Where(i => i.RecordId == w.RecordId).ToListAsync());

    /// <summary>Opens the schedule (which makes or updates the plan) and returns the stored items.</summary>
    private async Task<List<MonitoringItem>> PlanAsync()
    {
        var r = await w.Clients["owner"].GetAsync(Page);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await ItemsAsync();
    }

    private async Task<MonitoringItem> FreshAsync(string kind, Func<MonitoringItem, bool>? also = null) =>
        (await PlanAsync()).Where(i => i.Kind == kind && i.Status == ItemStatus.Planned && !i.Edited && i.Results.Count == 0 && i.Due >= Today && (also?.Invoke(i) ?? true))
            .OrderBy(i => i.Due).First();

    private async Task<MonitoringItem> UserItemAsync(string kind)
    {
        var item = new MonitoringItem { RecordId = w.RecordId, Kind = kind, Title = $"{kind} ordered {Guid.NewGuid():N}"[..30], Due = Today.AddDays(-1), Origin = ItemOrigin.User, Source = "care team", Reason = "Ordered." };
        await InDbAsync(db => { db.MonitoringItems.Add(item); return db.SaveChangesAsync(); });
        return item;
    }

    private Task<HttpResponseMessage> PostResultAsync(Guid itemId, Guid version, params (string Key, string Value)[] fields) =>
        w.PostAsync("owner", ItemPage(itemId) + "?handler=Result",
            fields.Select(f => new KeyValuePair<string, string>("Result." + f.Key, f.Value)).Append(new("Result.Version", version.ToString())));

    /// <summary>Posts the item form as the page fills it (current values and version), with <paramref name="changes"/>.</summary>
    private async Task<HttpResponseMessage> EditAsync(string actor, MonitoringItem item, params (string Key, string Value)[] changes)
    {
        var doc = await w.Clients[actor].GetDocumentAsync(ItemPage(item.Id));
        var form = doc.QuerySelector("#edit-form")!;
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name]"))
        {
            var name = input.GetAttribute("name")!;
            if (name == "__RequestVerificationToken") continue;
            if (input.GetAttribute("type") == "radio" && !input.HasAttribute("checked")) continue;
            fields[name] = input.TagName == "TEXTAREA" ? input.TextContent : input.GetAttribute("value") ?? "";
        }
        foreach (var (k, v) in changes) fields[k] = v;
        return await w.PostAsync(actor, ItemPage(item.Id), fields);
    }

    [Fact]
    public async Task The_plan_appears_for_a_record_on_alectinib_with_reasons_and_sources()
    {
        var items = await PlanAsync();
        Assert.Contains(items, i => i.Kind == "lab:liver" && i.Origin == ItemOrigin.Plan && i.PlanKey!.Contains("alectinib") && i.Due >= Today && i.Due <= Today.AddMonths(2));
        Assert.Contains(items, i => i.Kind == "visit");
        Assert.Contains(items, i => i.Kind == "ct");
        Assert.Contains(items, i => i.Kind == "brain-mri");
        Assert.Contains(items, i => i.Kind == "vitals:heart-rate");
        Assert.DoesNotContain(items, i => i.Kind == "lab:lipids");
        Assert.Equal(items.Count, items.Select(i => i.PlanKey ?? i.Id.ToString()).Distinct().Count());

        var doc = await w.Clients["owner"].GetDocumentAsync(Page);
        var text = doc.Body!.TextContent;
        Assert.Contains("Coming up in the next 12 months", text);
        Assert.Contains("Liver blood tests", text);
        Assert.Contains("every 2 weeks for the first 3 months", text);
        Assert.Contains("Plan last updated from: alectinib since", text);
        Assert.NotNull(doc.QuerySelector($"a[href='/record/{w.RecordId}/schedule/new']"));
        Assert.NotEmpty(doc.QuerySelectorAll("form.sched-actions button"));

        // A viewer sees the plan but no buttons; the calendar shows this month's items in their day cells.
        var viewer = await w.Clients["caregiver-view"].GetDocumentAsync(Page);
        Assert.Contains("Liver blood tests", viewer.Body!.TextContent);
        Assert.Empty(viewer.QuerySelectorAll("form.sched-actions"));
        var next = items.Where(i => i.Due >= Today).MinBy(i => i.Due)!;
        var cal = await w.Clients["owner"].GetDocumentAsync(Page + $"?view=calendar&month={next.Due:yyyy-MM}");
        var cell = cal.QuerySelector($"table.sched-calendar time[datetime='{D(next.Due)}']")!.Closest("td")!;
        Assert.Contains(next.Title, cell.TextContent);
        Assert.NotNull(cal.QuerySelector("table.sched-calendar caption"));
        Assert.Equal(7, cal.QuerySelectorAll("table.sched-calendar thead th[scope=col]").Length);
    }

    [Fact]
    public async Task Mark_done_and_skip_change_the_status_and_move_the_item_to_history()
    {
        var item = await FreshAsync("vitals:heart-rate");
        var r = await w.PostAsync("owner", Page + "?handler=Done", [new("itemId", item.Id.ToString()), new("version", item.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var done = (await ItemsAsync()).Single(i => i.Id == item.Id);
        Assert.Equal((ItemStatus.Done, (DateOnly?)Today), (done.Status, done.DoneDate));
        var doc = await w.Clients["owner"].GetDocumentAsync(Page);
        Assert.Contains(item.Title, doc.QuerySelector("section[aria-labelledby=history-h]")!.TextContent);

        // The same old version again is refused: nothing changes.
        r = await w.PostAsync("owner", Page + "?handler=Skip", [new("itemId", item.Id.ToString()), new("version", item.Version.ToString())]);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains(Concurrency.ConflictLead, await r.Content.ReadAsStringAsync());
        Assert.Equal(ItemStatus.Done, (await ItemsAsync()).Single(i => i.Id == item.Id).Status);
        var audit = await InDbAsync(db => db.AuditEntries.Where(a => a.RecordId == w.RecordId && a.What == "schedule item" && a.ItemId == item.Id.ToString()).ToListAsync());
        Assert.Single(audit);
    }

    [Fact]
    public async Task Changing_therapy_regenerates_the_plan_keeping_done_and_edited_items()
    {
        var edited = await FreshAsync("lab:liver");
        var doneOne = await FreshAsync("lab:liver", i => i.Id != edited.Id);
        var dropped = (await ItemsAsync()).Where(i => i.Kind == "lab:liver" && i.Id != edited.Id && i.Id != doneOne.Id && i.Due > Today && i.Status == ItemStatus.Planned).Select(i => i.Id).ToList();
        Assert.NotEmpty(dropped);

        // Edit one generated item's date (through the form), mark another done.
        var newDue = edited.Due.AddDays(2);
        var r = await EditAsync("owner", edited, ("Input.Due", D(newDue)), ("Input.Note", "Moved to fit the clinic"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.True((await ItemsAsync()).Single(i => i.Id == edited.Id).Edited);
        r = await w.PostAsync("owner", Page + "?handler=Done", [new("itemId", doneOne.Id.ToString()), new("version", doneOne.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var alectinib = Guid.Parse(w.Ids["treatment"]);
        TreatmentLine? lorlatinib = null;
        try
        {
            await InDbAsync(async db =>
            {
                var line = await db.Treatments.FirstAsync(t => t.Id == alectinib);
                line.End = Today.AddDays(-1);
                line.StopReason = "progression";
                lorlatinib = new TreatmentLine { RecordId = w.RecordId, Agent = "lorlatinib", Dose = "100 mg", Start = Today };
                db.Treatments.Add(lorlatinib);
                return await db.SaveChangesAsync();
            });
            var items = await PlanAsync();
            var keptEdited = Assert.Single(items, i => i.Id == edited.Id);
            Assert.Equal((newDue, true, "Moved to fit the clinic"), (keptEdited.Due, keptEdited.Edited, keptEdited.Note));
            Assert.Equal(ItemStatus.Done, Assert.Single(items, i => i.Id == doneOne.Id).Status);
            Assert.DoesNotContain(items, i => dropped.Contains(i.Id));
            Assert.DoesNotContain(items, i => i.Origin == ItemOrigin.Plan && i.Status == ItemStatus.Planned && !i.Edited && i.Due >= Today && i.PlanKey!.Contains("alectinib"));
            // On a weekend the labs move to the Friday before (SchedulePlanner.ClinicDay).
            Assert.Contains(items, i => i.Kind == "lab:lipids" && i.PlanKey!.Contains("lorlatinib") && i.Due == SchedulePlanner.ClinicDay("lab:lipids", Today));
            Assert.Contains(items, i => i.Kind == "lab:lipids" && i.Due == SchedulePlanner.ClinicDay("lab:lipids", Today.AddMonths(1)));
            Assert.Equal(items.Count, items.Select(i => i.PlanKey ?? i.Id.ToString()).Distinct().Count());
            Assert.Contains("lorlatinib since", (await w.Clients["owner"].GetDocumentAsync(Page)).Body!.TextContent);
        }
        finally
        {
            await InDbAsync(async db =>
            {
                var line = await db.Treatments.FirstAsync(t => t.Id == alectinib);
                (line.End, line.StopReason) = (null, null);
                if (lorlatinib is not null) db.Treatments.Remove(await db.Treatments.FirstAsync(t => t.Id == lorlatinib.Id));
                return await db.SaveChangesAsync();
            });
            await PlanAsync();
        }
    }

    [Fact]
    public async Task An_ALT_of_4_times_the_upper_limit_is_shown_as_CTCAE_grade_2_and_charted()
    {
        var item = await FreshAsync("lab:liver");
        var r = await PostResultAsync(item.Id, item.Version, ("Date", D(Today)), ("Analyte", "ALT"), ("Value", "160"), ("Unit", "U/L"), ("RefLow", "7"), ("RefHigh", "40"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var stored = Assert.Single((await ItemsAsync()).Single(i => i.Id == item.Id).Results);
        Assert.Equal((2, 160m, 40m, "U/L"), (stored.Grade, stored.Value!.Value, stored.RefHigh!.Value, stored.Unit));
        var doc = await w.Clients["owner"].GetDocumentAsync(ItemPage(item.Id));
        Assert.Contains("CTCAE grade 2", doc.QuerySelector($"#result-{stored.Id}")!.TextContent);
        Assert.Contains("Done", doc.QuerySelector(".sched-facts")!.TextContent); // a result marks it done

        var results = await w.Clients["caregiver-view"].GetDocumentAsync(w.Url("/record/{rid}/schedule/results"));
        Assert.NotNull(results.QuerySelector("svg.trend-chart[role=img] title"));
        var row = results.QuerySelectorAll("table tbody tr").First(tr => tr.TextContent.Contains("160"));
        Assert.Contains("CTCAE grade 2", row.TextContent);
        Assert.Contains("40", row.TextContent);
        Assert.NotNull(results.QuerySelector("table caption"));
    }

    [Theory]
    [InlineData("ct", "progression", "see scan")]
    [InlineData("brain-mri", "new-brain-lesions", "brain")]
    public async Task A_scan_showing_progression_adds_a_progression_and_opens_the_progression_plan(string kind, string outcome, string where)
    {
        var item = await UserItemAsync(kind);
        var before = await InDbAsync(db => db.Progressions.CountAsync(p => p.RecordId == w.RecordId));
        var r = await PostResultAsync(item.Id, item.Version, ("Date", D(Today)), ("Outcome", outcome));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal($"/record/{w.RecordId}/plan", r.Headers.Location!.OriginalString);
        var progressions = await InDbAsync(db => db.Progressions.AsNoTracking().Where(p => p.RecordId == w.RecordId).ToListAsync());
        Assert.Equal(before + 1, progressions.Count);
        var p = progressions.Single(x => x.Note != null && x.Note.Contains(item.Title));
        Assert.Equal((Today, "scan", where), (p.Date, p.FoundBy, p.Where));
        Assert.Equal(outcome, Assert.Single((await ItemsAsync()).Single(i => i.Id == item.Id).Results).ImagingOutcome);
        Assert.True(await InDbAsync(db => db.AuditEntries.AnyAsync(a => a.RecordId == w.RecordId && a.What == "progression" && a.ItemId == p.Id.ToString())));

        var plan = await w.Clients["owner"].GetDocumentAsync($"/record/{w.RecordId}/plan");
        Assert.Contains("A progression was added to your record. Here is your progression plan.", plan.QuerySelector("main .alert")!.TextContent);
        await InDbAsync(db => db.Progressions.Where(x => x.Id == p.Id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task A_grade_3_result_raises_a_contact_notice_on_the_results_and_item_pages_and_a_later_grade_1_result_closes_it()
    {
        var item = await UserItemAsync("lab:pancreas");
        // Lipase 7x the ULN: CTCAE grade 3.
        var r = await PostResultAsync(item.Id, item.Version, ("Date", D(Today.AddDays(-3))), ("Analyte", "lipase"), ("Value", "420"), ("Unit", "iu/l"), ("RefHigh", "60"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var stored = (await ItemsAsync()).Single(i => i.Id == item.Id).Results.Single();
        Assert.Equal((3, "U/L"), (stored.Grade, stored.Unit));

        var results = await w.Clients["owner"].GetDocumentAsync(w.Url("/record/{rid}/schedule/results"));
        var notice = results.QuerySelector(".lab-notices .lab-notice[data-analyte='lipase']");
        Assert.NotNull(notice);
        Assert.Equal("3", notice!.GetAttribute("data-grade"));
        Assert.Contains("Contact your care team today (within 24 hours)", notice.TextContent);
        Assert.Contains("420 U/L", notice.TextContent);
        Assert.Contains("severe belly pain", notice.TextContent);
        Assert.DoesNotContain("stop taking", notice.TextContent, StringComparison.OrdinalIgnoreCase);
        var itemPage = await w.Clients["caregiver-contribute"].GetDocumentAsync(ItemPage(item.Id));
        Assert.NotNull(itemPage.QuerySelector(".lab-notices .lab-notice[data-analyte='lipase']"));
        Assert.Contains(await InDbAsync(db => LabNotices.ForRecordAsync(db, w.RecordId, CancellationToken.None)), n => n.Analyte == "lipase" && n.Grade == 3 && n.ItemId == item.Id);
        // The record overview shows it too, for the caregiver as for the patient, with a readable citation (no raw source key).
        var overview = await w.Clients["caregiver-contribute"].GetDocumentAsync(w.Url("/record/{rid}"));
        var onOverview = overview.QuerySelector(".lab-notices .lab-notice[data-analyte='lipase']");
        Assert.NotNull(onOverview);
        Assert.Contains("Contact your care team today", onOverview!.TextContent);
        Assert.DoesNotContain("ctcae-v5", onOverview.TextContent);

        // A later result that cannot be graded (no ULN) does not close it; a later grade 1 result does.
        var version = (await ItemsAsync()).Single(i => i.Id == item.Id).Version;
        r = await PostResultAsync(item.Id, version, ("Date", D(Today.AddDays(-2))), ("Analyte", "lipase"), ("Value", "80"), ("Unit", "U/L"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains(await InDbAsync(db => LabNotices.ForRecordAsync(db, w.RecordId, CancellationToken.None)), n => n.Analyte == "lipase");
        Assert.Contains("needs the upper limit of normal", (await w.Clients["owner"].GetDocumentAsync(ItemPage(item.Id))).QuerySelector(".sched-why-ungraded")!.TextContent);
        version = (await ItemsAsync()).Single(i => i.Id == item.Id).Version;
        r = await PostResultAsync(item.Id, version, ("Date", D(Today.AddDays(-1))), ("Analyte", "lipase"), ("Value", "70"), ("Unit", "U/L"), ("RefHigh", "60"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        results = await w.Clients["owner"].GetDocumentAsync(w.Url("/record/{rid}/schedule/results"));
        Assert.Null(results.QuerySelector(".lab-notice[data-analyte='lipase']"));
        Assert.Null((await w.Clients["owner"].GetDocumentAsync(ItemPage(item.Id))).QuerySelector(".lab-notice[data-analyte='lipase']"));
        Assert.DoesNotContain(await InDbAsync(db => LabNotices.ForRecordAsync(db, w.RecordId, CancellationToken.None)), n => n.Analyte == "lipase");
        Assert.Null((await w.Clients["owner"].GetDocumentAsync(w.Url("/record/{rid}"))).QuerySelector(".lab-notice[data-analyte='lipase']"));
    }

    [Fact]
    public async Task A_unit_that_does_not_fit_the_test_is_refused_in_words()
    {
        var item = await UserItemAsync("lab:liver");
        var r = await PostResultAsync(item.Id, item.Version, ("Date", D(Today)), ("Analyte", "platelets"), ("Value", "40"), ("Unit", "mg/dL"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var errors = Forms.Parse(await r.Content.ReadAsStringAsync()).QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains("mg/dL is not a unit for platelets", errors);
        Assert.Empty((await ItemsAsync()).Single(i => i.Id == item.Id).Results);
    }

    [Fact]
    public async Task Invalid_results_and_edits_save_nothing_and_keep_what_was_typed()
    {
        var item = await UserItemAsync("lab:cpk");
        var r = await PostResultAsync(item.Id, item.Version, ("Date", D(Today)), ("Analyte", "CPK"), ("Value", "12x"), ("Unit", "furlongs"), ("RefHigh", "-3"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        var errors = doc.QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains("Enter the value as a number", errors);
        Assert.Contains("The unit “furlongs” is not understood", errors);
        Assert.Contains("U/L", errors);
        Assert.Contains("upper limit of normal as a number", errors);
        Assert.Equal("12x", doc.QuerySelector("input[name='Result.Value']")!.GetAttribute("value"));
        Assert.Equal("-3", doc.QuerySelector("input[name='Result.RefHigh']")!.GetAttribute("value"));

        r = await PostResultAsync(item.Id, item.Version, ("Date", D(Today.AddDays(3))), ("Analyte", "CPK"), ("Value", "100"), ("Unit", "U/L"), ("RefLow", "200"), ("RefHigh", "150"));
        errors = Forms.Parse(await r.Content.ReadAsStringAsync()).QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains("can't be in the future", errors);
        Assert.Contains("must be above the lower limit", errors);

        r = await w.PostAsync("owner", ItemPage(item.Id), [new("Input.Title", " "), new("Input.Due", "2024-02-31"), new("Input.WindowDays", "400"), new("Input.Status", "done"), new("Input.Version", item.Version.ToString())]);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        errors = Forms.Parse(await r.Content.ReadAsStringAsync()).QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains("Enter a title", errors);
        Assert.Contains(ClinicalForms.DateFormatMessage, errors);
        Assert.Contains("from 0 to 90", errors);
        Assert.Contains("Enter the date it was done", errors);

        var stored = (await ItemsAsync()).Single(i => i.Id == item.Id);
        Assert.Empty(stored.Results);
        Assert.Equal((item.Title, item.Due, item.Version, ItemStatus.Planned), (stored.Title, stored.Due, stored.Version, stored.Status));

        r = await w.PostAsync("owner", w.Url("/record/{rid}/schedule/new"), [new("Input.Kind", "xray"), new("Input.Due", "")]);
        errors = Forms.Parse(await r.Content.ReadAsStringAsync()).QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains("Choose what kind", errors);
        Assert.Contains("Enter the due date", errors);
    }

    [Fact]
    public async Task A_change_saved_by_someone_else_first_is_reported_and_not_overwritten()
    {
        var item = await UserItemAsync("ecg");
        var ownerForm = await w.Clients["owner"].GetDocumentAsync(ItemPage(item.Id));
        var version = ownerForm.QuerySelector("#edit-form input[name='Input.Version']")!.GetAttribute("value")!;
        var r = await EditAsync("caregiver-contribute", item, ("Input.Title", "ECG at the cardiology clinic"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        r = await w.PostAsync("owner", ItemPage(item.Id), [new("Input.Title", "ECG at the GP"), new("Input.Due", D(item.Due)), new("Input.WindowDays", "3"), new("Input.Status", "planned"), new("Input.Version", version)]);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        var message = doc.QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains(Concurrency.ConflictLead, message);
        Assert.Contains("ECG at the cardiology clinic", message);
        Assert.Contains(w.Emails["caregiver-contribute"], message);
        Assert.Equal("ECG at the GP", doc.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"));
        var stored = (await ItemsAsync()).Single(i => i.Id == item.Id);
        Assert.Equal("ECG at the cardiology clinic", stored.Title);
        // The form now carries the current version: saving again works.
        var fresh = doc.QuerySelector("#edit-form input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.Equal(stored.Version.ToString(), fresh);
    }

    [Fact]
    public async Task A_contributing_caregiver_adds_an_item_that_regeneration_keeps()
    {
        var r = await w.PostAsync("caregiver-contribute", w.Url("/record/{rid}/schedule/new"),
            [new("Input.Kind", "pet"), new("Input.Title", ""), new("Input.Due", D(Today.AddDays(20))), new("Input.WindowDays", "5"), new("Input.Note", "Ordered by Dr Who")]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var items = await PlanAsync();
        var pet = Assert.Single(items, i => i.Kind == "pet" && i.Note == "Ordered by Dr Who");
        Assert.Equal((ItemOrigin.User, "care team", "PET scan", 5, (string?)null), (pet.Origin, pet.Source, pet.Title, pet.WindowDays, pet.PlanKey));
        Assert.True(await InDbAsync(db => db.AuditEntries.AnyAsync(a => a.ItemId == pet.Id.ToString() && a.Action == "create" && a.ActorEmail == w.Emails["caregiver-contribute"])));
    }

    [Fact]
    public async Task The_overview_and_home_page_show_what_is_due_with_links()
    {
        var item = await UserItemAsync("lab:glucose"); // due yesterday: due now (inside its window)
        var overview = await w.Clients["owner"].GetDocumentAsync(w.Url("/record/{rid}"));
        var box = overview.QuerySelector(".sched-due-box")!;
        Assert.NotNull(box.QuerySelector($"a[href='/record/{w.RecordId}/schedule/{item.Id}']"));
        var home = await w.Clients["caregiver-view"].GetDocumentAsync("/");
        var homeBox = home.QuerySelector(".sched-due-box")!;
        Assert.Contains("Record of Alex Example", homeBox.TextContent);
        Assert.NotNull(homeBox.QuerySelector($"a[href='/record/{w.RecordId}/schedule/{item.Id}']"));
        Assert.Null((await w.Clients["anonymous"].GetDocumentAsync("/")).QuerySelector(".sched-due-box"));
        Assert.Null((await w.Clients["navigator"].GetDocumentAsync("/")).QuerySelector(".sched-due-box"));
        await InDbAsync(db => db.MonitoringItems.Where(i => i.Id == item.Id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task Today_and_the_status_follow_the_patients_time_zone()
    {
        // Kiritimati is UTC+14: for most of the UTC day its date is already tomorrow.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone));
        await InDbAsync(db =>
        {
            db.SymptomSettings.Add(new AlkNavigator.Features.Symptoms.SymptomSettings { RecordId = w.RecordId, TimeZone = "Pacific/Kiritimati" });
            return db.SaveChangesAsync();
        });
        try
        {
            var item = new MonitoringItem { RecordId = w.RecordId, Kind = "ecg", Title = "ECG on the zone's yesterday", Due = local.AddDays(-1), WindowDays = 0, Origin = ItemOrigin.User, Source = "care team" };
            await InDbAsync(db => { db.MonitoringItems.Add(item); return db.SaveChangesAsync(); });
            var doc = await w.Clients["owner"].GetDocumentAsync(Page);
            Assert.Contains($"today is {local:d MMM yyyy}", doc.QuerySelector(".sched-basis")!.TextContent);
            Assert.Contains("Pacific/Kiritimati", doc.QuerySelector(".sched-basis")!.TextContent);
            Assert.Contains("Overdue", doc.QuerySelector($"#item-{item.Id} .sched-status")!.TextContent);
            await InDbAsync(db => db.MonitoringItems.Where(i => i.Id == item.Id).ExecuteDeleteAsync());
        }
        finally
        {
            await InDbAsync(db => db.SymptomSettings.Where(x => x.RecordId == w.RecordId).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task The_anonymous_feed_carries_no_email_note_result_note_or_record_id_of_items_added_by_a_caregiver_or_a_scan()
    {
        // A contributing caregiver adds an item with a private note.
        var r = await w.PostAsync("caregiver-contribute", w.Url("/record/{rid}/schedule/new"),
        [
            new("Input.Kind", "pet"), new("Input.Title", "PET ordered"), new("Input.Due", D(Today.AddDays(10))),
            new("Input.WindowDays", "7"), new("Input.Note", "PRIVATE-ITEM-NOTE my neighbour drives me"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var added = (await ItemsAsync()).Single(i => i.Title == "PET ordered");
        Assert.DoesNotContain(w.Emails["caregiver-contribute"], added.Reason);

        // A scan showing progression, with a free-text note: the plan's liquid-biopsy reason must not carry the note.
        var scan = await UserItemAsync("ct");
        r = await PostResultAsync(scan.Id, scan.Version, ("Date", D(Today)), ("Outcome", "progression"), ("Note", "PRIVATE-RESULT-NOTE seen at St Mary's"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var items = await PlanAsync(); // regenerates after the new progression
        Assert.Contains(items, i => i.Kind == "liquid-biopsy" && i.Status == ItemStatus.Planned);
        try
        {
            var body = await InDbAsync(db => ScheduleFeed.WriteAsync(db, new ScheduleSettings { RecordId = w.RecordId }, DateTime.UtcNow, default));
            Assert.Contains("PET ordered", body);
            foreach (var secret in new[] { w.Emails["caregiver-contribute"], w.Emails["owner"], "PRIVATE-ITEM-NOTE", "PRIVATE-RESULT-NOTE", w.RecordId.ToString() })
                Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await InDbAsync(db => db.Progressions.Where(p => p.RecordId == w.RecordId && p.Note != null && p.Note.Contains(scan.Title)).ExecuteDeleteAsync());
            await InDbAsync(db => db.MonitoringItems.Where(i => i.Id == added.Id || i.Id == scan.Id).ExecuteDeleteAsync());
            await PlanAsync();
        }
    }
}
