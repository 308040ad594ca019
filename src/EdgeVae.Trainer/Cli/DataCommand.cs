using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// <c>edgevae data recording</c>: a continuous built-in motor recording with injected faults, for streaming monitors;
/// <c>edgevae data export</c>: the exact training, validation and test sets the trainer would use, as .npy files for
/// other tools (the benchmarks' PyTorch peers train on them).
/// </summary>
public static class DataCommand
{
    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "Length of the recording.", DefaultValueFactory = _ => 60 };
        var seed = new Option<ulong>("--seed") { Description = "Operating condition and noise (other seeds than training's).", DefaultValueFactory = _ => 2026UL };
        var faultSeconds = new Option<double>("--fault-seconds") { Description = "Duration of each injected fault.", DefaultValueFactory = _ => 3.0 };
        var format = new Option<string>("--format") { Description = "csv (header, 4 channels and a 'fault' label column), bin (EdgeVae recording: 'EVR1', channels, samples, float32 values, one label byte per step) or nanoframework (C# 7.3 source of a class Recording: 8-bit μ-law codes with a scale per channel, and the faults' intervals, for replay on a device).", DefaultValueFactory = _ => "csv" };
        var output = new Option<string>("--out", "-o") { Description = "File to write.", DefaultValueFactory = _ => "recording.csv" };
        var faultList = new Option<string?>("--faults") { Description = "The faults to inject, in order, comma-separated (default: all of " + string.Join(", ", Enum.GetNames<MotorFault>().Skip(1)) + ")." };
        var ns = new Option<string>("--namespace") { Description = "nanoframework format: the namespace of the Recording class.", DefaultValueFactory = _ => "NanoFrameworkMonitor" };
        var recording = new Command("recording", "Write a continuous builtin:motor recording with every fault type (or those --faults names) injected once, in order, between normal stretches.");
        foreach (var o in new Option[] { seconds, seed, faultSeconds, format, output, faultList, ns }) recording.Options.Add(o);
        recording.SetAction(r => CommandRunner.Run(() =>
        {
            int steps = checked((int)(r.GetValue(seconds) * MotorSignalGenerator.SampleRateHz));
            int faultSteps = (int)(r.GetValue(faultSeconds) * MotorSignalGenerator.SampleRateHz);
            var faults = r.GetValue(faultList) is string list ? ParseFaults(list) : Enum.GetValues<MotorFault>().Where(f => f != MotorFault.Normal).ToArray();
            if (steps < (faults.Length + 1) * 2 * faultSteps) throw new ArgumentException($"--seconds {r.GetValue(seconds)} is too short for {faults.Length} faults of {r.GetValue(faultSeconds)} s with normal stretches between them.");
            int period = steps / (faults.Length + 1);
            var intervals = faults.Select((f, i) => new MotorSignalGenerator.FaultInterval(f, period * (i + 1) - faultSteps / 2, period * (i + 1) + faultSteps / 2 + faultSteps % 2)).ToArray();
            var (signal, truth) = MotorSignalGenerator.Record(r.GetValue(seed), steps, intervals);
            string path = r.DefaultedOutput(output);
            switch (r.GetValue(format))
            {
                case "csv":
                    var sb = new StringBuilder(string.Join(',', MotorSignalGenerator.ChannelNames) + ",fault\n");
                    for (int n = 0; n < steps; n++)
                    {
                        for (int c = 0; c < MotorSignalGenerator.Channels; c++)
                            sb.Append(signal[n * MotorSignalGenerator.Channels + c].ToString("R", CultureInfo.InvariantCulture)).Append(',');
                        sb.Append(truth[n]).Append('\n');
                    }
                    AtomicFile.WriteAllText(path, sb.ToString());
                    break;
                case "bin":
                    AtomicFile.Write(path, s =>
                    {
                        using var w = new BinaryWriter(s, Encoding.ASCII, leaveOpen: true);
                        w.Write("EVR1"u8);
                        w.Write(MotorSignalGenerator.Channels);
                        w.Write(steps);
                        foreach (float v in signal) w.Write(v);
                        foreach (int t in truth) w.Write((byte)t);
                    });
                    break;
                case "nanoframework":
                    AtomicFile.WriteAllText(path, NanoFrameworkRecording.Write(signal, MotorSignalGenerator.Channels, intervals, r.GetValue(ns)!,
                        $"builtin:motor, seed {r.GetValue(seed)}, {steps / MotorSignalGenerator.SampleRateHz:0.###} s, with {string.Join(", ", faults)}"));
                    break;
                default:
                    throw new ArgumentException($"--format \"{r.GetValue(format)}\": use csv, bin or nanoframework.");
            }
            Console.Error.WriteLine($"wrote {steps} steps ({r.GetValue(seconds)} s at {MotorSignalGenerator.SampleRateHz:0} Hz) with {faults.Length} injected faults to {path}");
            return 0;
        }));
        return new Command("data", "Export data sets.") { recording, Export(), Wav() };
    }

    private static MotorFault[] ParseFaults(string list)
    {
        var faults = new List<MotorFault>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<MotorFault>(name, ignoreCase: true, out var f) || f == MotorFault.Normal || !Enum.IsDefined(f))
                throw new ArgumentException($"--faults: \"{name}\" is not a fault; use any of {string.Join(", ", Enum.GetNames<MotorFault>().Skip(1))}.");
            faults.Add(f);
        }
        if (faults.Count == 0) throw new ArgumentException("--faults names no fault.");
        return faults.ToArray();
    }

    /// <summary><c>edgevae data wav</c>: a DCASE/MIMII-layout WAV set from the motor simulation.</summary>
    private static Command Wav()
    {
        var output = new Option<string>("--out", "-o") { Description = "A new or empty folder for train/ and test/.", Required = true };
        var train = new Option<int>("--train-clips") { Description = "Normal training clips.", DefaultValueFactory = _ => 60 };
        var test = new Option<int>("--test-clips") { Description = "Test clips, half normal and half with a fault (each fault type in turn).", DefaultValueFactory = _ => 40 };
        var seconds = new Option<double>("--seconds") { Description = "Length of each clip.", DefaultValueFactory = _ => 2.0 };
        var seed = new Option<ulong>("--seed") { Description = "Operating conditions and noise.", DefaultValueFactory = _ => 1UL };
        var sound = new Option<bool>("--sound") { Description = "The machine as a microphone hears it: mono at 16 kHz (rotation harmonics, fan, hum, flow noise; bearing, imbalance, misalignment and looseness faults), the shape of DCASE's and MIMII's recordings, instead of the four vibration and current channels at 1 kHz." };
        var command = new Command("wav", "Write a machine-sound set in the DCASE/MIMII layout (train/normal_*.wav, test/normal_*.wav and anomaly_*.wav) from the motor simulation: 16-bit PCM, one channel per sensor at 1 kHz, or with --sound mono at 16 kHz; read it back with --data wav:FOLDER.");
        foreach (var o in new Option[] { output, train, test, seconds, seed, sound }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string dir = r.GetValue(output)!;
            var counts = MotorWavSet.Write(dir, r.GetValue(train), r.GetValue(test), r.GetValue(seconds), r.GetValue(seed), r.GetValue(sound));
            Console.Error.WriteLine($"wrote {counts.Train} training clips and {counts.TestNormal} normal and {counts.TestAnomalous} anomalous test clips of {r.GetValue(seconds)} s to {dir}");
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var data = new DataArguments();
        var output = new Option<string>("--out", "-o") { Description = "Directory to create (or an empty one) for train.npy, validation.npy, test.npy, their -labels.npy, test-anomaly.npy and data.json.", Required = true };
        var featuresOf = new Option<string?>("--features-of") { Description = "A model file with a front-end: write the features it computes from each window instead of the raw values." };
        var frontEnd = new Option<string>("--front-end") { Description = "With --features-of: fixed (what every device computes, the default) or float32 (what the network trained on).", DefaultValueFactory = _ => "fixed" };
        var command = new Command("export", "Write the splits the trainer would use for --data (raw values, before normalisation, or a model's front-end features) as .npy files, with a data.json that describes them.");
        data.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(featuresOf);
        command.Options.Add(frontEnd);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string spec = r.GetValue(data.Data) ?? throw new ArgumentException("--data is required: which data set to export.");
            string dir = r.GetValue(output)!;
            if (File.Exists(dir)) throw new ArgumentException($"--out {dir} is a file; give a directory to create.");
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
                throw new ArgumentException($"--out {dir} already holds files; export into a new or empty directory so nothing is overwritten.");
            var splits = DataSources.Load(spec, data.Read(r));
            if (r.GetValue(featuresOf) is string modelPath)
            {
                var model = ModelFiles.ModelImporter.Load(modelPath);
                var chain = model.FrontEnd ?? throw new ArgumentException($"--features-of {modelPath}: the model has no front-end; its input is the raw window, which export writes without --features-of.");
                DataArguments.Fits(model, splits.Test, spec);
                Func<Dataset, Dataset> map = r.GetValue(frontEnd) switch
                {
                    "fixed" => d => FrontEnd.ModelFeatures.Fixed(chain, d),
                    "float32" => d => FrontEnd.ModelFeatures.Float(chain, d),
                    var v => throw new ArgumentException($"--front-end \"{v}\": use fixed or float32."),
                };
                splits = FrontEnd.ModelFeatures.Map(splits, map);
            }
            foreach (var (name, set) in new[] { ("train", splits.Train), ("validation", splits.Validation), ("test", splits.Test) })
            {
                AtomicFile.Write(Path.Combine(dir, name + ".npy"), s => NpyWriter.WriteFloat32(s, set.Features, set.Count, set.Width));
                if (set.Labels is { } labels) AtomicFile.Write(Path.Combine(dir, name + "-labels.npy"), s => NpyWriter.WriteInt32(s, labels));
            }
            var test = splits.Test;
            if (splits.IsAnomaly is { } isAnomaly && test.Labels is { } testLabels)
                AtomicFile.Write(Path.Combine(dir, "test-anomaly.npy"), s => NpyWriter.WriteInt32(s, testLabels.Select(l => isAnomaly(l) ? 1 : 0).ToArray()));
            var meta = new System.Text.Json.Nodes.JsonObject
            {
                ["data"] = spec,
                ["description"] = splits.Description,
                ["layout"] = test.Layout.ToString().ToLowerInvariant(),
                ["width"] = test.Width,
                ["channels"] = test.Channels,
                ["window"] = test.Window,
                ["sample_rate"] = test.SampleRate,
                ["channel_names"] = new System.Text.Json.Nodes.JsonArray(test.ChannelNames.Select(n => (System.Text.Json.Nodes.JsonNode?)n).ToArray()),
                ["class_names"] = test.ClassNames is null ? null : new System.Text.Json.Nodes.JsonArray(test.ClassNames.Select(n => (System.Text.Json.Nodes.JsonNode?)n).ToArray()),
                ["counts"] = new System.Text.Json.Nodes.JsonObject { ["train"] = splits.Train.Count, ["validation"] = splits.Validation.Count, ["test"] = test.Count },
            };
            AtomicFile.WriteAllText(Path.Combine(dir, "data.json"), meta.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
            Console.Error.WriteLine($"wrote {splits.Train.Count} training, {splits.Validation.Count} validation and {test.Count} test samples of {test.Width} features to {dir}");
            return 0;
        }));
        return command;
    }
}
