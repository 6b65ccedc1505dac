return await AlkNavigator.Cli.CliApp.RunAsync(args);
