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

    /// <summary>
    /// The <c>edgevae</c> command in its own process with <paramref name="directory"/> as its working directory: for
    /// default relative paths, without changing the test process's directory under tests running in parallel.
    /// </summary>
    public static (int Code, string Out, string Err) RunIn(string directory, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(typeof(EdgeVaeCli).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(300_000), "edgevae did not finish in 5 minutes");
        return (p.ExitCode, o.Result, e.Result);
    }
}
