using System.Linq;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Emitters.DotNet.Steps
{
    /// <summary>Dense: the packed int8 kernel (weights packed at build time, compiled per shape), int16's 16x8 kernel, or float32.</summary>
    internal sealed class DenseStep : DotNetStep
    {
        public static readonly DenseStep Instance = new DenseStep();

        public override void EmitData(IndentedWriter w, DotNetContext ctx, PlannedStep step)
        {
            int i = step.Index;
            var op = (DenseOp)step.Op;
            w.Line("// " + Identifiers.Comment(op.Name) + ": dense " + op.InFeatures + " -> " + op.OutFeatures + Fused(step));
            if (step.Quantized is QuantizedDense q)
            {
                if (ctx.Int8)
                {
                    // Blocks of 8 outputs × groups of 4 inputs, the bias in its x86 and Arm forms (PackedDenseLayout).
                    Array(w, "sbyte", "W" + i, PackedDenseLayout.PackWeights(q.Weights, q.Channels, q.FanIn).Select(v => IndentedWriter.Int(v)));
                    Array(w, "int", "B" + i, PackedDenseLayout.PackBias(q.Bias, q.Weights, q.Channels, q.FanIn).Select(v => IndentedWriter.Int(v)));
                    Array(w, "int", "Q" + i, PackedDenseLayout.RequantizationInts(q.Multiplier, q.Shift, q.Channels).Select(v => IndentedWriter.Int(v)));
                    // The shape as constants: the kernel is compiled for it, loop counts known.
                    w.Line("private readonly struct Shape" + i + " : " + DotNetContext.Kernels + "IDenseShape { public static int Inputs => " + q.FanIn + "; public static int Outputs => " + q.Channels + "; }");
                }
                else
                {
                    Array(w, "sbyte", "W" + i, q.Weights.Select(v => IndentedWriter.Int(v)));
                    Array(w, "long", "B" + i, q.Bias.Select(v => IndentedWriter.Int(v) + "L"));
                    Array(w, "int", "M" + i, q.Multiplier.Select(v => IndentedWriter.Int(v)));
                    Array(w, "int", "S" + i, q.Shift.Select(v => IndentedWriter.Int(v)));
                }
                return;
            }
            Array(w, "float", "W" + i, op.Weight.Select(IndentedWriter.Float));
            Array(w, "float", "B" + i, op.Bias.Select(IndentedWriter.Float));
        }

        public override void EmitRun(IndentedWriter w, DotNetContext ctx, PlannedStep step, string input, string output, string scratch)
        {
            int i = step.Index;
            if (step.Quantized is QuantizedDense q)
            {
                w.Line(ctx.Int8
                    ? DotNetContext.Kernels + "Dense.Int8Packed<Shape" + i + ">(" + input + ", W" + i + ", B" + i + ", Q" + i + ", " + q.Output.ZeroPoint + ", " + q.ClampMin + ", " + q.ClampMax + ", " + output + ");"
                    : DotNetContext.Kernels + "Dense.Int16(" + input + ", W" + i + ", B" + i + ", M" + i + ", S" + i + ", " + q.ClampMin + ", " + q.ClampMax + ", " + output + ");");
                return;
            }
            w.Line(DotNetContext.Kernels + "Dense.Float32(" + input + ", W" + i + ", B" + i + ", " + output + ");");
        }

        public override long FlashBytes(DotNetContext ctx, PlannedStep step)
        {
            var op = (DenseOp)step.Op;
            if (step.Quantized is QuantizedDense q) return ctx.Int8 ? PackedDenseLayout.FlashBytes(q.Channels, q.FanIn) : q.FlashBytes(QuantizedPrecision.Int16);
            return 4 * op.ParameterCount;
        }

        internal static string Fused(PlannedStep step) =>
            step.Quantized is QuantizedWeighted { Fused: ActivationFunction.Relu } ? " + relu (fused)" : "";
    }
}
