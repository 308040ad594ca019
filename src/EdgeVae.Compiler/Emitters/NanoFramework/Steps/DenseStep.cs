using System.Linq;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.NanoFramework.Steps
{
    /// <summary>Dense: the dot product hand-inlined and unrolled by four (the interpreter never inlines a call), requantization once per output.</summary>
    internal sealed class DenseStep : NanoFrameworkStep
    {
        public static readonly DenseStep Instance = new DenseStep();

        public override void EmitData(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step)
        {
            int i = step.Index;
            var op = (DenseOp)step.Op;
            w.Line("// " + Identifiers.Comment(op.Name) + ": dense " + op.InFeatures + " -> " + op.OutFeatures);
            if (step.Quantized is QuantizedDense q)
            {
                Array(w, "sbyte", "W" + i, q.Weights.Select(v => IndentedWriter.Int(v)));
                Array(w, "int", "B" + i, q.Bias.Select(v => IndentedWriter.Int(v)));
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
            var op = (DenseOp)step.Op;
            var q = step.Quantized as QuantizedDense;
            // Integer sums are exact in any order, so the int8/int16 flavors unroll by eight (half the interpreter's loop
            // overhead per product); float32 keeps groups of four, the .NET flavor's summation order.
            int by = q != null ? 8 : 4, k = op.InFeatures, unrolled = k - k % by;
            w.Line(ctx.Act + "[] w = W" + i + ";");
            w.Line(ctx.Accumulator + "[] b = B" + i + ";");
            if (q != null) w.Line("int[] m = M" + i + ";");
            if (q != null) w.Line("int[] s = S" + i + ";");
            w.Line("int wi = 0;");
            w.Open("for (int c = 0; c < " + op.OutFeatures + "; c++)");
            w.Line(q != null ? "int acc = b[c];" : "float acc = 0f;");
            if (unrolled > 0)
            {
                w.Open("for (int j = " + xo + "; j < " + (xo + unrolled) + "; j += " + by + ")");
                w.Line("acc += " + string.Join(" + ", Enumerable.Range(0, by).Select(t => t == 0 ? "x[j] * w[wi]" : "x[j + " + t + "] * w[wi + " + t + "]")) + ";");
                w.Line("wi += " + by + ";");
                w.Close();
            }
            if (k % by != 0) w.Line("for (int j = " + (xo + unrolled) + "; j < " + (xo + k) + "; j++) acc += x[j] * w[wi++];");
            if (q != null)
            {
                w.Line("int v = " + q.Output.ZeroPoint + " + MultiplyByQuantizedMultiplier(acc, m[c], s[c]);");
                w.Line(At("y", "c", yo) + " = (sbyte)(v < " + q.ClampMin + " ? " + q.ClampMin + " : v > " + q.ClampMax + " ? " + q.ClampMax + " : v);");
            }
            else
            {
                // float32: bias added after the products, as the .NET flavor's kernel does.
                w.Line(At("y", "c", yo) + " = b[c] + acc;");
            }
            w.Close();
        }

    }
}
