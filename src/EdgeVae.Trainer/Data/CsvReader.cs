using System.Globalization;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// CSV with a header row, read by its data contract: the feature columns (all that are not the label, the time or
/// ignored, or exactly those <c>--columns</c> names, in that order), a label column whose values may be numbers or
/// names (the normal one becomes 0, the others 1… in the order of the model's class names, then sorted), and a time
/// column that is never a feature. A table is one sample per row; a time series (a time column, or a window given) is
/// cut into sliding windows of rows. Each decision is said in <see cref="CsvData.Decision"/>.
/// </summary>
public static class CsvReader
{
    /// <summary>Column names taken for the time axis when none is named.</summary>
    private static readonly string[] TimeNames = ["time", "timestamp", "datetime", "date", "t", "ts", "time_s", "seconds"];

    /// <summary>What a CSV file holds once its contract is applied.</summary>
    public sealed record CsvData(string[] Features, float[] Values, int Rows, int[]? Labels, string[]? ClassNames, string? TimeColumn, string[] Ignored, bool Series, string Decision);

    public static CsvData ReadTable(string path, DataOptions o)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: no such CSV file.");
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (header is null) throw new DataException($"{path}: the file is empty; a header row naming the columns is required.");
        char sep = header.Contains(';') && !header.Contains(',') ? ';' : ',';
        string[] names = header.Split(sep).Select(h => h.Trim().Trim('"')).ToArray();
        string Listed() => string.Join(", ", names.Take(20).Select(Quote)) + (names.Length > 20 ? ", …" : "");
        int Index(string column, string what)
        {
            int i = Array.IndexOf(names, column);
            if (i < 0) throw new DataException($"{path}: no column \"{Quote(column)}\" ({what}); the header has {Listed()}.");
            return i;
        }
        int labelIndex = o.LabelColumn is null ? -1 : Index(o.LabelColumn, "--label-column");
        int timeIndex = o.TimeColumn is not null ? Index(o.TimeColumn, "--time-column")
            : Array.FindIndex(names, n => TimeNames.Contains(n.ToLowerInvariant()));
        var ignored = (o.IgnoreColumns ?? []).Select(c => Index(c, "--ignore-columns")).ToHashSet();
        int[] features;
        if (o.Columns is { Length: > 0 })
        {
            features = o.Columns.Select(c => Index(c, "--columns, or the model's columns")).ToArray();
            var stray = names.Where((_, i) => i != labelIndex && i != timeIndex && !ignored.Contains(i) && !features.Contains(i)).ToArray();
            if (stray.Length > 0)
                throw new DataException($"{path}: column{(stray.Length > 1 ? "s" : "")} {string.Join(", ", stray.Select(Quote))} {(stray.Length > 1 ? "are" : "is")} not among the features ({string.Join(", ", o.Columns.Select(Quote))}); leave {(stray.Length > 1 ? "them" : "it")} out with --ignore-columns, or retrain with {(stray.Length > 1 ? "them" : "it")}.");
        }
        else features = Enumerable.Range(0, names.Length).Where(i => i != labelIndex && i != timeIndex && !ignored.Contains(i)).ToArray();
        if (features.Length == 0) throw new DataException($"{path}: no feature columns are left (label, time and ignored columns are not features).");

