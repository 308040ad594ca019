using EdgeVae.Runtime.Kernels;
using EdgeVae.Contract;

namespace EdgeVae.Runtime.Tests.Streaming;

public class FrameReuseTests
{
    private static float[] Convolve(float[] input, Conv1DGeometry g, int paddingRight, float[] weights, float[] bias, out int outLength)
    {
        int span = g.Dilation * (g.KernelSize - 1);
        outLength = (g.InLength + g.PaddingLeft + paddingRight - span - 1) / g.Stride + 1;
        var output = new float[g.OutChannels * outLength];
        Conv1D.Float32(input, g, weights, bias, output);
        return output;
    }

    private static float[] Window(float[] signal, int channels, int start, int length)
    {
        // Channel-major [channels × length], as the convolutions read it.
        int total = signal.Length / channels;
        var x = new float[channels * length];
        for (int c = 0; c < channels; c++)
            for (int t = 0; t < length; t++) x[c * length + t] = signal[c * total + start + t];
        return x;
    }

    /// <summary>
    /// 400 random stacks of two convolutions (kernel, stride, dilation, padding each side): every frame FrameReuse says
    /// carries over is, bit for bit, the previous window's frame Shift later, in both layers.
    /// </summary>
    [Fact]
    public void Carried_over_frames_equal_the_previous_windows_frames_shift_later()
    {
        var rng = new Random(1234);
        int checkedFrames = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            int channels = rng.Next(1, 4), length = rng.Next(24, 97);
            var geometry = new (int K, int S, int D, int PadL, int PadR, int Out)[2];
            int total = 1;
            for (int l = 0; l < 2; l++)
            {
                int k = rng.Next(1, 8), s = rng.Next(1, 4), d = rng.Next(1, 4), span = d * (k - 1);
                geometry[l] = (k, s, d, rng.Next(0, span + 1), rng.Next(0, span + 1), rng.Next(1, 5));
                total *= s;
            }
            int hop = total * rng.Next(1, Math.Max(2, length / total / 2));
            if (hop >= length) continue;
            var signal = new float[channels * (length + hop)];
            for (int i = 0; i < signal.Length; i++) signal[i] = (float)(rng.NextDouble() * 2 - 1);
            float[] previous = Window(signal, channels, 0, length), current = Window(signal, channels, hop, length);
            var reuse = FrameReuse.Window(length, hop);
            int inChannels = channels, inLength = length;
            for (int l = 0; l < 2; l++)
            {
                var (k, s, d, padL, padR, outChannels) = geometry[l];
                var g = new Conv1DGeometry(inChannels, inLength, outChannels, k, s, d, padL);
                if ((inLength + padL + padR - d * (k - 1) - 1) < 0) break;
                var weights = Enumerable.Range(0, outChannels * g.FanIn).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
                var bias = Enumerable.Range(0, outChannels).Select(_ => (float)rng.NextDouble()).ToArray();
                previous = Convolve(previous, g, padR, weights, bias, out int outLength);
                current = Convolve(current, g, padR, weights, bias, out _);
                reuse = FrameReuse.Convolution(reuse, k, s, d, padL, outLength);
                Assert.InRange(reuse.First, 0, outLength);
                Assert.InRange(reuse.End, 0, outLength);
                for (int o = 0; o < outChannels; o++)
                    for (int j = reuse.First; j < reuse.End; j++)
                    {
                        Assert.True(j + reuse.Shift < outLength, $"trial {trial} layer {l}: frame {j} + shift {reuse.Shift} is past {outLength}");
                        Assert.Equal(BitConverter.SingleToInt32Bits(previous[o * outLength + j + reuse.Shift]), BitConverter.SingleToInt32Bits(current[o * outLength + j]));
                        checkedFrames++;
                    }
                inChannels = outChannels;
                inLength = outLength;
            }
        }
        Assert.True(checkedFrames > 10_000, $"only {checkedFrames} frames checked");
    }

    [Fact]
    public void The_frames_of_a_known_stack_are_the_interior_ones()
    {
        // Window 64, hop 8: the input's frames [0, 56) carry over, shifted by 8.
        var w = FrameReuse.Window(64, 8);
        Assert.Equal(new FrameReuse(0, 56, 8), w);
        // Kernel 5, stride 2, padding 2: output frame j reads 2j − 2 … 2j + 2, all in [0, 56) for j in [1, 27).
        var a = FrameReuse.Convolution(w, 5, 2, 1, 2, 32);
        Assert.Equal(new FrameReuse(1, 27, 4), a);
        var b = FrameReuse.Convolution(a, 5, 2, 1, 2, 16);
        Assert.Equal(new FrameReuse(2, 13, 2), b);
        // A hop the stride does not divide: new frames fall between old ones, nothing carries over.
        Assert.Equal(0, FrameReuse.Convolution(FrameReuse.Window(64, 3), 5, 2, 1, 2, 32).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReuse.Window(64, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReuse.Window(64, 0));
    }
}
