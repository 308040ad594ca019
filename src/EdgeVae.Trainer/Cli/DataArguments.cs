using System.CommandLine;
using EdgeVae.Compiler.Model;
using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.Cli;

/// <summary>The data options shared by train, eval, calibrate and report.</summary>
public sealed class DataArguments
{
    public Option<string?> Data { get; } = new("--data") { Description = $"Data source: {DataSources.Help}. Eval, calibrate and report default to the model's training data." };
    public Option<int> Window { get; } = new("--window") { Description = "Time steps per window for time series (CSV, builtin:motor).", DefaultValueFactory = _ => 64 };
    public Option<int> Hop { get; } = new("--hop") { Description = "Steps between consecutive windows.", DefaultValueFactory = _ => 32 };
    public Option<string?> LabelColumn { get; } = new("--label-column") { Description = "CSV column with the labels: numbers (0 = normal) or names (--normal-label says which is normal; \"normal\" by default)." };
    public Option<string?> Columns { get; } = new("--columns") { Description = "CSV: the feature columns, comma-separated, in this order (default: every column that is not the label, the time or ignored)." };
    public Option<string?> IgnoreColumns { get; } = new("--ignore-columns") { Description = "CSV: columns to leave out, comma-separated (ids, text, anything that is not a measurement)." };
    public Option<string?> TimeColumn { get; } = new("--time-column") { Description = "CSV: the time column (default: one named time, timestamp, datetime, date, t or ts). Never a feature; it makes the file a time series." };
    public Option<string?> NormalLabel { get; } = new("--normal-label") { Description = "CSV: the label value that means normal (default 0 for numbers, \"normal\" for names)." };
    public Option<string?> Validation { get; } = new("--validation") { Description = "A separate validation file (same scheme as --data, e.g. csv:val.csv): normal samples for early stopping and calibration." };
    public Option<string?> Test { get; } = new("--test") { Description = "A separate test file (e.g. csv:test.csv), evaluated whole; the rest of --data is split into train and validation." };
    public Option<string?> Split { get; } = new("--split-ratio") { Description = "Train, validation and test percentages of one file, e.g. 70,15,15 (the default)." };
    public Option<string?> SplitOrder { get; } = new("--split-order") { Description = "time (in file order; the default for time series), random (the default for tables) or stratified (every label in proportion in each part)." };
    public Option<string?> Labels { get; } = new("--labels") { Description = ".npy file with one integer label per sample, for npy: data." };
    public Option<int?> NormalClass { get; } = new("--normal-class") { Description = "One-class training: train on class K only; every other class is an anomaly at evaluation." };
    public Option<int?> TrainLimit { get; } = new("--train-limit") { Description = "Use at most N training samples (quick runs)." };
    public Option<int?> TestLimit { get; } = new("--test-limit") { Description = "Use at most N test samples." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Data, Window, Hop, LabelColumn, Columns, IgnoreColumns, TimeColumn, NormalLabel, Validation, Test, Split, SplitOrder, Labels, NormalClass, TrainLimit, TestLimit }) command.Options.Add(o);
    }

    public DataOptions Read(ParseResult r) => new()
    {
        Window = r.GetValue(Window),
        WindowChosen = r.WasGiven(Window),
        Columns = List(r.GetValue(Columns)),
        IgnoreColumns = List(r.GetValue(IgnoreColumns)),
        TimeColumn = r.GetValue(TimeColumn),
        NormalLabel = r.GetValue(NormalLabel),
        ValidationSpec = r.GetValue(Validation),
        TestSpec = r.GetValue(Test),
        Split = Shares(r.GetValue(Split)),
        SplitOrder = r.GetValue(SplitOrder),
        Hop = r.GetValue(Hop),
        LabelColumn = r.GetValue(LabelColumn),
        LabelsPath = r.GetValue(Labels),
        NormalClass = r.GetValue(NormalClass),
        TrainLimit = r.GetValue(TrainLimit),
        TestLimit = r.GetValue(TestLimit),
    };

    /// <summary>
    /// <paramref name="data"/> checked against the model's inputs: the same number of features, channels and steps per
    /// window, and (where both name them) the same channels in the same order. Data that does not fit is refused with
    /// what differs, before any number is computed from it. Returns what the model's network takes: the data, or the
    /// features its front-end computes from it (as a device does, in fixed point).
    /// </summary>
    public static Dataset Fits(Compiler.Model.ModelDescription model, Dataset data, string spec)
    {
        var d = model.Data;
        string expected = d.Window > 0 ? $"{model.InputSize} features ({d.Window} steps × {d.Channels} channels)" : $"{model.InputSize} features";
        string given = data.Window > 0 ? $"{data.Width} features ({data.Window} steps × {data.Channels} channels)" : $"{data.Width} features";
        if (data.Width != model.InputSize || (d.Window > 0 && data.Window > 0 && (data.Window != d.Window || data.Channels != d.Channels)))
            throw new DataException($"{spec}: its samples have {given}; the model {model.Name} takes {expected}. Give data made like the model's training data ({ModelFiles.ModelImporter.TrainingText(model, "data") ?? "see edgevae info"}).");
        if (d.ChannelNames.Count > 0 && data.ChannelNames.Length == d.ChannelNames.Count && data.Window > 0)
        {
            for (int c = 0; c < d.ChannelNames.Count; c++)
                if (!string.Equals(d.ChannelNames[c], data.ChannelNames[c], StringComparison.Ordinal))
                    throw new DataException($"{spec}: channel {c + 1} is \"{data.ChannelNames[c]}\", the model {model.Name} was trained with \"{d.ChannelNames[c]}\" there (channels: {string.Join(", ", d.ChannelNames)}). Reorder or rename the columns.");
        }
        return FrontEnd.ModelFeatures.Of(model, data);
    }

    private static double[]? Shares(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
                throw new ArgumentException($"--split-ratio {text}: give three percentages, e.g. 70,15,15.");
        return values.Select(v => v / 100).ToArray();
    }

    private static string[]? List(string? text) => text is null ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    /// <summary>The data options, falling back to what the model was trained on where the user gave none.</summary>
    public (string Spec, DataOptions Options) ReadForModel(ParseResult r, Compiler.Model.ModelDescription model)
    {
        var training = ModelFiles.ModelImporter.Training(model);
        var options = Read(r);
        string? spec = r.GetValue(Data);
        if (spec is null)
        {
            spec = ModelFiles.ModelImporter.TrainingText(model, "data") ?? throw new ArgumentException("The model does not say what data it was trained on; give --data.");
            // The data a model file names is read only after saying so: the file may come from someone else.
            Console.Error.WriteLine($"data: {Printable(spec)}, as the model file's training record names it (give --data to use other data)");
        }
        if (!r.WasGiven(Window) && model.Data.Window > 0) options = options with { Window = model.Data.Window, WindowChosen = true };
        if (spec.StartsWith("csv:", StringComparison.Ordinal) && CsvContract(model, training) is { } csv)
        {
            // The model's CSV contract, where the command does not say otherwise.
            static string[]? Names(EquatableArray<string> n) => n.Count > 0 ? n.AsArray() : null;
            if (!r.WasGiven(Window)) options = options with { Window = model.Data.Window, WindowChosen = true };
            if (!r.WasGiven(Columns)) options = options with { Columns = Names(csv.Columns) };
            if (!r.WasGiven(IgnoreColumns) && options.IgnoreColumns is null) options = options with { IgnoreColumns = Names(csv.IgnoredColumns) };
            if (!r.WasGiven(LabelColumn) && csv.LabelColumn.Length > 0) options = options with { LabelColumn = csv.LabelColumn };
            if (!r.WasGiven(TimeColumn) && csv.TimeColumn.Length > 0) options = options with { TimeColumn = csv.TimeColumn };
            if (Names(csv.ClassNames) is { } classes) options = options with { ClassNames = classes };
        }
        if (r.GetValue(Data) is null)
        {
            // The model's own data: its separate validation and test files too.
            if (!r.WasGiven(Test) && training["test_data"] is { } test) options = options with { TestSpec = test.GetValue<string>() };
            if (!r.WasGiven(Validation) && training["validation_data"] is { } val) options = options with { ValidationSpec = val.GetValue<string>() };
        }
        if (!r.WasGiven(Hop) && model.Data.Hop > 0) options = options with { Hop = model.Data.Hop };
        if (!r.WasGiven(NormalClass) && training["normal_class"] is { } k) options = options with { NormalClass = k.GetValue<int>() };
        return (spec, options);
    }

    /// <summary>
    /// The CSV contract of the model's data: its data contract's source, or for a file written by edgevae 0.2.0 (which
    /// kept it in the training record's "csv" object) that.
    /// </summary>
    private static SourceContract? CsvContract(ModelDescription model, System.Text.Json.Nodes.JsonObject training)
    {
        if (model.Data.Source is { Kind: "csv" } source) return source;
        if (training["csv"] is not System.Text.Json.Nodes.JsonObject csv) return null;
        static EquatableArray<string> Names(System.Text.Json.Nodes.JsonNode? n) =>
            n is System.Text.Json.Nodes.JsonArray a ? new(a.Select(v => v!.GetValue<string>()).ToArray()) : EquatableArray<string>.Empty;
        return new SourceContract("csv", Names(csv["columns"]), Names(csv["ignore_columns"]), csv["label_column"]?.GetValue<string>() ?? "",
            csv["time_column"]?.GetValue<string>() ?? "", Names(csv["class_names"]));
    }
}
