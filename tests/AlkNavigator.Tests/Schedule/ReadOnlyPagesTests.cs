using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AlkNavigator.Tests.Schedule;

/// <summary>Every SQL command that writes (INSERT, UPDATE, DELETE, an advisory lock) and every SaveChanges, as the app's DbContexts send them.</summary>
internal sealed class WriteRecorder : DbCommandInterceptor
{
    public ConcurrentQueue<string> Writes { get; } = new();

    public void Clear() => Writes.Clear();

    private void Check(DbCommand command)
    {
        var sql = command.CommandText.ToUpperInvariant();
        // The session check's "last seen" stamp (at most every few minutes per session) is sign-in bookkeeping, not page data.
        if (sql.Contains("\"USERSESSIONS\"", StringComparison.Ordinal)) return;
        if (sql.Contains("INSERT INTO", StringComparison.Ordinal) || sql.Contains("UPDATE ", StringComparison.Ordinal)
            || sql.Contains("DELETE FROM", StringComparison.Ordinal) || sql.Contains("PG_ADVISORY", StringComparison.Ordinal))
            Writes.Enqueue(command.CommandText);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return base.NonQueryExecuting(command, eventData, result);
    }
}

/// <summary>
/// GETs never write (issue 12): the signed-in pages render what their page models read, and the monitoring plan is made
/// when its inputs are saved (in the same save) or by the leased background refresh, never while a page is shown.
/// </summary>
[DatabaseTests]
public class ReadOnlyPagesTests
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static Task<TestApp> StartAsync(WriteRecorder? writes = null) => TestApp.StartAsync(s =>
    {
        s["Schedule:Reminders:Enabled"] = "false";
        s["Symptoms:Reminders:Enabled"] = "false";
        s["Audit:RetentionDays"] = "0"; // no pruning pass in the background while the pages are read
    }, build: writes is null ? null : b =>
        b.Services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(writes)));

    private static async Task<T> InDbAsync<T>(TestApp app, Func<AppDbContext, Task<T>> f)
    {
        using var scope = app.Services.CreateScope();
        return await f(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task Home_overview_schedule_symptoms_and_trials_pages_write_nothing_even_when_the_plan_is_stale()
    {
        var writes = new WriteRecorder();
        await using var app = await StartAsync(writes);
        var (rid, email) = await FeedsTestData.PatientAsync(app.Services);
        await InDbAsync(app, async db =>
        {
            db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = "alectinib", Start = Today.AddDays(-30) });
            return await db.SaveChangesAsync();
        });
        Assert.NotEmpty(await InDbAsync(app, db => db.MonitoringItems.Where(i => i.RecordId == rid && i.Origin == ItemOrigin.Plan).ToListAsync()));
        // A week-old plan whose basis no longer matches: the old pages regenerated it here, on GET.
        await InDbAsync(app, db => db.ScheduleSettings.Where(s => s.RecordId == rid)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PlanBasis, "stale").SetProperty(x => x.UpdatedUtc, DateTime.UtcNow.AddDays(-8))));
        var client = await FeedsTestData.LoginAsync(app, email);
        writes.Clear();

        foreach (var url in new[] { "/", $"/record/{rid}", $"/record/{rid}/schedule", $"/record/{rid}/schedule?view=calendar", $"/record/{rid}/symptoms", $"/record/{rid}/trials", "/" })
        {
            var r = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            if (url == $"/record/{rid}" || url == "/") Assert.Contains("Monitoring: what is due", await r.Content.ReadAsStringAsync());
        }

        Assert.True(writes.Writes.IsEmpty, "GETs wrote:\n" + string.Join("\n---\n", writes.Writes));
        Assert.Equal("stale", await InDbAsync(app, db => db.ScheduleSettings.Where(s => s.RecordId == rid).Select(s => s.PlanBasis).SingleAsync()));
    }

    [Fact]
    public async Task Saving_a_treatment_change_regenerates_the_plan_in_that_same_save()
    {
        await using var app = await StartAsync();
        var (rid, _) = await FeedsTestData.PatientAsync(app.Services);
        var lineId = await InDbAsync(app, async db =>
        {
            var line = new TreatmentLine { RecordId = rid, Agent = "alectinib", Start = Today.AddDays(-400) };
            db.Treatments.Add(line);
            await db.SaveChangesAsync();
            return line.Id;
        });
        Assert.StartsWith("tki=alectinib@", (await FeedsTestData.SettingsAsync(app.Services, rid))!.PlanBasis);
        Assert.DoesNotContain(await InDbAsync(app, db => db.MonitoringItems.Where(i => i.RecordId == rid).ToListAsync()), i => i.Kind == "lab:lipids");

        // One SaveChanges: alectinib ends, lorlatinib starts. When it returns, the plan is lorlatinib's (its lipid checks),
        // with no page read in between.
        var saves = await InDbAsync(app, async db =>
        {
            var line = await db.Treatments.SingleAsync(t => t.Id == lineId);
            line.End = Today.AddDays(-3);
            db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = "lorlatinib", Start = Today.AddDays(-2) });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(2, saves); // the caller's own rows: the plan's rows are not counted as theirs
        Assert.StartsWith("tki=lorlatinib@", (await FeedsTestData.SettingsAsync(app.Services, rid))!.PlanBasis);
        var items = await InDbAsync(app, db => db.MonitoringItems.AsNoTracking().Where(i => i.RecordId == rid && i.Origin == ItemOrigin.Plan).ToListAsync());
        Assert.Contains(items, i => i.Kind == "lab:lipids" && i.Due == Today.AddDays(-2).AddMonths(1));
        Assert.Equal(items.Count, items.Select(i => i.PlanKey).Distinct().Count());

        // Deleting the line plans again in the same save too (no TKI: no lipid checks still to come).
        await InDbAsync(app, async db =>
        {
            db.Treatments.RemoveRange(await db.Treatments.Where(t => t.RecordId == rid && t.Agent == "lorlatinib").ToListAsync());
            return await db.SaveChangesAsync();
        });
        Assert.StartsWith("tki=none", (await FeedsTestData.SettingsAsync(app.Services, rid))!.PlanBasis);
        Assert.DoesNotContain(await InDbAsync(app, db => db.MonitoringItems.Where(i => i.RecordId == rid && i.Due >= Today).ToListAsync()), i => i.Kind == "lab:lipids");
    }

    [Fact]
    public async Task Adding_a_treatment_on_the_web_page_plans_it_before_any_page_is_read()
    {
        await using var app = await StartAsync();
        var (rid, email) = await FeedsTestData.PatientAsync(app.Services);
        var client = await FeedsTestData.LoginAsync(app, email);
        var r = await client.SubmitAsync($"/record/{rid}/treatments", new Dictionary<string, string>
        {
            ["Input.Agent"] = "brigatinib", ["Input.Start"] = Today.AddDays(-10).ToString("yyyy-MM-dd"),
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("tki=brigatinib@", (await FeedsTestData.SettingsAsync(app.Services, rid))!.PlanBasis);
        Assert.Contains(await InDbAsync(app, db => db.MonitoringItems.Where(i => i.RecordId == rid).ToListAsync()), i => i.Kind == "lab:pancreas");
    }
}
