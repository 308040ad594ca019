using BenchmarkDotNet.Attributes;
using EdgeVae.Reference;

namespace EdgeVae.Bench.Inference;

/// <summary>
/// Batch-1 scoring of one motor window (normalise → encode → decode → mean squared error) by the dense motor model:
/// generated int8 (scratch on the stack, or in a workspace the caller allocated once, as ONNX Runtime's bound tensors
/// are), generated float32, the float reference engine loading the model file, and ONNX Runtime on the same weights
/// (<see cref="OnnxPeer"/>). Paths: EDGEVAE_MODEL (.evae) and EDGEVAE_ONNX (.onnx); bench/inference.sh sets both.
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private readonly float[] _window = new float[MotorInt8.InputLength];
    private readonly MotorInt8.Workspace _workspace = new();
    private FloatReferenceEngine _engine = null!;
    private OnnxPeer _onnx = null!;

    [GlobalSetup]
    public void Setup()
    {
        OnnxPeer.FillMotorWindow(_window);
        _engine = FloatReferenceEngine.Load(OnnxPeer.PathFrom("EDGEVAE_MODEL"));
        _onnx = new OnnxPeer(OnnxPeer.PathFrom("EDGEVAE_ONNX"), _window);
        OnnxPeer.CheckAgreement(_onnx.Score(), MotorFloat32.Score(_window), _engine.Score(_window, default), MotorInt8.Score(_window));
    }

    [GlobalCleanup]
    public void Cleanup() => _onnx.Dispose();

    [Benchmark(Baseline = true, Description = "ONNX Runtime (RunWithBinding)")]
    public float OnnxRuntime() => _onnx.Score();

    [Benchmark(Description = "generated int8")]
    public float GeneratedInt8() => MotorInt8.Score(_window);

    [Benchmark(Description = "generated int8, caller's workspace")]
    public float GeneratedInt8Workspace() => MotorInt8.Score(_window, _workspace);

    [Benchmark(Description = "generated float32")]
    public float GeneratedFloat32() => MotorFloat32.Score(_window);

    [Benchmark(Description = "float reference engine")]
    public float ReferenceEngine() => _engine.Score(_window, default);
}
