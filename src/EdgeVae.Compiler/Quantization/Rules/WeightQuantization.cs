using System;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>
    /// What dense and convolution steps share: weights symmetric per output channel (scale max|w|/127), bias rounded at
    /// s_in·s_w with the input zero point folded in, a Q31 multiplier and shift per channel to the output's scale, and
    /// the clamp (a fused ReLU clamps at the output's zero point).
    /// </summary>
    internal static class WeightQuantization
    {
        public static T Apply<T>(T step, RuleContext ctx, float[] weights, float[] bias, int channels, int fanIn, ValueRange outputRange, ActivationOp? fused)
            where T : QuantizedWeighted
        {
            var output = ctx.Params(outputRange, "op \"" + (fused ?? ctx.Op).Name + "\"");
            var input = ctx.Input;
            var q = new sbyte[channels * fanIn];
            var scales = new float[channels];
            var folded = new long[channels];
            var mult = new int[channels];
            var shift = new int[channels];
            for (int c = 0; c < channels; c++)
            {
                float maxAbs = 0;
                for (int j = 0; j < fanIn; j++) maxAbs = Math.Max(maxAbs, Math.Abs(weights[c * fanIn + j]));
                float sw = maxAbs > 0 ? maxAbs / 127f : 1f;
                scales[c] = sw;
                long sumW = 0;
                for (int j = 0; j < fanIn; j++)
                {
                    int v = (int)Math.Round(weights[c * fanIn + j] / (double)sw, MidpointRounding.AwayFromZero);
                    v = Math.Max(-127, Math.Min(127, v));
                    q[c * fanIn + j] = (sbyte)v;
                    sumW += v;
                }
                double accScale = (double)input.Scale * sw;
                long b = (long)Math.Round(bias[c] / accScale, MidpointRounding.AwayFromZero);
                // Fold the input zero point: Σ (q − zp)·w = Σ q·w − zp·Σ w (a convolution's padding holds the zero point).
                folded[c] = b - (long)input.ZeroPoint * sumW;
                if (ctx.Precision == QuantizedPrecision.Int8 && (folded[c] > int.MaxValue || folded[c] < int.MinValue))
                    throw new QuantizationException("op \"" + ctx.Op.Name + "\": the bias of channel " + c + " does not fit in int32 at this scale; recalibrate or use int16");
                FixedPoint.QuantizeMultiplier(accScale / output.Scale, out mult[c], out shift[c]);
            }
            var function = fused?.Function ?? ActivationFunction.Identity;
            return step with
            {
                Name = ctx.Op.Name,
                FirstOp = ctx.FirstOp,
                LastOp = ctx.LastOp,
                InputShape = ctx.InputShape,
                OutputShape = ctx.OutputShape,
                Input = input,
                Output = output,
                Channels = channels,
                FanIn = fanIn,
                Weights = new EquatableArray<sbyte>(q),
                WeightScales = new EquatableArray<float>(scales),
                Bias = new EquatableArray<long>(folded),
                Multiplier = new EquatableArray<int>(mult),
                Shift = new EquatableArray<int>(shift),
                ClampMin = function == ActivationFunction.Relu ? Math.Max(ctx.QMin, output.ZeroPoint) : ctx.QMin,
                ClampMax = ctx.QMax,
                Fused = function,
            };
        }
    }
}
