using System.CommandLine;
using EdgeVae.Trainer.Cli;

namespace EdgeVae.Trainer.Tests.Cli;

/// <summary>No command has two options of one name or alias: --split-ratio was --split once, and `score --split all` stopped parsing.</summary>
public class OptionNameTests
{
    [Fact]
    public void Every_command_names_each_option_once()
    {
        var clashes = new List<string>();
        void Check(Command c, string path)
        {
            var names = c.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key);
            clashes.AddRange(names.Select(n => path + " " + n));
            foreach (var sub in c.Subcommands) Check(sub, path + " " + sub.Name);
        }
        Check(EdgeVaeCli.Build(), "edgevae");
        Assert.Empty(clashes);
    }
}
