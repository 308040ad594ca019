namespace EdgeVae.Trainer.Tests.Cli;

/// <summary><c>edgevae export --onnx</c> and <c>edgevae import FILE.onnx</c> from the command line.</summary>
[Collection("console")]
public class OnnxCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Export_then_import_gives_the_same_model_file_byte_for_byte_thresholds_and_data_contract_included()
    {
        string model = TestData.TempPath("rt.evae"), onnx = TestData.TempPath("rt.onnx"), back = TestData.TempPath("rt.back.evae");
        Assert.Equal(0, Run("train", "--data", "builtin:motor", "--train-limit", "256", "--encoder", "conv:4:5:2,dense:8", "--latent", "4", "--epochs", "1", "--seed", "2", "-o", model).Code);
        var export = Run("export", model, "--onnx", "-o", onnx);
        Assert.True(export.Code == 0, export.Err);
        Assert.Contains("ONNX opset 13", export.Out);
        var import = Run("import", onnx, "-o", back);
        Assert.True(import.Code == 0, import.Err);
        Assert.Equal(File.ReadAllBytes(model), File.ReadAllBytes(back));
        Assert.Contains("\"threshold", File.ReadAllText(back));
    }

    [Fact]
    public void A_damaged_file_is_refused_with_its_name_and_nothing_is_written()
    {
        string onnx = TestData.TempPath("cut.onnx"), output = TestData.TempPath("cut.evae");
        var bytes = File.ReadAllBytes(Path.Combine(Root(), "tests", "Fixtures", "onnx", "dense_gemm_norm.onnx"));
        Directory.CreateDirectory(Path.GetDirectoryName(onnx)!);
        File.WriteAllBytes(onnx, bytes[..(bytes.Length / 2)]);
        var r = Run("import", onnx, "-o", output);
        Assert.NotEqual(0, r.Code);
        Assert.Contains(onnx, r.Err);
        Assert.Contains("not a readable ONNX model", r.Err);
        Assert.False(File.Exists(output));
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }
}
