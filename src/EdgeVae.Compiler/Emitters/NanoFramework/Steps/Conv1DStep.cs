using System.Linq;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.NanoFramework.Steps
{
    /// <summary>
    /// Conv1D: per output frame and channel, the receptive field's products; frames outside the input read the input's
    /// zero point (int8) or nothing (float32), as the reference kernel does.
    /// </summary>
    internal sealed class Conv1DStep : NanoFrameworkStep
    {
        public static readonly Conv1DStep Instance = new Conv1DStep();

        public override void EmitData(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step)
        {
            int i = step.Index;
            var op = (Conv1DOp)step.Op;
            w.Line("// " + Identifiers.Comment(op.Name) + ": conv1d " + step.InputShape + " -> " + step.OutputShape + ", kernel " + op.KernelSize + ", stride " + op.Stride + ", dilation " + op.Dilation + ", padding " + op.PaddingLeft + "+" + op.PaddingRight);
            if (step.Quantized is QuantizedConv1D q)
            {
                Array(w, "sbyte", "W" + i, q.Weights.Select(v => IndentedWriter.Int(v)));
                Array(w, ctx.BiasType, "B" + i, q.Bias.Select(v => ctx.Int16 ? IndentedWriter.Int(v) + "L" : IndentedWriter.Int(v)));
                Array(w, "int", "M" + i, q.Multiplier.Select(v => IndentedWriter.Int(v)));
                Array(w, "int", "S" + i, q.Shift.Select(v => IndentedWriter.Int(v)));
                return;
            }
            Array(w, "float", "W" + i, op.Weight.Select(IndentedWriter.Float));
            Array(w, "float", "B" + i, op.Bias.Select(IndentedWriter.Float));
        }

        public override void EmitBody(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step, int xo, int yo)
        {
            int i = step.Index;
            var op = (Conv1DOp)step.Op;
            var q = step.Quantized as QuantizedConv1D;
            int inLength = step.InputShape.Length, outLength = step.OutputShape.Length, k = op.KernelSize;
            w.Line(ctx.WeightType + "[] w = W" + i + ";");
            w.Line(ctx.BiasType + "[] b = B" + i + ";");
            if (q != null) w.Line("int[] m = M" + i + ";");
            if (q != null) w.Line("int[] s = S" + i + ";");
            w.Open("for (int j = 0; j < " + outLength + "; j++)");
            w.Line("int start = j * " + op.Stride + " - " + op.PaddingLeft + ";");
            w.Line("int wi = 0;");
            string acc = ctx.Int16 ? "long" : "int";
            // int16 (64-bit sums): a channel's taps are summed in int32 (fewer than DenseStep.Int16Block products cannot
            // overflow) and added to the 64-bit sum.
            if (q != null && (!ctx.Int16 || k <= DenseStep.Int16Block))
            {
                // Frames whose taps all fall inside the input (all but the padded edges) take a loop without bounds tests,
                // the kernel's taps written out: about half the interpreter's work per product. Integer sums are exact
                // in any order, so the codes are the edge loop's; float32 keeps the one loop and its order.
                int span = (k - 1) * op.Dilation;
                w.Open("if (start >= 0 && start + " + span + " < " + inLength + ")");
                w.Open("for (int o = 0; o < " + op.OutChannels + "; o++)");
                w.Line(acc + " acc = b[o];");
                w.Open("for (int c = 0; c < " + op.InChannels + "; c++)");
                w.Line("int p = " + xo + " + c * " + inLength + " + start;");
                w.Line("acc += " + string.Join(" + ", Enumerable.Range(0, k).Select(t =>
                    (t == 0 ? "x[p]" : "x[p + " + t * op.Dilation + "]") + " * " + (t == 0 ? "w[wi]" : "w[wi + " + t + "]"))) + ";");
                w.Line("wi += " + k + ";");
                w.Close();
                Store(w, ctx, q, yo, outLength);
                w.Close();
                w.Line("continue;");
                w.Close();
            }
            w.Open("for (int o = 0; o < " + op.OutChannels + "; o++)");
            w.Line(q != null ? acc + " acc = b[o];" : "float acc = 0f;");
            w.Open("for (int c = 0; c < " + op.InChannels + "; c++)");
            w.Line("int row = " + xo + " + c * " + inLength + ";");
            w.Open("for (int t = 0; t < " + k + "; t++)");
            w.Line("int idx = start + t * " + op.Dilation + ";");
            // int8 pads with the input's zero point; int16 is symmetric, its padding 0 (nothing to add), as float32's.
            if (q != null && !ctx.Int16) w.Line("acc += (idx >= 0 && idx < " + inLength + " ? x[row + idx] : " + q.Input.ZeroPoint + ") * w[wi];");
            else w.Line("if (idx >= 0 && idx < " + inLength + ") acc += x[row + idx] * w[wi];");
            w.Line("wi++;");
            w.Close();
            w.Close();
            if (q != null) Store(w, ctx, q, yo, outLength);
            else w.Line("y[" + yo + " + o * " + outLength + " + j] = b[o] + acc;");
            w.Close();
            w.Close();
        }

        /// <summary>Requantizes output channel o's sum and stores it at frame j (channel-major).</summary>
        private static void Store(IndentedWriter w, NanoFrameworkContext ctx, QuantizedConv1D q, int yo, int outLength)
        {
            w.Line("int v = " + (ctx.Int16 ? "" : q.Output.ZeroPoint + " + ") + "MultiplyByQuantizedMultiplier(acc, m[o], s[o]);");
            w.Line("y[" + yo + " + o * " + outLength + " + j] = (" + ctx.Act + ")(v < " + q.ClampMin + " ? " + q.ClampMin + " : v > " + q.ClampMax + " ? " + q.ClampMax + " : v);");
        }

    }
}
