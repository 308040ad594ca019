using System.Globalization;
using EdgeVae.Reference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeVae.Bench.Onnx;

/// <summary>
/// <c>onnx-import-check MODEL.onnx MODEL.evae INPUTS.f32</c>: ONNX Runtime runs the file PyTorch exported, EdgeVae's float
/// reference engine the model file <c>edgevae import</c> made of it, on the same inputs (raw float32, interleaved windows);
/// prints one JSON line with the norm-wise relative error of the reconstructions and the relative error of the scores
/// (mean squared error against the normalized input, which the graph outputs as <c>normalized</c>).
/// </summary>
internal static class OnnxImportCheck
{
    public static int Run(string[] args)
    {
        string onnx = args[0], evae = args[1], inputs = args[2];
        var engine = FloatReferenceEngine.Load(evae);
        int n = engine.InputLength, channels = engine.Channels, steps = engine.WindowLength;
        var bytes = File.ReadAllBytes(inputs);
        var all = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, all, 0, bytes.Length);
        int count = all.Length / n;
        using var session = new InferenceSession(onnx, new SessionOptions { IntraOpNumThreads = 1 });
        string inputName = session.InputMetadata.Keys.First();
        bool channelsFirst = session.InputMetadata[inputName].Dimensions.Length == 3;
        var x = new float[count * n];
        for (int s = 0; s < count; s++)
            for (int t = 0; t < steps; t++)
                for (int c = 0; c < channels; c++)
                    x[s * n + (channelsFirst ? c * steps + t : t * channels + c)] = all[s * n + t * channels + c];
        int[] shape = channelsFirst ? [count, channels, steps] : [count, n];
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(x, shape))]);
        float[] Output(string name) => results.First(r => r.Name == name).AsEnumerable<float>().ToArray();
        var reconstruction = Output("reconstruction");
        // PyTorch's exports here output their normalized input; EdgeVae's own export (the other direction) does not,
        // and there the model file's normalization is the graph's.
        var normalized = results.Any(r => r.Name == "normalized") ? Output("normalized") : Normalized(engine, x, count, n);
        double worstRecon = 0, sumRecon = 0, worstScore = 0;
        for (int s = 0; s < count; s++)
        {
            var mine = engine.ReconstructNormalized(all.AsSpan(s * n, n)).ToArray();
            float myScore = engine.Score(all.AsSpan(s * n, n), Span<float>.Empty);
            double diff = 0, norm = 0, score = 0;
            for (int t = 0; t < steps; t++)
                for (int c = 0; c < channels; c++)
                {
                    int at = s * n + (channelsFirst ? c * steps + t : t * channels + c);
                    double theirs = reconstruction[at], d = mine[t * channels + c] - theirs, e = theirs - normalized[at];
                    diff += d * d;
                    norm += theirs * theirs;
                    score += e * e;
                }
            score /= n;
            double rel = Math.Sqrt(diff / norm);
            worstRecon = Math.Max(worstRecon, rel);
            sumRecon += rel;
            worstScore = Math.Max(worstScore, Math.Abs(myScore - score) / score);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"model\": \"{Path.GetFileNameWithoutExtension(onnx)}\", \"inputs\": {count}, \"recon_rel_max\": {worstRecon:E2}, \"recon_rel_mean\": {sumRecon / count:E2}, \"score_rel_max\": {worstScore:E2}}}"));
        return 0;
    
    }

    private static float[] Normalized(FloatReferenceEngine engine, float[] x, int count, int n)
    {
        var offset = engine.Model.Normalization.Offset.AsArray();
        var scale = engine.Model.Normalization.Scale.AsArray();
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = (x[i] - offset[i % n]) * scale[i % n];
        return y;
    }
}
