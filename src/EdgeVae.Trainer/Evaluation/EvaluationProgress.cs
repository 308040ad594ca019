using System.Diagnostics;
using System.Globalization;

namespace EdgeVae.Trainer.Evaluation;

/// <summary>
/// A progress line for evaluations that take more than a few seconds (eval, score, calibrate, report on a large data set,
/// importance sampling): the stage, how far it is and the time so far, redrawn in place on a terminal and one plain line
/// every few seconds when output is redirected. Quiet for quick runs. The loops report to the one the command began
/// (flowing with the call, so concurrent library callers, which begin none, print nothing).
/// </summary>
public sealed class EvaluationProgress : IDisposable
{
    private static readonly AsyncLocal<EvaluationProgress?> Current = new();

    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly TimeSpan _delay, _interval;
    private readonly string _command;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly EvaluationProgress? _outer;
    private TimeSpan? _lastDraw;
    private bool _drawnInPlace;

    private EvaluationProgress(string command, TextWriter output, bool interactive, TimeSpan delay, TimeSpan interval)
    {
        (_command, _output, _interactive, _delay, _interval) = (command, output, interactive, delay, interval);
        _outer = Current.Value;
        Current.Value = this;
    }

    /// <summary>Progress of <paramref name="command"/> on standard error until disposed: after 3 s, every 0.25 s on a terminal, every 5 s otherwise.</summary>
    public static EvaluationProgress Begin(string command)
    {
        bool interactive = !Console.IsErrorRedirected;
        return new EvaluationProgress(command, Console.Error, interactive, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(interactive ? 0.25 : 5));
    }

    /// <summary>As <see cref="Begin(string)"/> with the writer and timing given (tests).</summary>
    public static EvaluationProgress Begin(string command, TextWriter output, bool interactive, TimeSpan delay, TimeSpan interval) =>
        new(command, output, interactive, delay, interval);

    /// <summary><paramref name="done"/> of <paramref name="total"/> items of <paramref name="stage"/> are finished.</summary>
    public static void Report(string stage, long done, long total) => Current.Value?.Draw(stage, done, total);

    private void Draw(string stage, long done, long total)
    {
        var now = _clock.Elapsed;
        if (now < _delay || (_lastDraw is { } last && now - last < _interval && done < total)) return;
        _lastDraw = now;
        string line = string.Create(CultureInfo.InvariantCulture, $"{_command}: {stage} {done:N0}/{total:N0} ({100.0 * done / Math.Max(1, total):F0} %, {now.TotalSeconds:F0} s)");
        if (_interactive)
        {
            _output.Write("\r" + line.PadRight(72));
            _drawnInPlace = true;
        }
        else _output.WriteLine(line);
    }

    public void Dispose()
    {
        if (_drawnInPlace) _output.WriteLine();
        Current.Value = _outer;
    }
}
