using BenchmarkDotNet.Attributes;
using EdgeVae.Reference;
using Microsoft.ML.OnnxRuntime;

namespace EdgeVae.Bench.Inference;

/// <summary>
/// Batch-1 scoring of one motor window (normalise → encode → decode → mean squared error): generated int8 (scratch
/// on the stack, or in a workspace the caller allocated once, as ONNX Runtime's bound tensors are), generated float32, the float reference engine loading the model file, and ONNX Runtime on the same weights
/// (exported by bench/inference/export_onnx.py) with preallocated, bound input and output tensors.
/// Paths: EDGEVAE_MODEL (.evae) and EDGEVAE_ONNX (.onnx); bench/inference.sh sets both.
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private readonly float[] _window = new float[MotorInt8.InputLength];
    private readonly float[] _score = new float[1];
    private readonly MotorInt8.Workspace _workspace = new();
    private FloatReferenceEngine _engine = null!;
    private InferenceSession _session = null!;
    private OrtIoBinding _binding = null!;
    private RunOptions _runOptions = null!;
    private OrtValue _input = null!, _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        string model = Environment.GetEnvironmentVariable("EDGEVAE_MODEL") ?? throw new InvalidOperationException("set EDGEVAE_MODEL to the .evae file (bench/inference.sh does)");
        string onnx = Environment.GetEnvironmentVariable("EDGEVAE_ONNX") ?? throw new InvalidOperationException("set EDGEVAE_ONNX to the exported .onnx file (bench/inference.sh does)");
        // A normal-looking window: small vibration on three axes, a 50 Hz current on the fourth.
        for (int t = 0; t < MotorInt8.WindowLength; t++)
        {
            _window[4 * t] = 0.05f * MathF.Sin(t * 0.16f);
            _window[4 * t + 1] = 0.045f * MathF.Cos(t * 0.16f);
            _window[4 * t + 2] = 0.01f * MathF.Sin(t * 0.16f + 0.5f);
            _window[4 * t + 3] = 5f * MathF.Sin(t * 0.314f);
        }
        _engine = FloatReferenceEngine.Load(model);
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(onnx, options);
        _runOptions = new RunOptions();
        _input = OrtValue.CreateTensorValueFromMemory(_window, [1, _window.Length]);
        _output = OrtValue.CreateTensorValueFromMemory(_score, [1]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("x", _input);
        _binding.BindOutput("score", _output);
        // The three must agree before their speed means anything.
        _session.RunWithBinding(_runOptions, _binding);
        float a = MotorInt8.Score(_window), f = MotorFloat32.Score(_window), r = _engine.Score(_window, default);
        if (Math.Abs(f - _score[0]) > 1e-4 * Math.Max(1, f) || Math.Abs(r - f) > 1e-4 * Math.Max(1, f) || Math.Abs(a - f) > 0.1 * Math.Max(0.1, f))
            throw new InvalidOperationException($"scores disagree: int8 {a}, float32 {f}, reference {r}, ONNX Runtime {_score[0]}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ONNX Runtime (RunWithBinding)")]
    public float OnnxRuntime()
    {
        _session.RunWithBinding(_runOptions, _binding);
        return _score[0];
    }

    [Benchmark(Description = "generated int8")]
    public float GeneratedInt8() => MotorInt8.Score(_window);

    [Benchmark(Description = "generated int8, caller's workspace")]
    public float GeneratedInt8Workspace() => MotorInt8.Score(_window, _workspace);

    [Benchmark(Description = "generated float32")]
    public float GeneratedFloat32() => MotorFloat32.Score(_window);

    [Benchmark(Description = "float reference engine")]
    public float ReferenceEngine() => _engine.Score(_window, default);
}
