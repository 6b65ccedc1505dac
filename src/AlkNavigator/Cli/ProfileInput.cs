using AlkNavigator.Features.Record;

namespace AlkNavigator.Cli;

/// <summary>
/// Every command that takes a patient profile file (record import, trials match, schedule plan, symptoms questions|triage,
/// interactions check) reads it here, through the one profile reader (<see cref="ProfileJson.Parse"/>): the same checks,
/// the same refusals (<c>{}</c>, a FHIR Bundle with nothing that maps, an array) and the same messages, FILE:LINE: PATH: message on stderr.
/// </summary>
internal static class ProfileInput
{
    /// <summary>
    /// The valid profile, or null (the caller exits 1) after the problems and <paramref name="refused"/> went to stderr.
    /// Warnings (unknown properties, ignored details) go to stderr either way.
    /// </summary>
    public static async Task<ProfileImport?> ReadAsync(string file, DateOnly today, CancellationToken ct, Func<ProfileImport, string>? refused = null)
    {
        if (await CliApp.ReadInputFileAsync(file, ct, ProfileJson.MaxBytes) is not { } bytes) return null;
        var import = ProfileJson.Parse(bytes, today);
        foreach (var w in import.Warnings) CliOutput.Error.WriteLine($"{file}:{w.Line}: {w.Path}: warning: {w.Message}");
        if (import.IsValid) return import;
        foreach (var p in import.Problems) CliOutput.Error.WriteLine($"{file}:{p.Line}: {p.Path}: {p.Message}");
        CliOutput.Error.WriteLine(refused?.Invoke(import) ?? $"{file}: not a valid patient profile ({import.Problems.Count} problem(s)).");
        return null;
    }
}
