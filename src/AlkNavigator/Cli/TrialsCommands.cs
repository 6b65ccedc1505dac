using System.CommandLine;

namespace AlkNavigator.Cli;

/// <summary>`alknav trials ...`: each subcommand lives in its own file next to this one.</summary>
internal static partial class TrialsCommands
{
    public static Command Build()
    {
        var trials = new Command("trials", "The ClinicalTrials.gov catalogue: import, sync, match.");
        // SUBCOMMANDS (one line each, added by the file that defines it)
        trials.Subcommands.Add(ImportCommand());
        trials.Subcommands.Add(SyncCommand());
        trials.Subcommands.Add(MatchCommand());
        return trials;
    }
}
