using System.Linq;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Emitters.DotNet.Steps
{
    /// <summary>Conv1D: int8 on weights packed as a dense layer per output frame (compiled per geometry), int16, or float32.</summary>
    internal sealed class Conv1DStep : DotNetStep
    {
        public static readonly Conv1DStep Instance = new Conv1DStep();

        public override void EmitData(IndentedWriter w, DotNetContext ctx, PlannedStep step)
        {
            int i = step.Index;
            var op = (Conv1DOp)step.Op;
            w.Line("// " + Identifiers.Comment(op.Name) + ": conv1d " + step.InputShape + " -> " + step.OutputShape + ", kernel " + op.KernelSize +
                ", stride " + op.Stride + ", dilation " + op.Dilation + ", padding " + op.PaddingLeft + "+" + op.PaddingRight + DenseStep.Fused(step));
            if (step.Quantized is QuantizedConv1D q)
            {
                if (ctx.Int8)
                {
                    Array(w, "sbyte", "W" + i, PackedDenseLayout.PackWeights(q.Weights, q.Channels, q.FanIn).Select(v => IndentedWriter.Int(v)));
                    Array(w, "int", "B" + i, PackedDenseLayout.PackBias(q.Bias, q.Weights, q.Channels, q.FanIn).Select(v => IndentedWriter.Int(v)));
                    Array(w, "int", "Q" + i, PackedDenseLayout.RequantizationInts(q.Multiplier, q.Shift, q.Channels).Select(v => IndentedWriter.Int(v)));
                    w.Line("private readonly struct Shape" + i + " : " + DotNetContext.Kernels + "IConv1DShape { public static int InChannels => " + q.InChannels +
                        "; public static int InLength => " + q.InLength + "; public static int OutChannels => " + q.Channels + "; public static int OutLength => " + q.OutLength +
                        "; public static int KernelSize => " + q.KernelSize + "; public static int Stride => " + q.Stride + "; public static int Dilation => " + q.Dilation +
                        "; public static int PaddingLeft => " + q.PaddingLeft + "; }");
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

        public override void EmitRun(IndentedWriter w, DotNetContext ctx, PlannedStep step, string input, string output, string scratch) =>
            EmitFrames(w, ctx, step, input, output, scratch, null, null);

        /// <summary>
        /// The convolution on output frames [<paramref name="first"/>, <paramref name="end"/>) only (expressions; null: all
        /// of them): what the streaming scorer computes when the other frames carry over from the previous window.
        /// </summary>
        public void EmitFrames(IndentedWriter w, DotNetContext ctx, PlannedStep step, string input, string output, string scratch, string? first, string? end)
        {
            int i = step.Index;
            string frames = first == null ? "" : ", " + first + ", " + end;
            var op = (Conv1DOp)step.Op;
            string geometry = "new " + DotNetContext.Kernels + "Conv1DGeometry(" + op.InChannels + ", " + step.InputShape.Length + ", " + op.OutChannels + ", " +
                op.KernelSize + ", " + op.Stride + ", " + op.Dilation + ", " + op.PaddingLeft + ")";
            if (step.Quantized is QuantizedConv1D q)
            {
                w.Line(ctx.Int8
                    ? DotNetContext.Kernels + "Conv1D.Int8Packed<Shape" + i + ">(" + input + ", " + q.Input.ZeroPoint + ", W" + i + ", B" + i + ", Q" + i + ", " + q.Output.ZeroPoint + ", " + q.ClampMin + ", " + q.ClampMax + ", " + output + ", " + scratch + frames + ");"
                    : DotNetContext.Kernels + "Conv1D.Int16(" + input + ", " + geometry + ", W" + i + ", B" + i + ", M" + i + ", S" + i + ", " + q.ClampMin + ", " + q.ClampMax + ", " + output + frames + ");");
                return;
            }
            w.Line(DotNetContext.Kernels + "Conv1D.Float32(" + input + ", " + geometry + ", W" + i + ", B" + i + ", " + output + frames + ");");
        }

        public override long FlashBytes(DotNetContext ctx, PlannedStep step)
        {
            var op = (Conv1DOp)step.Op;
            if (step.Quantized is QuantizedConv1D q) return ctx.Int8 ? PackedDenseLayout.FlashBytes(q.Channels, q.FanIn) : q.FlashBytes(QuantizedPrecision.Int16);
            return 4 * op.ParameterCount;
        }
    }
}
