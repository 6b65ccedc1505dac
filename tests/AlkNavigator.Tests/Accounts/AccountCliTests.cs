using System.IO.Compression;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Tests.Accounts;

/// <summary>`alknav account export` as an operator runs it: the same ZIP as the /account/export page.</summary>
[DatabaseTests]
public class AccountCliTests
{
    [Fact]
    public async Task Account_export_writes_the_zip_with_the_same_profile_as_record_export()
    {
        var data = Directory.CreateTempSubdirectory("alknav-acct-").FullName;
        Assert.Equal(0, (await Repo.RunCliAsync("demo", "--data", data)).ExitCode);
        var zipPath = Path.Combine(data, "everything.zip");
        var r = await Repo.RunCliAsync("account", "export", "--user", DemoData.PatientEmail, "--out", zipPath, "--data", data);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("README.txt lists them", r.Stdout);
        var profilePath = Path.Combine(data, "profile.json");
        Assert.Equal(0, (await Repo.RunCliAsync("record", "export", "--user", DemoData.PatientEmail, "--out", profilePath, "--data", data)).ExitCode);

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal("README.txt", zip.Entries[0].FullName);
        using var reader = new StreamReader(zip.GetEntry("record/profile.json")!.Open());
        Assert.Equal(await File.ReadAllTextAsync(profilePath), await reader.ReadToEndAsync());
        Assert.NotNull(zip.GetEntry("record/schedule.ics"));
        Assert.NotNull(zip.GetEntry("record/dose-marks.csv"));

        var unknown = await Repo.RunCliAsync("account", "export", "--user", "nobody@example.org", "--out", zipPath + "2", "--data", data);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No account with email nobody@example.org", unknown.Stderr);
        Assert.False(File.Exists(zipPath + "2"));
    }
}
