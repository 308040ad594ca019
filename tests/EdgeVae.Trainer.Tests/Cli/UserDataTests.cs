using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeVae.Trainer.Tests.Cli;

/// <summary>
/// A user's own CSV files through every command: a table with an id column and text labels, a separate test file,
/// a time series with a timestamp column, and files that do not fit the model. The model remembers how its data
/// is read, every later command reads it so, and what does not fit is refused with what differs.
/// </summary>
[Collection("console")]
public class UserDataTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    /// <summary>Rows of 6 correlated features; "leak" shifts one, "clog" flips one and shifts another.</summary>
    internal static string Table(string path, int seed, params (string Kind, int Count)[] parts)
    {
        var rng = new Random(seed);
        double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var sb = new StringBuilder("id,x1,x2,x3,x4,x5,x6,status\n");
        int k = 0;
        foreach (var (kind, count) in parts)
            for (int i = 0; i < count; i++)
            {
                double a = G(), b = G();
                double[] x = [a, b, a + b, a - b, 0.5 * a, 0.1 * G()];
                if (kind == "leak") x[2] += 4;
                if (kind == "clog") { x[3] = -x[3] + 3; x[4] += 2; }
                sb.Append(CultureInfo.InvariantCulture, $"r{++k:D4},").Append(string.Join(',', x.Select(v => v.ToString("F5", CultureInfo.InvariantCulture)))).Append(',').Append(kind).Append('\n');
            }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void A_table_with_an_id_column_and_text_labels_goes_through_every_command_and_a_separate_test_file_is_scored_whole()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        string train = Table(Path.Combine(dir, "train.csv"), 1, ("normal", 1500), ("leak", 40), ("clog", 40));
        string test = Table(Path.Combine(dir, "test.csv"), 2, ("normal", 300), ("leak", 60), ("clog", 60));
        string model = Path.Combine(dir, "m.evae");

        // Text labels need to be told which is normal when none is called "normal"; here one is.
        var t = Run("train", "--data", "csv:" + train, "--label-column", "status", "--ignore-columns", "id", "--hidden", "16", "--latent", "3", "--epochs", "15", "--seed", "3", "-o", model);
        Assert.True(t.Code == 0, t.Err);
        Assert.Contains("a table, one sample per row (no time column", t.Out + t.Err);
        // The data contract: in the model file's data object, beside the layout the generator reads.
        var data = JsonNode.Parse(File.ReadAllText(model))!["data"]!;
        var csv = data["source"]!;
        Assert.Equal("csv", csv["kind"]!.GetValue<string>());
        Assert.Equal(["x1", "x2", "x3", "x4", "x5", "x6"], csv["columns"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["id"], csv["ignored_columns"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("status", csv["label_column"]!.GetValue<string>());
        Assert.Equal(["normal", "clog", "leak"], csv["class_names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(0, data["window"]!.GetValue<int>());
        Assert.Null(JsonNode.Parse(File.ReadAllText(model))!["training"]!["csv"]);

        var info = Run("info", model);
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains("6 features", info.Out);
        Assert.Contains("data            csv; columns x1, x2, x3, x4, x5, x6; ignoring id; label column status, normal label normal, others clog, leak", info.Out);
        Assert.Equal(0, Run("calibrate", model, "--precision", "int8").Code);

        // A separate test file: all 420 of its rows are test data, read by the model's contract (id ignored, status the label).
        var eval = Run("eval", model, "--data", "csv:" + test, "--json");
        Assert.True(eval.Code == 0, eval.Err);
        var metrics = JsonNode.Parse(eval.Out)!;
        Assert.Equal(420, metrics["n"]!.GetValue<int>());
        Assert.True(metrics["auroc"]!.GetValue<double>() > 0.9, eval.Out);
        Assert.Equal(1.0, metrics["recall_by_label"]!["clog"]!.GetValue<double>());
        Assert.NotNull(metrics["recall_by_label"]!["leak"]);
        var int8 = JsonNode.Parse(Run("eval", model, "--data", "csv:" + test, "--json", "--precision", "int8").Out)!;
        Assert.True(Math.Abs(int8["auroc"]!.GetValue<double>() - metrics["auroc"]!.GetValue<double>()) < 0.02);

        string scores = Path.Combine(dir, "scores.csv");
        Assert.Equal(0, Run("score", model, "--data", "csv:" + test, "--split", "all", "-o", scores).Code);
        Assert.Equal(421, File.ReadAllLines(scores).Length);
        Assert.Equal(0, Run("emit", model, "-o", Path.Combine(dir, "m.cs")).Code);
    }

    [Fact]
    public void A_model_written_by_0_2_0_with_its_csv_contract_in_the_training_record_still_reads_its_files_by_it()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        string train = Table(Path.Combine(dir, "train.csv"), 1, ("normal", 400), ("leak", 20));
        string model = Path.Combine(dir, "m.evae");
        Assert.Equal(0, Run("train", "--data", "csv:" + train, "--label-column", "status", "--ignore-columns", "id", "--hidden", "8", "--latent", "2", "--epochs", "2", "-o", model).Code);
        var expected = JsonNode.Parse(Run("eval", model, "--json").Out)!;
        // As 0.2.0 wrote it: no data.source, the contract in training.csv.
        var json = JsonNode.Parse(File.ReadAllText(model))!.AsObject();
        var source = json["data"]!["source"]!;
        json["data"]!.AsObject().Remove("source");
        json["training"]!["csv"] = new JsonObject
        {
            ["columns"] = source["columns"]!.DeepClone(), ["window"] = 0, ["hop"] = 32, ["label_column"] = "status",
            ["ignore_columns"] = source["ignored_columns"]!.DeepClone(), ["class_names"] = source["class_names"]!.DeepClone(),
        };
        json.Remove("checksum");
        string old = Path.Combine(dir, "old.evae");
        File.WriteAllText(old, json.ToJsonString());
        Assert.Equal(0, Run("seal", old).Code);
        var actual = JsonNode.Parse(Run("eval", old, "--json").Out)!;
        Assert.Equal(expected["n"]!.GetValue<int>(), actual["n"]!.GetValue<int>());
        Assert.Equal(expected["auroc"]!.GetValue<double>(), actual["auroc"]!.GetValue<double>());
    }

    [Fact]
    public void Separate_validation_and_test_files_are_used_whole_and_remembered_and_a_stratified_split_keeps_every_label()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        string train = Table(Path.Combine(dir, "train.csv"), 1, ("normal", 600), ("leak", 30), ("clog", 30));
        string validation = Table(Path.Combine(dir, "validation.csv"), 5, ("normal", 150));
        string test = Table(Path.Combine(dir, "test.csv"), 2, ("normal", 200), ("leak", 40), ("clog", 40));
        string model = Path.Combine(dir, "m.evae");
        var t = Run("train", "--data", "csv:" + train, "--validation", "csv:" + validation, "--test", "csv:" + test, "--label-column", "status",
            "--ignore-columns", "id", "--hidden", "8", "--latent", "2", "--epochs", "2", "-o", model);
        Assert.True(t.Code == 0, t.Err);
        Assert.Contains("600 train / 150 validation / 280 test; validation file validation.csv, test file test.csv", t.Out + t.Err);
        // eval with no --data: the model's own data, its test file whole.
        var metrics = JsonNode.Parse(Run("eval", model, "--json").Out)!;
        Assert.Equal(280, metrics["n"]!.GetValue<int>());

        // One file whose faults sit together in the middle: in file order they miss the test part (and it says so);
        // stratified, every label is in it.
        var sb = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 300; i++) sb.Append(CultureInfo.InvariantCulture, $"{Math.Sin(i):F4},{Math.Cos(i):F4},{(i is >= 100 and < 130 ? "bad" : "normal")}\n");
        string grouped = Path.Combine(dir, "grouped.csv");
        File.WriteAllText(grouped, sb.ToString());
        var inOrder = Run("train", "--data", "csv:" + grouped, "--label-column", "kind", "--split-order", "time", "--hidden", "4", "--latent", "1", "--epochs", "1", "-o", Path.Combine(dir, "g1.evae"));
        Assert.Contains("label bad is in the data but not in its test part", inOrder.Err);
        var stratified = Run("train", "--data", "csv:" + grouped, "--label-column", "kind", "--split-order", "stratified", "--hidden", "4", "--latent", "1", "--epochs", "1", "-o", Path.Combine(dir, "g2.evae"));
        Assert.True(stratified.Code == 0, stratified.Err);
        Assert.DoesNotContain("not in its test part", stratified.Err);
        var g2 = JsonNode.Parse(Run("eval", Path.Combine(dir, "g2.evae"), "--json").Out)!;
        Assert.InRange(g2["n"]!.GetValue<int>(), 40, 50); // about 15 % of the 270 normal and of the 30 bad
        Assert.NotNull(g2["recall_by_label"]!["bad"]);

        var badSplit = Run("train", "--data", "csv:" + grouped, "--label-column", "kind", "--split-ratio", "70,20,20", "-o", Path.Combine(dir, "g3.evae"));
        Assert.NotEqual(0, badSplit.Code);
        Assert.Contains("they add up to 100", badSplit.Err);
    }

    /// <summary>nanoFramework users build on Windows: CSV and model files with CR LF line endings read as the same data and the same model.</summary>
    [Fact]
    public void Files_with_windows_line_endings_read_the_same()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        string train = Table(Path.Combine(dir, "train.csv"), 1, ("normal", 400), ("leak", 20));
        string model = Path.Combine(dir, "m.evae");
        Assert.Equal(0, Run("train", "--data", "csv:" + train, "--label-column", "status", "--ignore-columns", "id", "--hidden", "8", "--latent", "2", "--epochs", "2", "-o", model).Code);
        string lfData = Path.Combine(dir, "copy-lf.csv"), crlfData = Path.Combine(dir, "copy-crlf.csv"), crlfModel = Path.Combine(dir, "m-crlf.evae");
        File.Copy(train, lfData);
        File.WriteAllText(crlfData, File.ReadAllText(train).Replace("\n", "\r\n"));
        File.WriteAllText(crlfModel, File.ReadAllText(model).Replace("\n", "\r\n"));
        var lf = JsonNode.Parse(Run("eval", model, "--data", "csv:" + lfData, "--json").Out)!;
        var crlf = Run("eval", crlfModel, "--data", "csv:" + crlfData, "--json");
        Assert.True(crlf.Code == 0, crlf.Err);
        var c = JsonNode.Parse(crlf.Out)!;
        Assert.Equal(lf["mse"]!.GetValue<double>(), c["mse"]!.GetValue<double>());
        Assert.Equal(lf["n"]!.GetValue<int>(), c["n"]!.GetValue<int>());
        Assert.Equal(0, Run("emit", crlfModel, "-o", Path.Combine(dir, "m.cs")).Code);
    }

    [Fact]
    public void Files_that_do_not_fit_the_model_are_refused_with_what_differs()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        string train = Table(Path.Combine(dir, "train.csv"), 1, ("normal", 400));
        string model = Path.Combine(dir, "m.evae");
        Assert.Equal(0, Run("train", "--data", "csv:" + train, "--label-column", "status", "--ignore-columns", "id", "--hidden", "8", "--latent", "2", "--epochs", "1", "-o", model).Code);

        string missing = Path.Combine(dir, "missing.csv");
        File.WriteAllText(missing, "id,x1,x2,x4,x5,x6,status\nq,1,2,3,4,5,normal\n");
        var m = Run("eval", model, "--data", "csv:" + missing);
        Assert.NotEqual(0, m.Code);
        Assert.Contains("no column \"x3\"", m.Err);

        string extra = Path.Combine(dir, "extra.csv");
        File.WriteAllText(extra, "id,x1,x2,x3,x4,x5,x6,pressure,status\nq,1,2,3,4,5,6,7,normal\n");
        var e = Run("eval", model, "--data", "csv:" + extra);
        Assert.NotEqual(0, e.Code);
        Assert.Contains("column pressure is not among the features", e.Err);
        Assert.Contains("--ignore-columns", e.Err);

        // A text column that is neither ignored nor the label, and text labels with no normal one.
        var text = Run("train", "--data", "csv:" + train, "--label-column", "status", "-o", Path.Combine(dir, "t.evae"));
        Assert.NotEqual(0, text.Code);
        Assert.Contains("\"r0001\" in column \"id\" is not a number", text.Err);
        Assert.Contains("--ignore-columns id", text.Err);
        string odd = Path.Combine(dir, "odd.csv");
        File.WriteAllText(odd, "a,b,kind\n1,2,good\n3,4,bad\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{i + 1},good\n")));
        var labels = Run("train", "--data", "csv:" + odd, "--label-column", "kind", "-o", Path.Combine(dir, "o.evae"));
        Assert.NotEqual(0, labels.Code);
        Assert.Contains("--normal-label", labels.Err);
        Assert.Equal(0, Run("train", "--data", "csv:" + odd, "--label-column", "kind", "--normal-label", "good", "--hidden", "4", "--latent", "1", "--epochs", "1", "-o", Path.Combine(dir, "o.evae")).Code);
    }

    [Fact]
    public void A_csv_with_a_timestamp_column_is_a_time_series_and_a_label_missing_from_the_test_part_is_warned_about()
    {
        string dir = Path.GetDirectoryName(TestData.TempPath("x"))!;
        var sb = new StringBuilder("timestamp,a,b,fault\n");
        for (int t = 0; t < 1600; t++)
            sb.Append(CultureInfo.InvariantCulture, $"2026-01-01T{t / 3600:D2}:{t / 60 % 60:D2}:{t % 60:D2},{Math.Sin(t * 0.2):F4},{Math.Cos(t * 0.2):F4},{(t is >= 1200 and < 1260 ? 1 : 0)}\n");
        string series = Path.Combine(dir, "series.csv");
        Directory.CreateDirectory(dir);
        File.WriteAllText(series, sb.ToString());
        string model = Path.Combine(dir, "s.evae");
        var t1 = Run("train", "--data", "csv:" + series, "--label-column", "fault", "--hidden", "8", "--latent", "2", "--epochs", "1", "--hop", "16", "-o", model);
        Assert.True(t1.Code == 0, t1.Err);
        Assert.Contains("a time series (time column \"timestamp\"), in windows of 64 rows", t1.Out + t1.Err);
        Assert.Contains("label 1 is in the data but not in its test part", t1.Err);
        var data = JsonNode.Parse(File.ReadAllText(model))!;
        Assert.Equal(["a", "b"], data["data"]!["source"]!["columns"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("timestamp", data["data"]!["source"]!["time_column"]!.GetValue<string>());
        Assert.Contains("128 features", Run("info", model).Out); // 64 steps × 2 channels
        Assert.Equal(0, Run("eval", model).Code); // the model's own contract: the timestamp is not a feature
    }
}
