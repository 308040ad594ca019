using EdgeVae.Trainer.Cli;

namespace EdgeVae.Trainer.Tests.Cli;

/// <summary>The <c>edgevae</c> command in process with the console captured (tests using it run in the "console" collection).</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            return (EdgeVaeCli.Invoke(args), o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
