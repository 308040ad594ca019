using EdgeVae.Compiler.Graph;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Evaluation;
using EdgeVae.Trainer.FrontEnd;

namespace EdgeVae.Trainer.Tests.FrontEnd;

/// <summary>
/// The front-end against its oracle (the same ops in BigFloat, 96 bits), on motor windows of every fault: the float32
/// front-end the network trains on is within 1e-4 of it norm-wise per frame and within 0.01 dB in log-mel above the floor;
/// the fixed-point one every device runs keeps its SQNR op by op.
/// </summary>
public class FrontEndAccuracyTests
{
    private static readonly Lazy<Dataset> Windows = new(() =>
    {
        var splits = MotorSignalGenerator.Splits(256, 128);
        var test = splits.Test;
        // Normal and faulty windows alike, spread over the whole test recording.
        return test.Subset(Enumerable.Range(0, 12).Select(i => i * (test.Count / 12)).ToArray());
    });

    private static FrontEndChain Chain(string features)
    {
        var splits = MotorSignalGenerator.Splits(256, 128);
        var ops = FeatureSpec.Parse(features).Build(splits.Train, pcm: false);
        return FrontEndChain.Of(TensorShape.Features(256 * 4), ops, ops.Length);
    }

    private static FrontEndOpError Error(IReadOnlyList<FrontEndOpError> errors, string type, string precision) => errors.Single(e => e.Type == type && e.Precision == precision);

    [Fact]
    public void Log_mel_float32_is_within_1e_4_per_frame_and_0_01_dB_and_fixed_point_keeps_its_sqnr()
    {
        var errors = FrontEndError.Measure(Chain("log-mel:frame=64,hop=32,mels=16"), Windows.Value, 12, 96);
        foreach (var type in new[] { "window", "spectrum", "mel" })
            Assert.True(Error(errors, type, "float32").RelativeNormError <= 1e-4, $"{type}: {Error(errors, type, "float32")}");
        var log = Error(errors, "log", "float32");
        Assert.True(log.MaxAbsAboveFloor <= 0.01, $"float32 log-mel: {log}");
        // Fixed point: 15-bit samples, a block-floating-point FFT, Q15 filters and a table log.
        Assert.True(Error(errors, "frame", "fixed point").SqnrDb >= 80, Error(errors, "frame", "fixed point").ToString());
        Assert.True(Error(errors, "spectrum", "fixed point").SqnrDb >= 70, Error(errors, "spectrum", "fixed point").ToString());
        Assert.True(Error(errors, "mel", "fixed point").SqnrDb >= 70, Error(errors, "mel", "fixed point").ToString());
        Assert.True(Error(errors, "log", "fixed point").SqnrDb >= 45, Error(errors, "log", "fixed point").ToString());
        // ... and is measurably not the float front-end: a test that could not fail would say nothing.
        Assert.True(Error(errors, "spectrum", "fixed point").SqnrDb < Error(errors, "spectrum", "float32").SqnrDb - 30);
    }

    [Fact]
    public void Magnitude_and_band_spectra_of_a_1024_point_fft_hold_the_same_bounds()
    {
        var errors = FrontEndError.Measure(Chain("bands:frame=256,hop=256,window=hamming,edges=0/25/50/100/200/500"), Windows.Value, 6, 96);
        Assert.True(Error(errors, "spectrum", "float32").RelativeNormError <= 1e-4);
        Assert.True(Error(errors, "bands", "fixed point").SqnrDb >= 60, Error(errors, "bands", "fixed point").ToString());
        var magnitude = FrontEndError.Measure(Chain("magnitude:frame=128,hop=64,window=none"), Windows.Value, 6, 96);
        Assert.True(Error(magnitude, "spectrum", "float32").RelativeNormError <= 1e-4);
        Assert.True(Error(magnitude, "spectrum", "fixed point").SqnrDb >= 60, Error(magnitude, "spectrum", "fixed point").ToString());
    }

