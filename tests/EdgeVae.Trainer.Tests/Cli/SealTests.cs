using EdgeVae.Trainer.Cli;

namespace EdgeVae.Trainer.Tests.Cli;

/// <summary>A model file edited by hand: refused by every command until <c>edgevae seal</c> re-seals it.</summary>
[Collection("console")]
public class SealTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void An_edited_model_is_refused_with_its_path_until_sealed_and_a_broken_edit_is_not_sealed()
    {
        string model = TestData.TempPath("m.evae");
        Assert.Equal(0, Run("train", "--data", "builtin:motor", "--train-limit", "256", "--hidden", "16", "--latent", "4", "--epochs", "1", "--seed", "2", "-o", model).Code);
        string text = File.ReadAllText(model);
        var threshold = System.Text.RegularExpressions.Regex.Match(text, "\"value\": ([0-9.eE+-]+)");
        File.WriteAllText(model, text.Replace(threshold.Value, "\"value\": 0.25"));

        foreach (var command in new[] { new[] { "info", model }, ["eval", model, "--json"], ["emit", model, "-o", model + ".cs"] })
        {
            var refused = Run(command);
            Assert.NotEqual(0, refused.Code);
            Assert.Contains(model, refused.Err);
            Assert.Contains("does not match its checksum", refused.Err);
            Assert.Contains("edgevae seal", refused.Err);
        }
        Assert.False(File.Exists(model + ".cs"));

        var seal = Run("seal", model);
        Assert.True(seal.Code == 0, seal.Err);
        Assert.Contains("sealed", seal.Out);
        var info = Run("info", model);
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains("0.25", info.Out);

        // An edit that breaks the content is not sealed, and the file is left as it was.
        string broken = File.ReadAllText(model).Replace("\"latent\": \"encoder.", "\"latent\": \"nowhere.");
        File.WriteAllText(model, broken);
        var refusedSeal = Run("seal", model);
        Assert.NotEqual(0, refusedSeal.Code);
        Assert.Contains("nothing was written", refusedSeal.Err);
        Assert.Equal(broken, File.ReadAllText(model));
    }
}
