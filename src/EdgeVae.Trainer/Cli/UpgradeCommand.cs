using System.CommandLine;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae upgrade</c>: rewrites a model file of an older format version in the current one, changing nothing else.</summary>
public static class UpgradeCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae) to read, in any version this edgevae reads." };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the upgraded file (default: the input, replaced atomically)." };
        var command = new Command("upgrade", $"Rewrite a model file in format version {ModelFileFormat.CurrentVersion} (the graph), with the same weights, ranges, thresholds and numbers.");
        command.Arguments.Add(model);
        command.Options.Add(output);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string path = r.GetValue(model)!;
            var m = ModelImporter.Load(path);
            string target = r.GetValue(output) ?? path;
            AtomicFile.WriteAllText(target, ModelFileWriter.Write(m));
            Console.WriteLine(m.FormatVersion == ModelFileFormat.CurrentVersion
                ? $"{target}: already version {ModelFileFormat.CurrentVersion}; rewritten unchanged"
                : $"{target}: upgraded from version {m.FormatVersion} to {ModelFileFormat.CurrentVersion}");
            return 0;
        }));
        return command;
    }
}
