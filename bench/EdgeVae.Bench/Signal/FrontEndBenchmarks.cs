#if EDGEVAE_MLPERF
using BenchmarkDotNet.Attributes;
using EdgeVae.Bench.Inference;
using EdgeVae.Compiler.ModelFormat;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;

namespace EdgeVae.Bench.Signal;

/// <summary>The MLPerf-shaped model (5 × 128 log-mel of 1024-sample frames at 16 kHz, dense 128×4-8-128×4) at int8.</summary>
[EdgeVaeModel("mlperf.evae", Precision = EdgeVaePrecision.Int8)]
public static partial class MlperfInt8;

/// <summary>The same network at float32, after the same fixed-point front-end.</summary>
[EdgeVaeModel("mlperf.evae", Precision = EdgeVaePrecision.Float32)]
public static partial class MlperfFloat32;

/// <summary>
/// The signal front-end and the whole MLPerf-shaped inference, batch 1: the log-mel of one frame (its samples as int16,
/// window, 1024-point FFT, power, 128 mel filters, dB) through EdgeVae.Runtime's vectorised FrontEndFrame with the model's
/// tables — the code the generated ComputeFeatures runs per frame — and through EdgeVae.Contract's scalar FixedFrontEnd
/// (the nanoFramework flavor's and the simulation's; the same integers), the five frames of a window, and the generated int8 and
/// float32 Score (front-end, network, score). ONNX Runtime runs the network alone on the 640 features (it has no
/// fixed-point front-end); numpy's float front-end is timed by bench/frontend/reference.py in the same run of
/// bench/frontend.sh. Paths: EDGEVAE_MLPERF_MODEL (.evae), EDGEVAE_MLPERF_ONNX (the network on features, .onnx) and EDGEVAE_MLPERF_WINDOWS
/// (raw test windows, .npy).
/// </summary>
[MemoryDiagnoser]
public class FrontEndBenchmarks
{
    private readonly float[] _window = new float[MlperfInt8.InputLength];
    private readonly float[] _features = new float[MlperfInt8.FeatureLength];
    private QuantizedFrontEnd _q = null!;
    private int[][] _frames = null!;
    private int _next;
    private int[] _re = null!, _im = null!, _spectrum = null!, _bank = null!, _result = null!, _first = null!, _count = null!, _weights = null!, _log2 = null!;
    private long[] _sums = null!;
    private short[] _hann = null!, _cos = null!, _sin = null!;
    private EdgeVae.Runtime.Signal.SpectrumPlan _plan = null!;
    private int[] _work = null!;
    private OnnxPeer _onnx = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The first test window of the set the model was trained on (edgevae data export's test.npy: float32 rows).
        var npy = File.ReadAllBytes(OnnxPeer.PathFrom("EDGEVAE_MLPERF_WINDOWS"));
        int header = 10 + BitConverter.ToUInt16(npy, 8);
        Buffer.BlockCopy(npy, header, _window, 0, 4 * _window.Length);
        var model = ModelFileReader.Read(File.ReadAllText(OnnxPeer.PathFrom("EDGEVAE_MLPERF_MODEL")));
        _q = QuantizedFrontEnd.For(model.FrontEnd!.Single!);
        int n = _q.FrameLength;
        var scale = new QuantParams(_q.InputScale[0], 0);
        _frames = Enumerable.Range(0, _q.Frames).Select(f => _window.Skip(f * _q.Hop).Take(n).Select(v => scale.Quantize(v, -32767, 32767)).ToArray()).ToArray();
        (_re, _im, _spectrum, _bank, _result, _sums) = (new int[n], new int[n], new int[_q.Bins], new int[_q.SpectralFeatures], new int[_q.SpectralFeatures], new long[_q.SpectralFeatures]);
        (_hann, _cos, _sin) = (_q.Window.AsArray(), _q.Cos.AsArray(), _q.Sin.AsArray());
        (_first, _count, _weights, _log2) = (_q.FilterFirst.AsArray(), _q.FilterCount.AsArray(), _q.FilterWeight.AsArray(), _q.Log2Table.AsArray());
        _plan = new EdgeVae.Runtime.Signal.SpectrumPlan(n, _hann, _cos, _sin);
        _work = new int[_plan.WorkLength];
        // The two frame kernels must agree before either is timed.
        var scalar = new int[_result.Length];
        for (int f = 0; f < _frames.Length; f++)
        {
            System.Array.Copy(_frames[f], _re, n);
            int e = FixedFrontEnd.Frame(_re, _im, _hann, _cos, _sin, false, _spectrum, _first, _count, _weights, _sums, _bank, true, _log2, _q.DecibelsPerOctaveQ24, _q.FloorQ8, scalar);
            int v = EdgeVae.Runtime.Signal.FrontEndFrame.Run(_frames[f], _plan, _work, false, _spectrum, _first, _count, _weights, _sums, _bank, true, _log2, _q.DecibelsPerOctaveQ24, _q.FloorQ8, _result);
            if (e != v || !scalar.AsSpan().SequenceEqual(_result)) throw new InvalidOperationException($"frame {f}: the vectorised front-end differs from the contract's");
        }
        MlperfInt8.ComputeFeatures(_window, _features);
        _onnx = new OnnxPeer(OnnxPeer.PathFrom("EDGEVAE_MLPERF_ONNX"), _features);
        float onnx = _onnx.Score(), float32 = MlperfFloat32.Score(_window), int8 = MlperfInt8.Score(_window);
        if (Math.Abs(onnx - float32) > 1e-4 * Math.Max(1, float32) || Math.Abs(int8 - float32) > 0.2 * Math.Max(0.1, float32))
            throw new InvalidOperationException($"scores disagree: int8 {int8}, float32 {float32}, ONNX Runtime {onnx}");
    }

