using AlkNavigator.Data;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.CtGov;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// RecordWorld (one patient's record and every kind of visitor, signed in) with the shipped catalogue of real ClinicalTrials.gov
/// studies loaded, plus a new-trial notice on each of the two records.
/// </summary>
public sealed class TrialsWebWorld : IAsyncLifetime
{
    /// <summary>NVL-655 (neladalkib) phase 1/2 in ALK-positive solid tumours: a real study of the seed.</summary>
    public const string AlkTrial = "NCT05384626";

    public RecordWorld W { get; } = new();
    public TestApp App => W.App;
    public Guid RecordId => W.RecordId;
    public Guid OtherRecordId => Guid.Parse(W.Ids["other-record"]);

    public async Task InitializeAsync()
    {
        await W.InitializeAsync();
        using var scope = App.Services.CreateScope();
        await TrialSeed.SeedIfEmptyAsync(scope.ServiceProvider);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.Trials.AnyAsync(t => t.NctId == AlkTrial), "the seed holds " + AlkTrial);
        var otherNotice = new TrialNotice { RecordId = OtherRecordId, NctId = AlkTrial, Verdict = "possibly-eligible" };
        db.TrialNotices.Add(otherNotice);
        await db.SaveChangesAsync();
        W.Ids["nct"] = AlkTrial;
        W.Ids["other-notice"] = otherNotice.Id.ToString();
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> f)
    {
        using var scope = App.Services.CreateScope();
        return await f(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task DisposeAsync() => W.DisposeAsync();
}
