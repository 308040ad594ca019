using System.Globalization;
using EdgeVae.Runtime.Streaming;
using NativeAotMonitor;

// NativeAotMonitor [FILE|-] [--hop N] [--k K] [--n N] [--scores OUT]
// Streams a recording through the int8 motor model and prints anomaly events; with a truth column it also
// prints event recall and precision. --scores writes every window's score (sample index, float bits in hex, value) to
// OUT: the record CI compares between the x64 build and the arm64 build on each emulated core, bit for bit.
// Raw streams instead of Console.Out: the console's terminal handling would add ~100 KB to the binary.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = false };
using var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
string source = "-";
string? scoresPath = null;
int hop = 32, k = 2, n = 3;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--hop": hop = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--k": k = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--n": n = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--scores": scoresPath = args[++i]; break;
        case "-h" or "--help":
            stdout.WriteLine("usage: NativeAotMonitor [FILE|-] [--hop N] [--k K] [--n N] [--scores OUT]   (CSV with a header, or EVR1 binary; '-' reads stdin)");
            return 0;
        default: source = args[i]; break;
    }
}

float[] values;
int[]? truth;
int channels;
try
{
    using Stream input = source == "-" ? Console.OpenStandardInput() : File.OpenRead(source);
    (values, truth, channels) = RecordingReader.Read(input, source == "-" ? "stdin" : source);
}
catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
{
    stderr.WriteLine($"error: {e.Message}");
    return 2;
}
if (channels != MotorModel.Channels)
{
    stderr.WriteLine($"error: the recording has {channels} channels; the model {MotorModel.ModelName} expects {MotorModel.Channels}.");
    return 2;
}

stdout.WriteLine($"model {MotorModel.ModelName}: {MotorModel.InputLength} inputs ({MotorModel.WindowLength} steps × {MotorModel.Channels} channels), threshold {MotorModel.Threshold:G6}, " +
    $"{MotorModel.FlashBytes} bytes flash, {MotorModel.RamBytes} bytes RAM, {MotorModel.MacsPerInference} MACs per window");
var detector = new StreamingDetector(MotorModel.Scorer, hop, k, n);
using var scores = scoresPath is null ? null : new StreamWriter(scoresPath, false, new System.Text.UTF8Encoding(false));
int steps = values.Length / channels;
var raised = new List<long>();
long windows = 0;
var clock = System.Diagnostics.Stopwatch.StartNew();
for (int t = 0; t < steps; t++)
{
    long before = detector.SampleCount;
    bool changed = detector.Push(values.AsSpan(t * channels, channels), out var e);
    if (!float.IsNaN(detector.LastScore) && (before + 1 - MotorModel.WindowLength) % hop == 0 && before + 1 >= MotorModel.WindowLength)
    {
        windows++;
        scores?.WriteLine($"{before} {BitConverter.SingleToInt32Bits(detector.LastScore):x8} {detector.LastScore.ToString("R", CultureInfo.InvariantCulture)}");
    }
    if (!changed) continue;
    if (e.Kind == DetectorEventKind.Raised) raised.Add(e.SampleIndex);
    stdout.WriteLine($"{(e.Kind == DetectorEventKind.Raised ? "raised" : "cleared"),-7} sample {e.SampleIndex,7}  t={e.SampleIndex / 1000.0,7:0.000}s  score {e.Score,9:G4}  threshold {e.Threshold:G4}  top channel {MotorModel.ChannelName(e.TopChannel)}"
        + (truth is null ? "" : $"  truth {truth[e.SampleIndex]}"));
}
double seconds = clock.Elapsed.TotalSeconds;
stdout.WriteLine($"{steps} samples, {windows} windows scored in {seconds * 1000:0.0} ms ({seconds * 1e6 / Math.Max(1, windows):0.0} µs per window), {raised.Count} events raised");

if (truth is not null)
{
    // Fault episodes: runs of non-zero truth, merged across gaps shorter than a window (spikes and dropouts are sparse).
    var episodes = new List<(int Start, int End)>();
    for (int t = 0; t < steps; t++)
    {
        if (truth[t] == 0) continue;
        if (episodes.Count > 0 && t - episodes[^1].End <= 2 * MotorModel.WindowLength) episodes[^1] = (episodes[^1].Start, t);
        else episodes.Add((t, t));
    }
    int reach = MotorModel.WindowLength + n * hop; // a raise can follow the fault's last sample by one window plus the debounce
    // Plain loops rather than LINQ: every generic instantiation costs binary size under NativeAOT.
    int detected = 0, truePositive = 0;
    foreach (var ep in episodes)
        foreach (long r in raised)
            if (r >= ep.Start && r <= ep.End + reach) { detected++; break; }
    foreach (long r in raised)
        foreach (var ep in episodes)
            if (r >= ep.Start && r <= ep.End + reach) { truePositive++; break; }
    stdout.WriteLine($"recall {detected}/{episodes.Count} = {(double)detected / Math.Max(1, episodes.Count):0.000} of fault episodes; " +
        $"precision {truePositive}/{raised.Count} = {(raised.Count == 0 ? 0 : (double)truePositive / raised.Count):0.000} of events");
}
return 0;
