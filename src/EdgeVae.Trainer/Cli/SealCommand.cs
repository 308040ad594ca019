using System.CommandLine;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// <c>edgevae seal</c>: sets a model file's checksum to its content after a deliberate hand edit. The content must
/// still pass every check of the reader; only the checksum member changes, so the edit's formatting is kept.
/// </summary>
public static class SealCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model file (.evae) to seal." };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the sealed file (default: the input, replaced atomically)." };
        var command = new Command("seal", "Set a model file's checksum to its content (after editing the file by hand). The content is checked first; nothing else changes.");
        command.Arguments.Add(model);
        command.Options.Add(output);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string path = r.GetValue(model)!;
            if (!File.Exists(path)) throw new ModelFileException($"{path}: no such model file.");
            string text = File.ReadAllText(path), sealedText;
            try
            {
                ModelFileReader.Read(text, verifyChecksum: false); // the content itself must be a valid model
                sealedText = ModelChecksum.Seal(text);
                ModelFileReader.Read(sealedText);
            }
            catch (ModelFormatException e)
            {
                throw new ModelFileException($"{path}:{(e.Line > 0 ? $"{e.Line}:{e.Column}:" : "")} {e.Reason}; nothing was written.");
            }
            catch (Compiler.Json.JsonException e)
            {
                throw new ModelFileException($"{path}:{e.Line}:{e.Column}: not valid JSON: {e.Reason}; nothing was written.");
            }
            string target = r.GetValue(output) ?? path;
            bool changed = sealedText != text;
            if (changed || target != path) AtomicFile.WriteAllText(target, sealedText);
            Console.WriteLine(changed ? $"{target}: sealed ({System.Text.RegularExpressions.Regex.Match(sealedText, "sha256:[0-9a-f]{12}").Value}…)" : $"{target}: the checksum already matches");
            return 0;
        }));
        return command;
    }
}
