using System;
using System.Collections.Generic;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Quantization
{
    /// <summary>
    /// Compiles a calibrated model file to integers following TensorFlow Lite's quantization spec: weights
    /// symmetric per output channel in [−127, 127]; activations per tensor from the calibrated ranges (int8
    /// asymmetric with a zero point, the range nudged to contain 0; int16 symmetric); bias at s_in·s_w;
    /// requantization by a Q31 multiplier and shift; activations other than ReLU and identity as tables
    /// built here from the exact float function.
    /// </summary>
    public static class Quantizer
    {
        /// <summary>Entries of an int16 activation table: 512 segments over the int16 range, interpolated linearly.</summary>
        public const int Int16TableSize = 513;

        public static QuantizedModel Quantize(ModelDescription model, QuantizedPrecision precision)
        {
            if (!model.InputRange.IsKnown) throw new QuantizationException("the model has no calibrated input range; run `edgevae calibrate` on it first");
            int qmin = precision == QuantizedPrecision.Int8 ? -128 : -32767, qmax = precision == QuantizedPrecision.Int8 ? 127 : 32767;
            QuantParams Activation(ValueRange r, string what)
            {
                if (!r.IsKnown) throw new QuantizationException(what + " has no calibrated range; run `edgevae calibrate` on the model first");
                return ParamsFor(r, precision);
            }

            var input = Activation(model.InputRange, "the input");
            var layers = new List<QuantizedLayer>();
            var current = input;
            int encoderCount = model.EncoderLayerCount;
            for (int i = 0; i < model.Layers.Count; i++)
            {
                var l = model.Layers[i];
                var output = Activation(l.OutputRange, "layer " + l.Name);
                bool table = l.Activation != ActivationFunction.Identity && l.Activation != ActivationFunction.Relu;
                var target = table ? Activation(l.PreActivationRange, "layer " + l.Name + " (pre-activation)") : output;
                if (l.Activation == ActivationFunction.Identity) output = target;
                layers.Add(Layer(l, current, target, output, precision, qmin, qmax));
                current = output;
            }

            // The VAE's tables: e^(log σ²) for the KL term and softplus of the decoder logits for −log p(x|z),
            // one entry per int8 code (int16 models evaluate these in float from the dequantized values).
            float[] exp = new float[0], softplus = new float[0];
            if (model.Kind == ModelKind.Variational && precision == QuantizedPrecision.Int8)
            {
                var enc = layers[encoderCount - 1].Output;
                exp = new float[256];
                for (int q = -128; q < 128; q++) exp[q + 128] = (float)Math.Exp(enc.Dequantize(q));
                if (model.Reconstruction == ReconstructionKind.Bernoulli)
                {
                    var logits = layers[layers.Count - 1].Target;
                    softplus = new float[256];
                    for (int q = -128; q < 128; q++)
                    {
                        double z = logits.Dequantize(q);
                        softplus[q + 128] = (float)(Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))));
                    }
                }
            }
            return new QuantizedModel(precision, model, input, new EquatableArray<QuantizedLayer>(layers.ToArray()), encoderCount,
                new EquatableArray<float>(exp), new EquatableArray<float>(softplus));
        }

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

        private static QuantizedLayer Layer(DenseLayer l, QuantParams input, QuantParams target, QuantParams output, QuantizedPrecision precision, int qmin, int qmax)
        {
            int n = l.OutFeatures, k = l.InFeatures;
            var w = l.Weight.AsArray();
            var weights = new sbyte[n * k];
            var scales = new float[n];
            var bias = new long[n];
            var mult = new int[n];
            var shift = new int[n];
            for (int c = 0; c < n; c++)
            {
                float maxAbs = 0;
                for (int j = 0; j < k; j++) maxAbs = Math.Max(maxAbs, Math.Abs(w[c * k + j]));
                float sw = maxAbs > 0 ? maxAbs / 127f : 1f;
                scales[c] = sw;
                long sumW = 0;
                for (int j = 0; j < k; j++)
                {
                    int q = (int)Math.Round(w[c * k + j] / (double)sw, MidpointRounding.AwayFromZero);
                    q = Math.Max(-127, Math.Min(127, q));
                    weights[c * k + j] = (sbyte)q;
                    sumW += q;
                }
                double accScale = (double)input.Scale * sw;
                long b = (long)Math.Round(l.Bias[c] / accScale, MidpointRounding.AwayFromZero);
                // Fold the input zero point: Σ (q − zp)·w = Σ q·w − zp·Σ w.
                bias[c] = b - (long)input.ZeroPoint * sumW;
                if (precision == QuantizedPrecision.Int8 && (bias[c] > int.MaxValue || bias[c] < int.MinValue))
                    throw new QuantizationException("layer " + l.Name + ": bias of channel " + c + " does not fit in int32 at this scale; recalibrate or use int16");
                FixedPoint.QuantizeMultiplier(accScale / target.Scale, out mult[c], out shift[c]);
            }
            int clampMin = qmin, clampMax = qmax;
            if (l.Activation == ActivationFunction.Relu) clampMin = Math.Max(qmin, output.ZeroPoint);
            short[] table = new short[0];
            if (l.Activation != ActivationFunction.Identity && l.Activation != ActivationFunction.Relu)
                table = precision == QuantizedPrecision.Int8 ? Int8Table(l.Activation, target, output) : Int16Table(l.Activation, target, output);
            return new QuantizedLayer(l.Name, k, n, l.Activation, new EquatableArray<sbyte>(weights), new EquatableArray<float>(scales),
                new EquatableArray<long>(bias), new EquatableArray<int>(mult), new EquatableArray<int>(shift),
                input, target, output, clampMin, clampMax, new EquatableArray<short>(table));
        }

        /// <summary>table[q + 128] = quantize_out(f(dequantize_pre(q))) for every int8 code.</summary>
        private static short[] Int8Table(ActivationFunction f, QuantParams pre, QuantParams output)
        {
            var t = new short[256];
            for (int q = -128; q < 128; q++)
                t[q + 128] = (short)output.Quantize((float)ActivationMath.Apply(f, pre.Dequantize(q)), -128, 127);
            return t;
        }

        /// <summary>
        /// 513 samples of f over the int16 pre-activation range, at q = −32768 + 128·i; the kernels interpolate
        /// linearly between neighbours in integer arithmetic (TensorFlow Lite's int16 LUT scheme).
        /// </summary>
        private static short[] Int16Table(ActivationFunction f, QuantParams pre, QuantParams output)
        {
            var t = new short[Int16TableSize];
            for (int i = 0; i < Int16TableSize; i++)
            {
                int q = -32768 + 128 * i;
                t[i] = (short)output.Quantize((float)ActivationMath.Apply(f, pre.Dequantize(q)), -32767, 32767);
            }
            return t;
        }

    }

    /// <summary>A model that cannot be quantized as it stands.</summary>
    public sealed class QuantizationException : Exception
    {
        public QuantizationException(string message) : base(message)
        {
        }
    }
}
