using System.CommandLine;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// Whether the user typed an option. System.CommandLine 2.0 gives an option with a default a result even when it was
/// not on the command line (marked implicit), so "GetResult(o) is null" never falls back to a file's own value.
/// </summary>
internal static class GivenOptions
{
    public static bool WasGiven(this ParseResult r, Option option) => r.GetResult(option) is { Implicit: false };
}
