using System.Diagnostics;
using System.Globalization;
using EdgeVae.Trainer.Models;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// Training progress on the terminal: a live line per epoch (batch count, loss parts, ETA) redrawn in place
/// when stderr is a terminal, and one plain line per epoch when output is redirected (logs, CI).
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool interactive, string regularizerName) : ITrainingProgress
{
    private readonly Stopwatch _clock = new();
    private int _epochs;
    private long _lastDraw;
    private double _runningLoss, _runningRecon, _runningReg;
    private int _seen;

    public static ConsoleProgress ForConsole(string regularizerName) =>
        new(Console.Error, !Console.IsErrorRedirected && !Console.IsOutputRedirected, regularizerName);

    public void EpochStarted(int epoch, int epochs, int batches, double learningRate)
    {
        _epochs = epochs;
        _clock.Restart();
        _lastDraw = 0;
        _runningLoss = _runningRecon = _runningReg = 0;
        _seen = 0;
    }

    public void BatchDone(int epoch, int batch, int batches, LossParts loss)
    {
        _seen++;
        _runningLoss += loss.Total;
        _runningRecon += loss.Reconstruction;
        _runningReg += loss.Regularizer;
        if (!interactive) return;
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 100 && batch != batches) return;
        _lastDraw = now;
        double eta = _clock.Elapsed.TotalSeconds / batch * (batches - batch);
        int filled = (int)(24.0 * batch / batches);
        string bar = new string('█', filled) + new string('░', 24 - filled);
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r  epoch {epoch}/{_epochs} {bar} {batch}/{batches}  loss {_runningLoss / _seen:G5}  recon {_runningRecon / _seen:G5}  {regularizerName} {_runningReg / _seen:G4}  ETA {eta:0}s   "));
    }

    public void EpochDone(EpochRecord r, bool improved)
    {
        if (interactive) output.Write("\r" + new string(' ', 110) + "\r");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{_epochs}  train {r.TrainLoss:G6} (recon {r.TrainReconstruction:G6}, {regularizerName} {r.TrainRegularizer:G4})  validation {r.ValidationLoss:G6}{(improved ? " *" : "")}  lr {r.LearningRate:G3}  {r.Seconds:0.00}s"));
    }
}