        var values = new List<float>();
        var rawLabels = labelIndex >= 0 ? new List<string>() : null;
        int line = 1, rows = 0;
        var cell = new string[names.Length];
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0) continue;
            string[] cells = text.Split(sep);
            if (cells.Length != names.Length)
                throw new DataException($"{path}:{line}: {cells.Length} cells, but the header has {names.Length} columns.");
            foreach (int c in features)
            {
                string v = cells[c].Trim().Trim('"');
                if (!float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float x))
                    throw new DataException($"{path}:{line}: \"{Quote(v)}\" in column \"{Quote(names[c])}\" is not a number; a text column is left out with --ignore-columns {Quote(names[c])}, or holds the labels (--label-column).");
                if (!float.IsFinite(x))
                    throw new DataException($"{path}:{line}: column \"{Quote(names[c])}\" holds {Quote(v)}; remove or impute non-finite values before training.");
                values.Add(x);
            }
            if (rawLabels is not null) rawLabels.Add(cells[labelIndex].Trim().Trim('"'));
            rows++;
        }
        if (rows == 0) throw new DataException($"{path}: a header but no data rows.");
        var (labels, classNames) = rawLabels is null ? ((int[]?)null, (string[]?)null) : Labels(path, names[labelIndex], rawLabels, o);
        bool series = o.WindowChosen ? o.Window > 0 : timeIndex >= 0;
        string decision = o.WindowChosen
            ? (o.Window > 0 ? $"a time series in windows of {o.Window} rows (--window)" : "a table, one sample per row (window 0)")
            : timeIndex >= 0 ? $"a time series (time column \"{Quote(names[timeIndex])}\"), in windows of {o.Window} rows; give --window 0 to read it as a table"
            : "a table, one sample per row (no time column; give --window N to read it as a time series)";
        return new CsvData(features.Select(i => names[i]).ToArray(), values.ToArray(), rows, labels, classNames,
            timeIndex >= 0 ? names[timeIndex] : null, ignored.Select(i => names[i]).ToArray(), series, decision);
    }

    /// <summary>
    /// Labels as numbers: integer labels stay as they are when 0 is normal; otherwise the normal label is 0 and the
    /// others follow the model's class names, then the new ones sorted.
    /// </summary>
    private static (int[] Labels, string[]? ClassNames) Labels(string path, string column, List<string> raw, DataOptions o)
    {
        var distinct = raw.Distinct(StringComparer.Ordinal).ToList();
        bool integers = raw.All(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        string? normal = o.NormalLabel;
        if (integers && (normal is null || normal == "0") && o.ClassNames is null)
            return (raw.Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray(), null);
        normal ??= o.ClassNames?[0] ?? distinct.FirstOrDefault(l => l.Equals("normal", StringComparison.OrdinalIgnoreCase))
            ?? throw new DataException($"{path}: the labels in column \"{Quote(column)}\" are text ({string.Join(", ", distinct.Take(8).Select(Quote))}{(distinct.Count > 8 ? ", …" : "")}); say which one is normal with --normal-label NAME.");
        var names = new List<string> { normal };
        foreach (var known in o.ClassNames ?? []) if (!names.Contains(known)) names.Add(known);
        foreach (var l in distinct.Where(l => !names.Contains(l)).Order(StringComparer.Ordinal)) names.Add(l);
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        return (raw.Select(l => index[l]).ToArray(), names.ToArray());
    }

    /// <summary>The file as samples: a table, or sliding windows of rows (see <see cref="ReadTable"/> for which).</summary>
    public static Dataset Load(string path, DataOptions o) => Load(path, o, out _);

    public static Dataset Load(string path, DataOptions o, out string decision)
    {
        var csv = ReadTable(path, o);
        decision = csv.Decision;
        string name = Path.GetFileName(path);
        int columns = csv.Features.Length;
        if (!csv.Series)
            return new Dataset(name, csv.Values, csv.Rows, columns, csv.Labels, DataLayout.Tabular, columns, 0, csv.Features, csv.ClassNames) { TimeColumn = csv.TimeColumn };
        int window = o.Window;
        if (o.Hop <= 0) throw new DataException($"--hop must be positive (got {o.Hop}).");
        if (csv.Rows < window) throw new DataException($"{path}: {csv.Rows} rows are fewer than one window of {window}; lower --window.");
        var truth = csv.Labels ?? new int[csv.Rows];
        var (windows, windowLabels, count) = MotorSignalGenerator.Cut(csv.Values, truth, columns, window, o.Hop);
        return new Dataset(name, windows, count, window * columns, csv.Labels is null ? null : windowLabels,
            DataLayout.TimeWindow, columns, window, csv.Features, csv.ClassNames) { TimeColumn = csv.TimeColumn };
    }

    /// <summary>
    /// A cell or column name as an error message shows it: control characters escaped and at most 24 characters, so a
    /// file that is not a data table (a path a model file named, say) is identified without being echoed.
    /// </summary>
    internal static string Quote(string text)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char ch in text.Length > 24 ? text[..24] : text)
            sb.Append(char.IsControl(ch) ? $"\\u{(int)ch:x4}" : ch.ToString());
        return text.Length > 24 ? sb + "…" : sb.ToString();
    }
}
