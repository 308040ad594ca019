using BenchmarkDotNet.Attributes;
using EdgeVae.Reference;

namespace EdgeVae.Bench.Inference;

/// <summary>
/// Batch-1 scoring by the convolutional motor model (bench/models/motor-conv.evae): generated int8 and float32, the
/// float reference engine, ONNX Runtime on the same graph exported by PyTorch, and the generated int8 streaming scorer
/// on windows that advance by 8 and by 32 steps through a continuous signal (the convolution frames a window shares
/// with the one before are moved, not recomputed). Paths: EDGEVAE_CONV_MODEL and EDGEVAE_CONV_ONNX.
/// </summary>
[MemoryDiagnoser]
public class ConvInferenceBenchmarks
{
    private const int StreamWindows = 1024;
    private readonly float[] _window = new float[MotorConvInt8.InputLength];
    private float[] _signal = [];
    private FloatReferenceEngine _engine = null!;
    private OnnxPeer _onnx = null!;
    private MotorConvInt8.StreamingScorer _hop8 = null!, _hop32 = null!;
    private int _next8, _next32;

    [GlobalSetup]
    public void Setup()
    {
        OnnxPeer.FillMotorWindow(_window);
        _engine = FloatReferenceEngine.Load(OnnxPeer.PathFrom("EDGEVAE_CONV_MODEL"));
        _onnx = new OnnxPeer(OnnxPeer.PathFrom("EDGEVAE_CONV_ONNX"), _window);
        OnnxPeer.CheckAgreement(_onnx.Score(), MotorConvFloat32.Score(_window), _engine.Score(_window, default), MotorConvInt8.Score(_window));
        _signal = new float[(MotorConvInt8.WindowLength + StreamWindows * 32) * MotorConvInt8.Channels];
        OnnxPeer.FillMotorWindow(_signal);
        _hop8 = new MotorConvInt8.StreamingScorer(8);
        _hop32 = new MotorConvInt8.StreamingScorer(32);
        for (int i = 0; i < 4; i++)
        {
            var w = Window(i, 8);
            if (BitConverter.SingleToInt32Bits(_hop8.Score(w)) != BitConverter.SingleToInt32Bits(MotorConvInt8.Score(w)))
                throw new InvalidOperationException("the streaming scorer disagrees with Score");
        }
        if (_hop8.LastReusedFrames == 0) throw new InvalidOperationException("the streaming scorer reused no frames");
    }

    private ReadOnlySpan<float> Window(int index, int hop) =>
        _signal.AsSpan(index % StreamWindows * hop * MotorConvInt8.Channels, MotorConvInt8.InputLength);

    [GlobalCleanup]
    public void Cleanup() => _onnx.Dispose();

    [Benchmark(Baseline = true, Description = "ONNX Runtime (RunWithBinding)")]
    public float OnnxRuntime() => _onnx.Score();

    [Benchmark(Description = "generated int8")]
    public float GeneratedInt8() => MotorConvInt8.Score(_window);

    [Benchmark(Description = "generated int8, streaming, hop 32")]
    public float StreamingHop32() => _hop32.Score(Window(_next32++, 32));

    [Benchmark(Description = "generated int8, streaming, hop 8")]
    public float StreamingHop8() => _hop8.Score(Window(_next8++, 8));

    [Benchmark(Description = "generated float32")]
    public float GeneratedFloat32() => MotorConvFloat32.Score(_window);

    [Benchmark(Description = "float reference engine")]
    public float ReferenceEngine() => _engine.Score(_window, default);
}