    [Fact]
    public void Frame_statistics_in_float32_and_fixed_point_follow_the_exact_moments()
    {
        var errors = FrontEndError.Measure(Chain("log-bands:frame=64,hop=32,edges=0/100/500,stats=mean/rms/std/peak/crest/skewness/kurtosis"), Windows.Value, 12, 96);
        var float32 = Error(errors, "stats", "float32");
        var fixedPoint = Error(errors, "stats", "fixed point");
        Assert.True(float32.RelativeNormError <= 1e-5, float32.ToString());
        // int16 samples and float32 moments: the statistics a device computes are within 1e-3 of the exact ones.
        Assert.True(fixedPoint.RelativeNormError <= 1e-3, fixedPoint.ToString());
        Assert.True(fixedPoint.RelativeNormError > float32.RelativeNormError);
    }

    [Fact]
    public void Features_spec_round_trips_and_refuses_what_it_cannot_build()
    {
        var spec = FeatureSpec.Parse("log-mel:frame=64,hop=16,mels=20,fmin=10,fmax=400,floor=-80,window=hamming");
        Assert.Equal("log-mel:frame=64,hop=16,window=hamming,mels=20,fmin=10,fmax=400,floor=-80", spec.ToString());
        Assert.Equal(spec, FeatureSpec.Parse(spec.ToString()));
        Assert.Contains("not a front-end", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("cepstrum")).Message);
        Assert.Contains("edges", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("bands:frame=64")).Message);
        Assert.Contains("unknown key", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("log-mel:mel=3")).Message);
        var train = MotorSignalGenerator.Splits(64, 32).Train;
        Assert.Contains("do not fit in a window of 64", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("log-spectrum:frame=128").Build(train, false)).Message);
        Assert.Contains("power of two", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("log-spectrum:frame=48").Build(train, false)).Message);
        Assert.Contains("f_max", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("log-mel:frame=32,fmax=900").Build(train, false)).Message);
        Assert.Contains("no bin", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("bands:frame=32,edges=0/1/2/500").Build(train, false)).Message);
    }

    [Fact]
    public void A_spec_per_channel_round_trips_and_builds_a_select_and_chain_per_branch_then_concat()
    {
        var spec = FrontEndSpec.Parse(" accel_x+accel_y = log-mel:frame=32,mels=8 ; current=stats:frame=16 ; 0=raw");
        Assert.Equal("accel_x+accel_y=log-mel:frame=32,hop=16,window=hann,mels=8,floor=-100;current=stats:frame=16,hop=8,stats=mean/rms/peak/crest/skewness/kurtosis;0=raw", spec.ToString());
        Assert.Equal(spec.ToString(), FrontEndSpec.Parse(spec.ToString()).ToString());
        var train = MotorSignalGenerator.Splits(64, 32).Train;
        var ops = spec.Build(train, pcm: false);
        Assert.Equal(["select", "frame", "window", "spectrum", "mel", "log", "transpose", "reshape", "select", "frame", "stats", "transpose", "reshape", "select", "concat"], ops.Select(o => o.Type));
        Assert.Equal(["frontend.0.select", "frontend.0.frame", "frontend.1.select", "frontend.1.frame", "frontend.2.select", "frontend.concat"], ops.Where(o => o is SelectOp or FrameOp or ConcatOp).Select(o => o.Name));
        Assert.Equal([0, 1], ((SelectOp)ops[0]).Channels.AsArray());
        Assert.Equal([3], ((SelectOp)ops[8]).Channels.AsArray());
        Assert.Equal([0], ((SelectOp)ops[13]).Channels.AsArray());
        // Each branch's full scale is its own channels': the accelerometers' two, the current's one.
        Assert.Equal(2, ((FrameOp)ops[1]).FullScale.Count);
        Assert.Single(((FrameOp)ops[9]).FullScale);
        // One spec over every channel is the chain it always was: no select, no concat.
        Assert.Equal("frame", FrontEndSpec.Parse("log-mel:frame=32,mels=8").Build(train, false)[0].Type);
        Assert.Equal("frame", FrontEndSpec.Parse("0+1+2+3=log-mel:frame=32,mels=8").Build(train, false)[0].Type);
        Assert.True(FrontEndSpec.Parse("raw").IsRaw);
        Assert.Empty(FrontEndSpec.Parse("0+1+2+3=raw").Build(train, false)); // every channel's raw samples: the window, no front-end
        Assert.Equal(["select", "concat"], FrontEndSpec.Parse("current=raw").Build(train, false).Select(o => o.Type)); // a channel chosen
    }
}
