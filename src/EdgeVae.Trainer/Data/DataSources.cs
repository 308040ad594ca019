using EdgeVae.Numerics.Random;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// Resolves a data specification — <c>builtin:motor</c>, <c>fashion-mnist</c>, <c>idx:IMAGES,LABELS</c>,
/// <c>csv:PATH</c>, <c>npy:PATH</c> — into training, validation and test sets.
/// </summary>
public static class DataSources
{
    public const string Help = "builtin:motor[?rpm=MIN-MAX&load=MIN-MAX] | fashion-mnist | idx:IMAGES,LABELS | csv:PATH | npy:PATH | wav:FILE-or-FOLDER";

    public static DataSplits Load(string spec, DataOptions options)
    {
        var splits = LoadUnfiltered(spec.Trim(), options);
        if (options.NormalClass is int k)
        {
            if (splits.Train.Labels is null) throw new DataException($"--normal-class needs labelled data; {spec} has no labels.");
            if (!splits.Train.Labels.Contains(k))
                throw new DataException($"--normal-class {k}: no training sample has label {k} (labels present: {string.Join(", ", splits.Train.Labels.Distinct().Order())}).");
            splits = new DataSplits(
                splits.Train.Where(l => l == k, $"{splits.Train.Name}[class {k}]"),
                splits.Validation.Where(l => l == k, $"{splits.Validation.Name}[class {k}]"),
                splits.Test, l => l != k, $"{splits.Description}, one-class: class {k} is normal");
        }
        if (options.TrainLimit is int n && n < splits.Train.Count)
            splits = splits with { Train = splits.Train.Subset(Enumerable.Range(0, n).ToArray()), Validation = Limit(splits.Validation, Math.Max(n / 5, 1)) };
        if (options.TestLimit is int m) splits = splits with { Test = Limit(splits.Test, m) };
        if (splits.Train.Count == 0) throw new DataException($"{spec}: no training samples.");
        if (splits.Validation.Count == 0) throw new DataException($"{spec}: no validation samples; provide more data.");
        return splits;
    }

    /// <summary>
    /// Every sample of a file source in file order, unsplit and unfiltered (for scoring a recording); built-in sets
    /// are their train, validation and test sets in that order.
    /// </summary>
    public static Dataset LoadWhole(string spec, DataOptions o)
    {
        spec = spec.Trim();
        int colon = spec.IndexOf(':');
        string scheme = colon > 0 ? spec[..colon] : spec, path = colon > 0 ? spec[(colon + 1)..] : "";
        switch (scheme)
        {
            case "csv": return CsvReader.Load(path, o);
            case "npy": return NpyReader.Load(path, o.LabelsPath);
            case "wav": return WavSource.LoadWhole(path, o);
            case "idx" when path.Split(',') is { Length: 2 } parts: return IdxReader.ReadPair(parts[0], parts[1], Path.GetFileName(parts[0]));
        }
        var s = Load(spec, o);
        var all = new[] { s.Train, s.Validation, s.Test };
        var t = s.Test;
        int[]? y = all.All(p => p.Labels is not null) ? all.SelectMany(p => p.Labels!).ToArray() : null;
        return new Dataset(t.Name, all.SelectMany(p => p.Features).ToArray(), all.Sum(p => p.Count), t.Width, y, t.Layout, t.Channels, t.Window, t.ChannelNames, t.ClassNames) { TimeColumn = t.TimeColumn };
    }

    private static Dataset Limit(Dataset d, int n) => n >= d.Count ? d : d.Subset(Enumerable.Range(0, n).ToArray());

