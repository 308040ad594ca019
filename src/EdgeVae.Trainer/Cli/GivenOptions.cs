using System.CommandLine;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// Whether the user typed an option. System.CommandLine 2.0 gives an option with a default a result even when it was
/// not on the command line (marked implicit), so "GetResult(o) is null" never falls back to a file's own value.
/// </summary>
internal static class GivenOptions
{
    public static bool WasGiven(this ParseResult r, Option option) => r.GetResult(option) is { Implicit: false };

    /// <summary>
    /// An output path the command chose by default (not named with the option) is refused when something is already
    /// there: a file is replaced only when the user names it.
    /// </summary>
    public static string DefaultedOutput(this ParseResult r, Option<string> option)
    {
        string path = r.GetValue(option)!;
        if (!r.WasGiven(option) && (File.Exists(path) || Directory.Exists(path)))
            throw new ArgumentException($"{path} already exists and is only the default of {option.Name}; name the output ({option.Name} {path} to replace it, or another path).");
        return path;
    }
}
