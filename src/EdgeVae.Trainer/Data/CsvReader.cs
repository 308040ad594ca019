using System.Globalization;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// Numeric CSV with a header row. Every column is a feature except an optional label column (integers,
/// 0 = normal). With a window, rows are time steps and samples are sliding windows over them.
/// </summary>
public static class CsvReader
{
    /// <summary>Reads the table: column names, values row-major, and labels (or null).</summary>
    public static (string[] Columns, float[] Values, int Rows, int[]? Labels) ReadTable(string path, string? labelColumn)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: no such CSV file.");
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (header is null) throw new DataException($"{path}: the file is empty; a header row naming the columns is required.");
        char sep = header.Contains(';') && !header.Contains(',') ? ';' : ',';
        string[] names = header.Split(sep).Select(h => h.Trim().Trim('"')).ToArray();
        int labelIndex = -1;
        if (labelColumn is not null)
        {
            labelIndex = Array.IndexOf(names, labelColumn);
            if (labelIndex < 0) throw new DataException($"{path}: no column \"{Quote(labelColumn)}\" for labels; the header has {string.Join(", ", names.Take(20).Select(Quote))}{(names.Length > 20 ? ", …" : "")}.");
        }
        var featureNames = names.Where((_, i) => i != labelIndex).ToArray();
        if (featureNames.Length == 0) throw new DataException($"{path}: no feature columns.");
        var values = new List<float>();
        var labels = labelIndex >= 0 ? new List<int>() : null;
        int line = 1, rows = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0) continue;
            string[] cells = text.Split(sep);
            if (cells.Length != names.Length)
                throw new DataException($"{path}:{line}: {cells.Length} cells, but the header has {names.Length} columns.");
            for (int c = 0; c < cells.Length; c++)
            {
                string cell = cells[c].Trim().Trim('"');
                if (c == labelIndex)
                {
                    if (!int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < 0)
                        throw new DataException($"{path}:{line}: label \"{Quote(cell)}\" in column \"{Quote(names[c])}\" is not a non-negative integer (0 = normal).");
                    labels!.Add(label);
                    continue;
                }
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw new DataException($"{path}:{line}: \"{Quote(cell)}\" in column \"{Quote(names[c])}\" is not a number.");
                if (!float.IsFinite(v))
                    throw new DataException($"{path}:{line}: column \"{Quote(names[c])}\" holds {Quote(cell)}; remove or impute non-finite values before training.");
                values.Add(v);
            }
            rows++;
        }
        if (rows == 0) throw new DataException($"{path}: a header but no data rows.");
        return (featureNames, values.ToArray(), rows, labels?.ToArray());
    }

    /// <summary>The table as samples: one per row, or sliding windows of <paramref name="window"/> rows every <paramref name="hop"/>.</summary>
    public static Dataset Load(string path, string? labelColumn, int window, int hop)
    {
        var (columns, values, rows, labels) = ReadTable(path, labelColumn);
        string name = Path.GetFileName(path);
        if (window <= 0)
            return new Dataset(name, values, rows, columns.Length, labels, DataLayout.Tabular, columns.Length, 0, columns);
        if (hop <= 0) throw new DataException($"--hop must be positive (got {hop}).");
        if (rows < window) throw new DataException($"{path}: {rows} rows are fewer than one window of {window}; lower --window.");
        var truth = labels ?? new int[rows];
        var (windows, windowLabels, count) = MotorSignalGenerator.Cut(values, truth, columns.Length, window, hop);
        return new Dataset(name, windows, count, window * columns.Length, labels is null ? null : windowLabels,
            DataLayout.TimeWindow, columns.Length, window, columns);
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