    private static DataSplits LoadUnfiltered(string spec, DataOptions o)
    {
        if (spec == "builtin:motor") return MotorSignalGenerator.Splits(o.Window, o.Hop);
        if (spec.StartsWith("builtin:motor?", StringComparison.Ordinal))
            return MotorSignalGenerator.Splits(o.Window, o.Hop, regime: MotorRegime.Parse(spec["builtin:motor?".Length..]));
        if (spec == "fashion-mnist")
        {
            var (train, test) = FashionMnist.Load();
            var (tr, va) = SplitShuffled(train, 0.1, o.SplitSeed);
            // Shuffle the test set once, deterministically, so a --test-limit keeps every class.
            return new DataSplits(tr, va, Shuffled(test, o.SplitSeed), null, "Fashion-MNIST (54,000 train / 6,000 validation / 10,000 test)");
        }
        int colon = spec.IndexOf(':');
        if (colon <= 0) throw new DataException($"Unknown data source \"{spec}\"; use {Help}.");
        string scheme = spec[..colon], path = spec[(colon + 1)..];
        if (path.Length == 0) throw new DataException($"\"{spec}\": a path is required after \"{scheme}:\".");
        switch (scheme)
        {
            case "idx":
                string[] parts = path.Split(',');
                if (parts.Length != 2) throw new DataException($"\"{spec}\": give the images and labels files, idx:IMAGES,LABELS.");
                var all = IdxReader.ReadPair(parts[0], parts[1], Path.GetFileName(parts[0]));
                return Split3(all, o, null);
            case "csv":
                var csv = CsvReader.Load(path, o, out string decision);
                var csvSplits = Split3(csv, o, csv.Labels is null ? null : l => l != 0, chronological: csv.Layout == DataLayout.TimeWindow);
                return csvSplits with { Description = $"{csvSplits.Description}: {decision}" };
            case "npy":
                var npy = NpyReader.Load(path, o.LabelsPath);
                return Split3(npy, o, npy.Labels is null ? null : l => l != 0);
            case "wav":
                return WavSource.Load(path, o);
            default:
                throw new DataException($"Unknown data scheme \"{scheme}\"; use {Help}.");
        }
    }

    /// <summary>
    /// The three parts of one file's samples, or of separate validation and test files (read by the same contract, with
    /// the training file's class names so labels keep their numbers). One file is split by --split-ratio (70/15/15) in
    /// --split-order: time (file order, the default for time series: overlapping windows cannot leak into the test
    /// part), random (the default for the rest) or stratified (each label in proportion in every part). Where labels
    /// mark anomalies, training and validation keep only normal samples; a label absent from the test part is warned about.
    /// </summary>
    private static DataSplits Split3(Dataset all, DataOptions o, Func<int, bool>? isAnomaly, bool chronological = false)
    {
        double[] shares = o.Split ?? [0.70, 0.15, 0.15];
        if (shares.Length != 3 || shares.Any(f => !(f >= 0)) || !(shares[0] > 0) || Math.Abs(shares.Sum() - 1) > 1e-6)
            throw new ArgumentException($"--split-ratio {string.Join(",", shares.Select(f => Math.Round(f * 100, 3)))}: give the train, validation and test shares, e.g. 70,15,15 (they add up to 100).");
        string order = o.SplitOrder ?? (chronological ? "time" : "random");
        if (order is not ("time" or "random" or "stratified")) throw new ArgumentException($"--split-order \"{order}\": use time, random or stratified.");
        Dataset? validationFile = o.ValidationSpec is string v ? Separate(v, o, all) : null;
        Dataset? testFile = o.TestSpec is string t ? Separate(t, o, all) : null;
        // The shares of the parts that come from this file.
        double tr = shares[0], va = validationFile is null ? shares[1] : 0, te = testFile is null ? shares[2] : 0, sum = tr + va + te;
        var parts = Apportion(all, order, [tr / sum, va / sum, te / sum], o.SplitSeed);
        if (all.Count < 7 && (validationFile is null || testFile is null)) throw new DataException($"{all.Name}: {all.Count} samples are too few to split into train/validation/test (need at least 7), or give --validation and --test files.");
        var train = all.Subset(parts[0], all.Name + "/train");
        var val = validationFile ?? all.Subset(parts[1], all.Name + "/validation");
        var test = testFile ?? all.Subset(parts[2], all.Name + "/test");
        if (isAnomaly is not null && all.Labels is not null && test.Labels is not null)
        {
            var absent = all.Labels.Where(isAnomaly).Distinct().Except(test.Labels).Order().ToArray();
            if (absent.Length > 0)
            {
                string Name(int l) => all.ClassNames is { } n && l < n.Length ? n[l] : l.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string where = testFile is not null ? "the test file" : order == "time" ? "its test part (the last rows)" : "its test part";
                Console.Error.WriteLine($"warning: {all.Name}: label{(absent.Length > 1 ? "s" : "")} {string.Join(", ", absent.Select(Name))} {(absent.Length > 1 ? "are" : "is")} in the data but not in {where}, so no figure measures {(absent.Length > 1 ? "them" : "it")}; split with --split-order stratified, or give a --test file that holds {(absent.Length > 1 ? "them" : "it")}.");
            }
        }
        if (isAnomaly is not null)
        {
            train = train.Where(l => !isAnomaly(l), train.Name);
            if (val.Labels is not null) val = val.Where(l => !isAnomaly(l), val.Name);
        }
        string from = (validationFile, testFile) switch
        {
            (null, null) => $"{order} split",
            (null, _) => $"test file {test.Name}, {order} split of the rest",
            (_, null) => $"validation file {val.Name}, {order} split of the rest",
            _ => $"validation file {val.Name}, test file {test.Name}",
        };
        return new DataSplits(train, val, test, isAnomaly, $"{all.Name} ({train.Count} train / {val.Count} validation / {test.Count} test; {from})");
    }

