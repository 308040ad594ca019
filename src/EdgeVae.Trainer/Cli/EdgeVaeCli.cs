using System.CommandLine;

namespace EdgeVae.Trainer.Cli;

/// <summary>The <c>edgevae</c> command tree.</summary>
public static class EdgeVaeCli
{
    public static RootCommand Build() => new("edgevae — train autoencoders (AE, sparse, denoising, VAE) for anomaly detection and compile them for edge devices.")
    {
        TrainCommand.Create(),
        EvalCommand.Create(),
        CalibrateCommand.Create(),
        SampleCommand.Create(),
        InfoCommand.Create(),
        ScoreCommand.Create(),
        DataCommand.Create(),
        ReportCommand.Create(),
        QuantizeReportCommand.Create(),
        EmitCommand.Create(),
        ExportCommand.Create(),
        ImportCommand.Create(),
        UpgradeCommand.Create(),
        SealCommand.Create(),
        AdaptCommand.Create(),
    };

    /// <summary>Parses and runs; Ctrl-C is handled by the commands themselves (train writes a checkpoint first).</summary>
    public static int Invoke(string[] args) =>
        Build().Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
}
