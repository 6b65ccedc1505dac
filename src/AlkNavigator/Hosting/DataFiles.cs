using Microsoft.Data.Sqlite;

namespace AlkNavigator.Hosting;

/// <summary>
/// Data at rest on Unix: the data directory and the key directory are 0700, the SQLite database (with its -wal and
/// -shm files) and the Data Protection key files are 0600, so other accounts on the machine cannot read a patient's
/// record or the keys that sign sessions. New files are created that way; files and directories left by older
/// versions (0755/0644) are tightened at every start. Windows relies on the directory's ACLs instead.
/// </summary>
public static class DataFiles
{
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates (or tightens) a directory only this account can open. Returns a warning when it cannot.</summary>
    public static string? PrepareDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return null;
        }
        if (!Directory.Exists(path)) Directory.CreateDirectory(path, PrivateDirectory);
        return Tighten(path, PrivateDirectory, directory: true);
    }

    /// <summary>Tightens every file in <paramref name="directory"/> matching <paramref name="pattern"/> to 0600.</summary>
    public static IEnumerable<string> TightenFiles(string directory, string pattern)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory)) yield break;
        foreach (var file in Directory.EnumerateFiles(directory, pattern))
            if (Tighten(file, PrivateFile, directory: false) is { } warning) yield return warning;
    }

    /// <summary>
    /// The SQLite database file of <paramref name="connectionString"/>: created empty with mode 0600 when missing (SQLite
    /// then creates its -wal and -shm files with the database's mode), else tightened with its -wal, -shm and -journal.
    /// In-memory databases are left alone.
    /// </summary>
    public static IEnumerable<string> PrepareSqlite(string connectionString)
    {
        var b = new SqliteConnectionStringBuilder(connectionString);
        if (OperatingSystem.IsWindows() || b.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(b.DataSource)
            || b.DataSource == ":memory:" || b.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) yield break;
        var file = Path.GetFullPath(b.DataSource);
        if (Path.GetDirectoryName(file) is { } dir && !Directory.Exists(dir)) Directory.CreateDirectory(dir, PrivateDirectory);
        if (!File.Exists(file) && b.Mode != SqliteOpenMode.ReadOnly)
        {
            try
            {
                using var _ = new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile });
            }
            catch (IOException) when (File.Exists(file)) { } // another process created it first: tightened below
        }
        foreach (var f in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
            if (File.Exists(f) && Tighten(f, PrivateFile, directory: false) is { } warning) yield return warning;
    }

    private static string? Tighten(string path, UnixFileMode mode, bool directory)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            var current = File.GetUnixFileMode(path);
            if ((current & ~mode) != UnixFileMode.None) File.SetUnixFileMode(path, current & mode);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"Could not restrict {(directory ? "directory" : "file")} {path} to its owner ({e.Message}); other accounts on this machine may read it.";
        }
    }
}