    /// <summary>A validation or test file, read whole by the training file's contract and class names.</summary>
    private static Dataset Separate(string spec, DataOptions o, Dataset like)
    {
        var d = LoadWhole(spec, o with { ClassNames = like.ClassNames ?? o.ClassNames, ValidationSpec = null, TestSpec = null });
        if (d.Width != like.Width) throw new DataException($"{spec}: its samples have {d.Width} features, the training data's {like.Width}; a validation or test file is made like the training file.");
        return d;
    }

    /// <summary>Sample indices of each part: in order (time), shuffled (random), or shuffled within each label (stratified).</summary>
    private static int[][] Apportion(Dataset all, string order, double[] shares, ulong seed)
    {
        var groups = order == "stratified" && all.Labels is { } y
            ? Enumerable.Range(0, all.Count).GroupBy(i => y[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList()
            : [Enumerable.Range(0, all.Count).ToArray()];
        var parts = new List<int>[] { [], [], [] };
        foreach (var g in groups)
        {
            if (order != "time") new Prng(seed).Shuffle(g.AsSpan());
            int nTrain = (int)(g.Length * shares[0]), nVal = (int)(g.Length * shares[1]);
            if (shares[2] == 0) nVal = g.Length - nTrain;
            parts[0].AddRange(g[..nTrain]);
            parts[1].AddRange(g[nTrain..(nTrain + nVal)]);
            parts[2].AddRange(g[(nTrain + nVal)..]);
        }
        return parts.Select(p => p.ToArray()).ToArray();
    }

    private static (Dataset Train, Dataset Validation) SplitShuffled(Dataset all, double validationFraction, ulong seed)
    {
        var order = Enumerable.Range(0, all.Count).ToArray();
        new Prng(seed).Shuffle(order.AsSpan());
        int nVal = (int)(all.Count * validationFraction);
        return (all.Subset(order[nVal..], all.Name), all.Subset(order[..nVal], all.Name.Replace("train", "validation")));
    }

    private static Dataset Shuffled(Dataset d, ulong seed)
    {
        var order = Enumerable.Range(0, d.Count).ToArray();
        new Prng(seed ^ 0x5EED).Shuffle(order.AsSpan());
        return d.Subset(order, d.Name);
    }
}
