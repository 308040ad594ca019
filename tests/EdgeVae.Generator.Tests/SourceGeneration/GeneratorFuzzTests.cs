using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Tests.Shared;

namespace EdgeVae.Generator.Tests.SourceGeneration;

/// <summary>Mutated model files through the generator: diagnostics, never an exception out of the generator.</summary>
public class GeneratorFuzzTests
{
    [Fact]
    public void The_generator_survives_mutated_files()
    {
        string valid = ModelFileWriter.Write(SmallModels.Small());
        var rng = new Random(777);
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.ModelSource());
        for (int i = 0; i < 300; i++)
        {
            var driver = GeneratorHarness.Driver([new InMemoryAdditionalText("model.evae", Mutations.Mutate(valid, rng))]).RunGenerators(compilation);
            var result = driver.GetRunResult().Results[0];
            Assert.Null(result.Exception);
        }
    }
}
