using System;
using System.Collections.Generic;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.Quantization.Rules;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Quantization
{
    /// <summary>
    /// Compiles a calibrated model to integers following TensorFlow Lite's quantization spec, one rule per op
    /// (<c>Rules/</c>): weights symmetric per output channel in [−127, 127]; activations per tensor from the calibrated
    /// ranges (int8 asymmetric with a zero point, the range nudged to contain 0; int16 symmetric); bias at s_in·s_w;
    /// requantization by a Q31 multiplier and shift; a ReLU after a dense or convolution fused into its clamp; other
    /// nonlinearities as tables built from the exact function; data movement keeping its input's quantization.
    /// </summary>
    public static class Quantizer
    {
        public static QuantizedModel Quantize(ModelDescription model, QuantizedPrecision precision)
        {
            var graph = model.Graph;
            if (!model.InputRange.IsKnown) throw new QuantizationException("the model has no calibrated input range; run `edgevae calibrate` on it first");
            var shapes = graph.Shapes();
            var input = ParamsFor(model.InputRange, precision);
            var steps = new List<QuantizedStep>();
            var current = input;
            for (int i = graph.NormalizeIndex + 1; i < graph.Count; i++)
            {
                var op = graph[i];
                var ctx = new RuleContext(precision, op, i, graph.InputShapeOf(i, shapes), shapes[i], current);
                QuantizedStep step;
                switch (op)
                {
                    case DenseOp dense:
                    {
                        var fused = FusedAfter(graph, i, shapes, ref ctx);
                        step = DenseRule.Quantize(dense, ctx, fused);
                        break;
                    }
                    case Conv1DOp conv:
                    {
                        var fused = FusedAfter(graph, i, shapes, ref ctx);
                        step = Conv1DRule.Quantize(conv, ctx, fused);
                        break;
                    }
                    case ActivationOp activation: step = ActivationRule.Quantize(activation, ctx); break;
                    case ReshapeOp _: step = ReshapeRule.Quantize(ctx); break;
                    case TransposeOp _: step = TransposeRule.Quantize(ctx); break;
                    case UpsampleOp upsample: step = UpsampleRule.Quantize(upsample, ctx); break;
                    case GaussianHeadOp _: step = GaussianHeadRule.Quantize(ctx); break;
                    default: throw new QuantizationException("op \"" + op.Name + "\" (" + op.Type + ") has no quantization rule");
                }
                steps.Add(step);
                current = step.Output;
                i = step.LastOp;
            }
            var q = new QuantizedModel(precision, model, input, new EquatableArray<QuantizedStep>(steps.ToArray()), 0,
                EquatableArray<float>.Empty, EquatableArray<float>.Empty);
            int latent = q.StepOf(graph.LatentIndex);
            if (latent < 0 || steps[latent].LastOp != graph.LatentIndex)
                throw new QuantizationException("the latent op \"" + graph.Latent + "\" is fused into the op before it and has no codes of its own");
            q = q with { LatentStep = latent };
            return VaeTables.Add(q);
        }

        /// <summary>The ReLU (or identity) right after op <paramref name="i"/>, which its requantization absorbs; the context then spans both.</summary>
        private static ActivationOp? FusedAfter(ModelGraph graph, int i, TensorShape[] shapes, ref RuleContext ctx)
        {
            if (!IsFused(graph, i + 1)) return null;
            ctx = ctx with { LastOp = i + 1, OutputShape = shapes[i + 1] };
            return (ActivationOp)graph[i + 1];
        }

        /// <summary>
        /// Whether op <paramref name="activation"/> is a ReLU or identity fused into the dense or convolution before it (the
        /// clamp of that op's requantization). Not when that op is the latent op: the code must have codes of its own.
        /// </summary>
        public static bool IsFused(ModelGraph graph, int activation) =>
            activation > 0 && activation < graph.Count && graph[activation] is ActivationOp a && ActivationMath.IsPiecewiseClamp(a.Function)
            && (graph[activation - 1] is DenseOp || graph[activation - 1] is Conv1DOp) && graph.LatentIndex != activation - 1;

        /// <summary>Per-tensor parameters for a calibrated range.</summary>
        public static QuantParams ParamsFor(ValueRange r, QuantizedPrecision precision)
        {
            double min = Math.Min(r.Min, 0), max = Math.Max(r.Max, 0);
            if (precision == QuantizedPrecision.Int16)
            {
                double bound = Math.Max(-min, max);
                return new QuantParams(bound > 0 ? (float)(bound / 32767) : 1f, 0);
            }
            if (max - min <= 0) return new QuantParams(1f, -128);
            float scale = (float)((max - min) / 255);
            double zp = -128 - min / scale;
            int zeroPoint = (int)Math.Round(zp, MidpointRounding.AwayFromZero);
            zeroPoint = Math.Max(-128, Math.Min(127, zeroPoint));
            return new QuantParams(scale, zeroPoint);
        }
    }

    /// <summary>What a rule needs besides its op: where the step sits, its shapes and the input's quantization.</summary>
    public readonly record struct RuleContext(QuantizedPrecision Precision, Op Op, int FirstOp, TensorShape InputShape, TensorShape OutputShape, QuantParams Input)
    {
        public int LastOp { get; init; } = FirstOp;

        public int QMin => Precision == QuantizedPrecision.Int8 ? -128 : -32767;

        public int QMax => Precision == QuantizedPrecision.Int8 ? 127 : 32767;

        /// <summary>The quantization of a calibrated range; an uncalibrated one is an error naming <paramref name="what"/>.</summary>
        public QuantParams Params(ValueRange range, string what)
        {
            if (!range.IsKnown) throw new QuantizationException(what + " has no calibrated range; run `edgevae calibrate` on the model first");
            return Quantizer.ParamsFor(range, Precision);
        }

        /// <summary>A step of this context's span whose output keeps the input's quantization.</summary>
        public T Moved<T>(T step) where T : QuantizedStep => step with
        {
            Name = Op.Name,
            FirstOp = FirstOp,
            LastOp = LastOp,
            InputShape = InputShape,
            OutputShape = OutputShape,
            Input = Input,
            Output = Input,
        };
    }

    /// <summary>A model that cannot be quantized as it stands.</summary>
    public sealed class QuantizationException : Exception
    {
        public QuantizationException(string message) : base(message)
        {
        }
    }
}
