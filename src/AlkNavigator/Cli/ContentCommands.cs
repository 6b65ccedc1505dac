using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using AlkNavigator.Data;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Cli;

/// <summary>`alknav content check`.</summary>
internal static class ContentCommands
{
    public static Command Build()
    {
        var content = new Command("content", "Work with the knowledge base in content/.");
        var check = new Command("check", "Validate the content: schema, source keys, internal links. Exits 1 listing each problem as FILE:LINE: message.");
        var dir = new Argument<string>("DIR") { Description = "Content directory (default content/).", DefaultValueFactory = _ => "content" };
        check.Arguments.Add(dir);
        check.SetAction(pr =>
        {
            var (store, problems) = ContentStore.Check(pr.GetValue(dir)!);
            foreach (var p in problems) CliOutput.Error.WriteLine(p);
            if (problems.Count > 0)
            {
                CliOutput.Error.WriteLine($"{problems.Count} problem(s) found.");
                return 1;
            }
            CliOutput.Out.WriteLine($"Content OK: {store!.Drugs.Count} drugs, {store.Pages.Count} pages, {store.Bibliography.Count} sources.");
            return 0;
        });
        content.Subcommands.Add(check);
        return content;
    }
}
