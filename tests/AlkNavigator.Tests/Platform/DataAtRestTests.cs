using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Tests.Platform;

/// <summary>
/// Data at rest (issue 11, item 10): on Unix the data and key directories are 0700 and the SQLite database and key
/// files 0600, also when an older version left them 0755/0644; keys are encrypted with a certificate when one is set.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // modes are a Unix notion; Windows relies on ACLs
public class DataAtRestTests
{
    private static UnixFileMode Mode(string path) => File.GetUnixFileMode(path);

    private static async Task TouchKeysAsync(TestApp app)
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode); // the anti-forgery token creates the first key
    }

    [Fact]
    public async Task A_new_data_directory_is_0700_and_the_database_and_keys_are_0600()
    {
        if (OperatingSystem.IsWindows() || TestApp.IsPostgres) return; // SQLite files on Unix only
        var data = Path.Combine(Directory.CreateTempSubdirectory("alknav-modes-").FullName, "data");
        await using var app = await TestApp.StartAsync(s => s["Data:Directory"] = data);
        await TouchKeysAsync(app);

        Assert.Equal(DataFiles.PrivateDirectory, Mode(data));
        Assert.Equal(DataFiles.PrivateDirectory, Mode(Path.Combine(data, "keys")));
        var db = Path.Combine(data, "alknav.db");
        Assert.Equal(DataFiles.PrivateFile, Mode(db));
        // SQLite creates the -wal and -shm files (WAL mode) with the database file's mode: hold one open while writing.
        await using (var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=false"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TABLE t_mode(x); INSERT INTO t_mode VALUES (1);";
            await cmd.ExecuteNonQueryAsync();
            Assert.True(File.Exists(db + "-wal"), "WAL mode: a -wal file while a connection writes");
            Assert.Equal(DataFiles.PrivateFile, Mode(db + "-wal"));
            Assert.Equal(DataFiles.PrivateFile, Mode(db + "-shm"));
        }
        var keys = Directory.GetFiles(Path.Combine(data, "keys"), "*.xml");
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Equal(DataFiles.PrivateFile, Mode(k)));
    }

    [Fact]
    public async Task Files_left_readable_by_an_older_version_are_tightened_at_start()
    {
        if (OperatingSystem.IsWindows() || TestApp.IsPostgres) return;
        var data = Directory.CreateTempSubdirectory("alknav-old-").FullName;
        // What an older version left: a first run, then everything opened up to 0755/0644.
        await using (var first = await TestApp.StartAsync(s => s["Data:Directory"] = data))
            await TouchKeysAsync(first);
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(data, open | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(Path.Combine(data, "keys"), open | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var old = new[] { Path.Combine(data, "alknav.db") }.Concat(Directory.GetFiles(Path.Combine(data, "keys"), "*.xml")).Where(File.Exists).ToList();
        Assert.NotEmpty(old);
        foreach (var f in old) File.SetUnixFileMode(f, open);

        await using var second = await TestApp.StartAsync(s => s["Data:Directory"] = data);
        Assert.Equal(DataFiles.PrivateDirectory, Mode(data));
        Assert.Equal(DataFiles.PrivateDirectory, Mode(Path.Combine(data, "keys")));
        Assert.All(old, f => Assert.Equal(DataFiles.PrivateFile, Mode(f)));
    }

    private static string WriteCertificate(string dir, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=alknav data protection test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(dir, "dp.pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static List<XElement> StoredKeys(TestApp app) =>
        app.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository!.GetAllElements().ToList();

    [Fact]
    [DatabaseTests]
    public async Task Without_a_certificate_keys_are_stored_unencrypted_so_the_option_matters()
    {
        await using var app = await TestApp.StartAsync();
        await TouchKeysAsync(app);
        var keys = StoredKeys(app);
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Empty(k.Descendants(XName.Get("EncryptedData", "http://www.w3.org/2001/04/xmlenc#"))));
    }

    [Fact]
    [DatabaseTests]
    public async Task With_a_certificate_keys_are_encrypted_at_rest_and_still_read_back_after_a_restart()
    {
        var certDir = Directory.CreateTempSubdirectory("alknav-cert-").FullName;
        var pfx = WriteCertificate(certDir, "cert pass");
        var data = Directory.CreateTempSubdirectory("alknav-certdata-").FullName;
        void Settings(Dictionary<string, string?> s)
        {
            s["Data:Directory"] = data;
            s["DataProtection:CertificatePath"] = pfx;
            s["DataProtection:CertificatePassword"] = "cert pass";
        }
        var jar = new CookieContainer();
        string? pg;
        Uri firstUrl;
        await using (var first = await TestApp.StartAsync(Settings))
        {
            pg = first.ConnectionString;
            firstUrl = first.BaseUrl;
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = first.BaseUrl };
            var reg = await first.RegisterAsync(client, $"c{Guid.NewGuid():N}"[..12] + "@example.org", "a long cert passphrase");
            Assert.Equal(HttpStatusCode.Redirect, reg.StatusCode);
            var keys = StoredKeys(first);
            Assert.NotEmpty(keys);
            Assert.All(keys, k =>
            {
                Assert.NotEmpty(k.Descendants(XName.Get("EncryptedData", "http://www.w3.org/2001/04/xmlenc#")));
                Assert.DoesNotContain(k.Descendants("masterKey"), m => m.Element("value") is not null); // no plaintext master key
            });

            // A restart (or a second node) with the same certificate reads the keys: the login cookie still works.
            await using var second = await TestApp.StartAsync(s => { Settings(s); if (pg is not null) s["Database:ConnectionString"] = pg; });
            using var other = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = second.BaseUrl };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/account/manage");
            request.Headers.Add("Cookie", jar.GetCookieHeader(firstUrl));
            Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public void A_missing_or_unreadable_certificate_stops_startup_with_the_setting_named()
    {
        var data = Directory.CreateTempSubdirectory("alknav-nocert-").FullName;
        var e = Assert.Throws<InvalidOperationException>(() => AppHost.Build(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0", ["Data:Directory"] = data, ["DataProtection:CertificatePath"] = Path.Combine(data, "missing.pfx"),
        }));
        Assert.Contains("DataProtection:CertificatePath", e.Message);
    }
}
