using Microsoft.ML.OnnxRuntime;

namespace EdgeVae.Bench.Inference;

/// <summary>
/// ONNX Runtime scoring one window of a model exported by bench/inference/export_onnx.py: one thread, all graph
/// optimisations, input and output tensors allocated once and bound (RunWithBinding), the fairest batch-1 call it has.
/// </summary>
internal sealed class OnnxPeer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue _input, _output;
    private readonly float[] _score = new float[1];

    public OnnxPeer(string path, float[] window)
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(path, options);
        _input = OrtValue.CreateTensorValueFromMemory(window, [1, window.Length]);
        _output = OrtValue.CreateTensorValueFromMemory(_score, [1]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("x", _input);
        _binding.BindOutput("score", _output);
    }

    /// <summary>The score of the bound window (whatever it holds now).</summary>
    public float Score()
    {
        _session.RunWithBinding(_runOptions, _binding);
        return _score[0];
    }

    public static string PathFrom(string variable) =>
        Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"set {variable} (bench/inference.sh does)");

    /// <summary>A normal-looking motor window: small vibration on three axes, a 50 Hz current on the fourth.</summary>
    public static void FillMotorWindow(Span<float> window, int offset = 0)
    {
        for (int t = 0; t < window.Length / 4; t++)
        {
            int s = t + offset;
            window[4 * t] = 0.05f * MathF.Sin(s * 0.16f);
            window[4 * t + 1] = 0.045f * MathF.Cos(s * 0.16f);
            window[4 * t + 2] = 0.01f * MathF.Sin(s * 0.16f + 0.5f);
            window[4 * t + 3] = 5f * MathF.Sin(s * 0.314f);
        }
    }

    /// <summary>The scores must agree before their speed means anything: float paths to 1e-4, int8 to its quantization.</summary>
    public static void CheckAgreement(float onnx, float float32, float reference, float int8)
    {
        if (Math.Abs(float32 - onnx) > 1e-4 * Math.Max(1, float32) || Math.Abs(reference - float32) > 1e-4 * Math.Max(1, float32) || Math.Abs(int8 - float32) > 0.1 * Math.Max(0.1, float32))
            throw new InvalidOperationException($"scores disagree: int8 {int8}, float32 {float32}, reference {reference}, ONNX Runtime {onnx}");
    }

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
