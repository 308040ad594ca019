namespace EdgeVae.Trainer.Data;

/// <summary>
/// <c>wav:PATH</c>: machine-sound recordings as 16-bit PCM WAV files. PATH is one file (a recording, unlabelled), or a
/// folder laid out as DCASE and MIMII ship theirs: <c>train/</c> and <c>test/</c> of clips named <c>normal_*.wav</c> and
/// <c>anomaly_*.wav</c>, the label taken from the name. Each clip is cut into windows of its own (a window never spans two
/// clips) of --window frames every --hop, and each window remembers its clip, so a clip can be scored as the mean of its
/// windows. The last tenth of the training clips (by name) is the validation part.
/// </summary>
public static class WavSource
{
    public static readonly string[] ClassNames = ["normal", "anomaly"];

    public static DataSplits Load(string path, DataOptions o)
    {
        if (File.Exists(path))
        {
            // One recording: in time order, 70 % train, 15 % validation, 15 % test (windows never cross the cuts' parts).
            var one = Cut([path], o, labelled: false, path);
            if (one.Count < 7) throw new DataException($"{path}: {one.Count} windows of {o.Window} frames are too few to split into train, validation and test (need 7).");
            int a = (int)(one.Count * 0.70), b = (int)(one.Count * 0.85);
            return new DataSplits(one.Subset(Enumerable.Range(0, a).ToArray(), one.Name + "/train"),
                one.Subset(Enumerable.Range(a, b - a).ToArray(), one.Name + "/validation"),
                one.Subset(Enumerable.Range(b, one.Count - b).ToArray(), one.Name + "/test"), null,
                $"{Path.GetFileName(path)}: one recording, {one.Count} windows of {o.Window} frames ({a} train / {b - a} validation / {one.Count - b} test, in time order)");
        }
        if (!Directory.Exists(path)) throw new DataException($"wav:{path}: no such file or folder.");
        string trainDir = Path.Combine(path, "train"), testDir = Path.Combine(path, "test");
        if (!Directory.Exists(trainDir)) throw new DataException($"wav:{path}: a WAV set is a folder with train/ and test/ folders of normal_*.wav and anomaly_*.wav clips (the DCASE and MIMII layout); {trainDir} is missing.");
        var trainFiles = Clips(trainDir);
        if (trainFiles.Length < 2) throw new DataException($"{trainDir}: {trainFiles.Length} clip{(trainFiles.Length == 1 ? "" : "s")}; at least 2 are needed, one of them to validate on.");
        int validationClips = Math.Max(1, trainFiles.Length / 10);
        var testFiles = Directory.Exists(testDir) ? Clips(testDir) : [];
        if (testFiles.Length == 0) throw new DataException($"wav:{path}: no test clips in {testDir}.");
        // One pass over every clip's header first: the parts must agree on channels and rate.
        var reference = trainFiles[0];
        var train = Cut(trainFiles[..^validationClips], o, labelled: true, Path.GetFileName(path) + "/train", reference);
        var validation = Cut(trainFiles[^validationClips..], o, labelled: true, Path.GetFileName(path) + "/validation", reference);
        var test = Cut(testFiles, o, labelled: true, Path.GetFileName(path) + "/test", reference);
        // Anomalous training clips (a set that has them) are left out of training and validation, as for other sources.
        train = train.Where(l => l == 0, train.Name);
        validation = validation.Where(l => l == 0, validation.Name);
        if (train.Count == 0) throw new DataException($"{trainDir}: no normal_*.wav clip long enough for one window of {o.Window} frames.");
        return new DataSplits(train, validation, test, l => l != 0,
            $"{Path.GetFileName(path)} ({trainFiles.Length - validationClips} train / {validationClips} validation / {testFiles.Length} test clips; {train.Count} / {validation.Count} / {test.Count} windows of {o.Window} frames)");
    }

    /// <summary>Every window of every clip under PATH (a file, or a set's test folder then its train folder), in name order.</summary>
    public static Dataset LoadWhole(string path, DataOptions o)
    {
        if (File.Exists(path)) return Cut([path], o, labelled: false, path);
        var files = new[] { "test", "train" }.Select(d => Path.Combine(path, d)).Where(Directory.Exists).SelectMany(Clips).ToArray();
        if (files.Length == 0) throw new DataException($"wav:{path}: no WAV clips.");
        return Cut(files, o, labelled: true, Path.GetFileName(path));
    }

    private static string[] Clips(string dir) =>
        Directory.GetFiles(dir, "*.wav").Concat(Directory.GetFiles(dir, "*.WAV")).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The label a DCASE/MIMII clip's name gives: normal_… 0, anomaly_… 1.</summary>
    public static int LabelOf(string file)
    {
        string name = Path.GetFileName(file).ToLowerInvariant();
        if (name.StartsWith("normal", StringComparison.Ordinal)) return 0;
        if (name.StartsWith("anomaly", StringComparison.Ordinal)) return 1;
        throw new DataException($"{file}: a clip of a WAV set is named normal_*.wav or anomaly_*.wav (its label); rename it, or read it alone as wav:{file}.");
    }

    /// <summary>The windows of <paramref name="files"/>; each must match <paramref name="reference"/>'s channels and rate (the first file's by default).</summary>
    private static Dataset Cut(string[] files, DataOptions o, bool labelled, string name, string? reference = null)
    {
        if (o.Window <= 0) throw new ArgumentException("--window must be positive for WAV data: a window of frames is one sample.");
        var xs = new List<float>();
        var labels = new List<int>();
        var groups = new List<int>();
        reference ??= files[0];
        var first = WavFile.Read(reference);
        int channels = first.Channels, rate = first.SampleRate;
        for (int f = 0; f < files.Length; f++)
        {
            var audio = files[f] == reference ? first : WavFile.Read(files[f]);
            if (audio.Channels != channels || audio.SampleRate != rate)
                throw new DataException($"{files[f]}: {audio.Channels} channel{(audio.Channels > 1 ? "s" : "")} at {audio.SampleRate} Hz, but {Path.GetFileName(reference)} has {channels} channel{(channels > 1 ? "s" : "")} at {rate} Hz; every clip of a set must match.");
            int label = labelled ? LabelOf(files[f]) : 0;
            var (windows, _, count) = MotorSignalGenerator.Cut(audio.Samples, new int[audio.Frames], channels, o.Window, o.Hop);
            xs.AddRange(windows);
            for (int k = 0; k < count; k++) { labels.Add(label); groups.Add(f); }
        }
        var names = Enumerable.Range(0, channels).Select(c => channels == 1 ? "audio" : "ch" + c).ToArray();
        return new Dataset(name, xs.ToArray(), labels.Count, o.Window * channels, labelled ? labels.ToArray() : null, DataLayout.TimeWindow,
            channels, o.Window, names, labelled ? ClassNames : null, rate)
        {
            Groups = groups.ToArray(), GroupNames = files.Select(Path.GetFileName).ToArray()!,
        };
    }
}