    /// <summary>The parts of one frame in the .NET flavor, for the profile: the power spectrum, then the filter bank and the log on its output.</summary>
    internal (Action Spectrum, Action FilterBank, Action Decibels) Parts()
    {
        int exponent = EdgeVae.Runtime.Signal.Spectrum.Power(_frames[0], _plan, _work, _spectrum);
        int bankExponent = EdgeVae.Runtime.Signal.FilterBank.Apply(_spectrum, exponent, _first, _count, _weights, _sums, _bank);
        return (() => EdgeVae.Runtime.Signal.Spectrum.Power(_frames[_next = (_next + 1) % _frames.Length], _plan, _work, _spectrum),
            () => EdgeVae.Runtime.Signal.FilterBank.Apply(_spectrum, exponent, _first, _count, _weights, _sums, _bank),
            () => FixedFrontEnd.Decibels(_bank, bankExponent, _log2, _q.DecibelsPerOctaveQ24, _q.FloorQ8, _result));
    }

    /// <summary>Puts frame <paramref name="frame"/> of the window into the one-frame benchmark's samples (the profile's per-frame check).</summary>
    internal void UseFrame(int frame) => _frames = [_frames[frame]];

    [GlobalCleanup]
    public void Cleanup() => _onnx.Dispose();

    /// <summary>
    /// One frame, a different one of the window's five each call: the same frame over and over lets the branch predictor
    /// learn its data-dependent branches (the FFT's block scaling, the log's ranges) and measures 2× too fast.
    /// </summary>
    [Benchmark(Description = "log-mel of one frame (fixed point, .NET flavor, 1024 → 128)")]
    public int LogMelOfOneFrame()
    {
        _next = (_next + 1) % _frames.Length;
        return EdgeVae.Runtime.Signal.FrontEndFrame.Run(_frames[_next], _plan, _work, false, _spectrum, _first, _count, _weights, _sums, _bank, true, _log2, _q.DecibelsPerOctaveQ24, _q.FloorQ8, _result);
    }

    /// <summary>The contract's scalar code, which the trainer's simulation and the nanoFramework flavor run: the same integers.</summary>
    [Benchmark(Description = "log-mel of one frame (fixed point, contract's scalar code, 1024 → 128)")]
    public int LogMelOfOneFrameScalar()
    {
        _next = (_next + 1) % _frames.Length;
        System.Array.Copy(_frames[_next], _re, _re.Length);
        return FixedFrontEnd.Frame(_re, _im, _hann, _cos, _sin, false, _spectrum, _first, _count, _weights, _sums, _bank, true, _log2, _q.DecibelsPerOctaveQ24, _q.FloorQ8, _result);
    }

    [Benchmark(Description = "generated ComputeFeatures (5 frames)")]
    public float Features()
    {
        MlperfInt8.ComputeFeatures(_window, _features);
        return _features[0];
    }

    [Benchmark(Description = "generated int8 Score (front-end + network)")]
    public float Int8() => MlperfInt8.Score(_window);

    [Benchmark(Description = "generated float32 Score (front-end + network)")]
    public float Float32() => MlperfFloat32.Score(_window);

    [Benchmark(Baseline = true, Description = "ONNX Runtime, network only (640 features)")]
    public float OnnxRuntime() => _onnx.Score();
}
#endif
