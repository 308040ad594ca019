using System.Globalization;
using EdgeVae.Runtime.Streaming;
using NativeAotMonitor;

// NativeAotMonitor [FILE|-] [--hop N] [--k K] [--n N] [--scores OUT] [--truth-column NAME]
// Streams a recording through the int8 motor model and prints anomaly events; with a truth column it also
// prints event recall and precision. --scores writes every window's score (sample index, float bits in hex, value) to
// OUT: the record CI compares between the x64 build and the arm64 build on each emulated core, bit for bit.
// The recording is read one step at a time (memory is flat in its length). Non-finite values are held by the detector
// (its class documents the policy); the monitor prints input-fault events and counts the held steps.
// Raw streams instead of Console.Out: the console's terminal handling would add ~100 KB to the binary.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = false };
using var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
const string Usage = "usage: NativeAotMonitor [FILE|-] [--hop N] [--k K] [--n N] [--scores OUT] [--truth-column NAME]   (CSV with a header, or EVR1 binary; '-' reads stdin; "
    + "hop 1–1000000 steps, default 32; k-of-n debounce with 1 ≤ k ≤ n ≤ 64, default 2 of 3; a CSV's truth column is 'fault' unless named)";
string? source = null, scoresPath = null;
// The truth labels of `edgevae data recording` (builtin:motor's faults), printed by name with each event.
string[] FaultNames = ["normal", "bearing", "imbalance", "misalignment", "looseness", "sensor spike", "dropout", "drift"];
string truthColumn = "fault";
int hop = 32, k = 2, n = 3;
for (int i = 0; i < args.Length; i++)
{
    string arg = args[i];
    if (arg is "-h" or "--help")
    {
        stdout.WriteLine(Usage);
        return 0;
    }
    if (arg is "--hop" or "--k" or "--n" or "--scores" or "--truth-column")
    {
        if (i + 1 >= args.Length) return Fail($"{arg} needs a value.", usage: true);
        string value = args[++i];
        if (arg == "--scores") { scoresPath = value; continue; }
        if (arg == "--truth-column") { truthColumn = value; continue; }
        (int min, int max) = arg == "--hop" ? (1, 1_000_000) : (1, 64);
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            return Fail($"{arg} \"{value}\": give a whole number from {min} to {max}.", usage: true);
        if (arg == "--hop") hop = v; else if (arg == "--k") k = v; else n = v;
        continue;
    }
    if (arg.StartsWith("--", StringComparison.Ordinal)) return Fail($"unknown option {arg}.", usage: true);
    if (source is not null) return Fail($"one recording at a time (got \"{source}\" and \"{arg}\").", usage: true);
    source = arg;
}
if (k > n) return Fail($"--k {k} --n {n}: the debounce raises on k of the last n windows, so k must not exceed n.", usage: true);
source ??= "-";

Recording recording;
try { recording = Recording.Open(source, truthColumn); }
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { return Fail(e.Message); }
using (recording)
{
    if (recording.Channels != MotorModel.Channels)
        return Fail($"the recording has {recording.Channels} channels; the model {MotorModel.ModelName} expects {MotorModel.Channels}.");
    stdout.WriteLine($"model {MotorModel.ModelName}: {MotorModel.InputLength} inputs ({MotorModel.WindowLength} steps × {MotorModel.Channels} channels), threshold {MotorModel.Threshold:G6}, " +
        $"{MotorModel.FlashBytes} bytes flash, {MotorModel.RamBytes} bytes RAM, {MotorModel.MacsPerInference} MACs per window");
    // The model's streaming scorer where it has one for this hop (a front-end's or convolutions' frames carried over
    // from the window before, the same scores bit for bit), else its whole-window scorer.
    var detector = new StreamingDetector(MotorModel.ScorerFor(hop), hop, k, n);
    using var scores = scoresPath is null ? null : new StreamWriter(scoresPath, false, new System.Text.UTF8Encoding(false));
    var episodes = new Episodes(MotorModel.WindowLength);
    var raised = new List<long>();
    long windows = 0, steps = 0;
    Span<float> sample = stackalloc float[MotorModel.Channels];
    long scoringTicks = 0;
    try
    {
        while (recording.Next(sample, out int truth))
        {
            long t = steps++;
            episodes.Add(t, truth);
            // The clock covers the pushes that score a window (reading and parsing the input are not the model's time).
            bool scoring = t + 1 >= MotorModel.WindowLength && (t + 1 - MotorModel.WindowLength) % hop == 0;
            long before = scoring ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
            bool changed = detector.Push(sample, out var e);
            if (scoring) scoringTicks += System.Diagnostics.Stopwatch.GetTimestamp() - before;
            if (scoring && float.IsFinite(detector.LastScore))
            {
                windows++;
                scores?.WriteLine($"{t} {BitConverter.SingleToInt32Bits(detector.LastScore):x8} {detector.LastScore.ToString("R", CultureInfo.InvariantCulture)}");
            }
            if (!changed) continue;
            if (e.Kind == DetectorEventKind.Raised) raised.Add(e.SampleIndex);
            string kind = e.Kind switch
            {
                DetectorEventKind.Raised => "raised",
                DetectorEventKind.Cleared => "cleared",
                DetectorEventKind.InputFault => "input fault",
                _ => "input ok",
            };
            string channel = e.Kind == DetectorEventKind.InputFault ? "non-finite channel" : "top channel";
            stdout.WriteLine($"{kind,-7} sample {e.SampleIndex,7}  t={e.SampleIndex / 1000.0,7:0.000}s  score {e.Score,9:G4}  threshold {e.Threshold:G4}  {channel} {MotorModel.ChannelName(e.TopChannel)}"
                + (recording.TruthInStep ? $"  truth {truth}{(truth > 0 && truth < FaultNames.Length ? " (" + FaultNames[truth] + ")" : "")}" : ""));
        }
        if (recording.TrailingTruth() is { } labels)
        {
            long t = 0;
            foreach (int truth in labels) episodes.Add(t++, truth);
        }
    }
    catch (Exception e) when (e is IOException or InvalidDataException)
    {
        stdout.Flush();
        return Fail($"{e.Message} ({steps} steps were read and scored before it).");
    }
    double seconds = (double)scoringTicks / System.Diagnostics.Stopwatch.Frequency;
    stdout.WriteLine($"{steps} samples, {windows} windows scored in {seconds * 1000:0.0} ms ({seconds * 1e6 / Math.Max(1, windows):0.0} µs per window), {raised.Count} events raised");
    if (detector.HeldSamples > 0)
        stdout.WriteLine($"{detector.HeldSamples} steps had non-finite values, held at each channel's last finite value" + (detector.InInputFault ? "; the input was still faulty at the end" : ""));
    if (recording.TruthInStep || episodes.Runs.Count > 0)
    {
        int reach = MotorModel.WindowLength + n * hop; // a raise can follow the fault's last sample by one window plus the debounce
        var (detected, truePositive) = episodes.Match(raised, reach);
        stdout.WriteLine($"recall {detected}/{episodes.Runs.Count} = {(double)detected / Math.Max(1, episodes.Runs.Count):0.000} of fault episodes; " +
            $"precision {truePositive}/{raised.Count} = {(raised.Count == 0 ? 0 : (double)truePositive / raised.Count):0.000} of events");
    }
}
return 0;

// Exit code 2 for bad arguments (with the usage line) and for bad input (naming the input and where).
int Fail(string message, bool usage = false)
{
    stdout.Flush();
    stderr.WriteLine($"error: {message}");
    if (usage) stderr.WriteLine(Usage);
    return 2;
}
