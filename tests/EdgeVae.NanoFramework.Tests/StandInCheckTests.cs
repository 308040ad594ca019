using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Emitters.NanoFramework;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>Emitted nanoFramework code compiles against mscorlib 1.17 alone at C# 7.3 and passes the IL scan.</summary>
public class StandInCheckTests
{
    public static TheoryData<string> Sizes => ["small", "mid", "fashion", "conv", "conv-vae"];

    private static ModelDescription Model(string size) => size switch
    {
        "small" => NanoModels.Small,
        "mid" => NanoModels.Mid,
        "conv" => EdgeVae.EndToEnd.Tests.TrainedModels.Conv,
        "conv-vae" => EdgeVae.EndToEnd.Tests.TrainedModels.ConvVae,
        _ => NanoModels.FashionSize,
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Emitted_int8_code_compiles_against_the_real_mscorlib_alone_and_passes_the_il_scan(string size)
    {
        var model = Model(size);
        Assert.Empty(NanoFrameworkLimits.Violations(model, EmitPrecision.Int8));
        var (errors, image) = NanoFrameworkBuild.Compile(NanoModels.Emit(model));
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        var problems = NanoFrameworkBuild.Scan(image!);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Emitted_float32_code_compiles_but_the_limit_check_and_the_il_scan_agree_it_is_too_big()
    {
        // 37,000 float32 parameters are 150 KB of initializer data: the emitter's own check and the IL scan both say so.
        var (errors, image) = NanoFrameworkBuild.Compile(NanoModels.Emit(NanoModels.Mid, EmitPrecision.Float32));
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        Assert.Contains("signature-table limit", Assert.Single(NanoFrameworkLimits.Violations(NanoModels.Mid, EmitPrecision.Float32)));
        Assert.Contains(NanoFrameworkBuild.Scan(image!), p => p.Contains("bytes of initializer data in all (limit 65535)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_over_the_limits_is_rejected_naming_the_limit_its_size_and_the_fix()
    {
        var problems = NanoFrameworkLimits.Violations(NanoModels.TooLarge, EmitPrecision.Int8);
        var problem = Assert.Single(problems);
        Assert.Matches(@"need \d+ bytes of array-initializer data, over nanoFramework's 65535-byte signature-table limit; use fewer or narrower layers \(the largest layer has 50176 weights\)", problem);
        // int8 is the advice only for a model that is not int8 already.
        Assert.Contains("limit; use int8, fewer or narrower layers", Assert.Single(NanoFrameworkLimits.Violations(NanoModels.Mid, EmitPrecision.Float32)));
    }

    [Fact]
    public void The_cli_emits_nanoframework_code_or_explains_the_limit()
    {
        string dir = Path.Combine(Path.GetTempPath(), "edgevae-nano-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string ok = Path.Combine(dir, "small.evae"), big = Path.Combine(dir, "big.evae");
        File.WriteAllText(ok, Compiler.ModelFormat.ModelFileWriter.Write(NanoModels.Small));
        File.WriteAllText(big, Compiler.ModelFormat.ModelFileWriter.Write(NanoModels.TooLarge));
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var err = new StringWriter();
        Console.SetError(err);
        Console.SetOut(new StringWriter());
        try
        {
            string cs = Path.Combine(dir, "Motor.cs");
            Assert.Equal(0, Trainer.Cli.EdgeVaeCli.Invoke(["emit", ok, "--target", "nanoframework", "--class", "MotorModel", "--namespace", "Device.Models", "-o", cs]));
            Assert.Contains("public static partial class MotorModel", File.ReadAllText(cs));
            Assert.Equal(3, Trainer.Cli.EdgeVaeCli.Invoke(["emit", big, "--target", "nanoframework", "-o", Path.Combine(dir, "Big.cs")]));
            Assert.Contains("signature-table limit", err.ToString());
            Assert.False(File.Exists(Path.Combine(dir, "Big.cs")));
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
