using System.CommandLine;
using System.Globalization;
using EdgeVae.Compiler.Model;
using EdgeVae.Numerics.Random;
using EdgeVae.Numerics.Tensors;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary><c>edgevae sample</c>: draw z ~ N(0, I) and decode (VAE), or interpolate between two encoded samples.</summary>
public static class SampleCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A VAE model file (.evae); interpolation works for every kind." };
        var count = new Option<int>("--count", "-n") { Description = "Samples to draw.", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seed for z.", DefaultValueFactory = _ => 1UL };
        var interpolate = new Option<string?>("--interpolate") { Description = "Decode the straight line between the codes of test samples A and B (\"A,B\") in --count steps instead of sampling." };
        var data = new DataArguments();
        var output = new Option<string?>("--out", "-o") { Description = "CSV file to write, one decoded sample per row in data units (default: standard output; no file is written that you did not name)." };
        var command = new Command("sample", "Generate from a VAE (z ~ N(0, I) → decoder), or interpolate in latent space; writes CSV in data units.");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { count, seed, interpolate, output }) command.Options.Add(o);
        data.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var m = ModelImporter.Load(r.GetValue(model)!);
            var net = ModelImporter.Build<float>(m);
            int n = r.GetValue(count);
            if (n <= 0) throw new ArgumentException("--count must be positive.");
            var z = Tensor<float>.Zeros(n, m.LatentSize);
            if (r.GetValue(interpolate) is { } pair)
            {
                var ends = pair.Split(',').Select(s => int.TryParse(s, out int i) ? i : -1).ToArray();
                var (spec, options) = data.ReadForModel(r, m);
                var test = DataSources.Load(spec, options).Test;
                test = DataArguments.Fits(m, test, spec);
                if (ends.Length != 2 || ends.Any(i => i < 0 || i >= test.Count)) throw new ArgumentException($"--interpolate \"{pair}\": give two test-sample indices in [0, {test.Count}), e.g. 0,5.");
                var x = Normalizer.Apply(m.Normalization, test.Subset(ends));
                var codes = net.Encode(Tensor<float>.FromArray(2, m.FeatureSize, x)).Clone();
                for (int s = 0; s < n; s++)
                {
                    float t = n == 1 ? 0 : (float)s / (n - 1);
                    for (int j = 0; j < m.LatentSize; j++) z[s, j] = (1 - t) * codes[0, j] + t * codes[1, j];
                }
            }
            else
            {
                if (m.Kind != ModelKind.Variational) throw new ArgumentException("Sampling z ~ N(0, I) needs a VAE; use --interpolate A,B for other models.");
                new Prng(r.GetValue(seed)).FillGaussian<float>(z.Span);
            }
            var decoded = Tensor<float>.Zeros(0, 0);
            net.Decode(z, decoded);
            var offset = m.Normalization.Offset.AsArray();
            var scale = m.Normalization.Scale.AsArray();
            var sb = new System.Text.StringBuilder();
            sb.AppendLine(string.Join(',', Enumerable.Range(0, m.FeatureSize).Select(i => $"f{i}")));
            for (int s = 0; s < n; s++)
                sb.AppendLine(string.Join(',', Enumerable.Range(0, m.FeatureSize).Select(i => (decoded[s, i] / scale[i] + offset[i]).ToString("G7", CultureInfo.InvariantCulture))));
            if (r.GetValue(output) is not string path)
            {
                Console.Write(sb.ToString());
                return 0;
            }
            AtomicFile.WriteAllText(path, sb.ToString());
            Console.WriteLine($"wrote {n} samples of {m.FeatureSize} features to {path}");
            return 0;
        }));
        return command;
    }
}
