using System.Linq;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;

namespace EdgeVae.Compiler.Emitters.NanoFramework.Steps
{
    /// <summary>Dense: the dot product hand-inlined and unrolled (the interpreter never inlines a call), requantization once per output.</summary>
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
            if (step.Quantized is QuantizedDense q) Integer(w, ctx, step.Index, (DenseOp)step.Op, q, xo, yo);
            else Float(w, step.Index, (DenseOp)step.Op, xo, yo);
        }

        /// <summary>
        /// Two output rows per pass over the input, so each input code is read from its array once for two products
        /// (an interpreted ldelem costs five IL instructions, a local one), and sixteen products per loop turn. Integer sums
        /// are exact in any order, so the integers are the reference kernel's. int16 (the 16x8 scheme) needs 64-bit sums
        /// (784 products of 32767·127 exceed int32), which the interpreter computes through helpers: its products are
        /// summed in int32 over blocks of <see cref="Int16Block"/> inputs, which cannot overflow, and each block's sum is
        /// added to the 64-bit accumulator — one long addition per block instead of one per product.
        /// </summary>
        private static void Integer(IndentedWriter w, NanoFrameworkContext ctx, int i, DenseOp op, QuantizedDense q, int xo, int yo)
        {
            int k = op.InFeatures, by = k >= 16 ? 16 : 8, unrolled = k - k % by, pairs = op.OutFeatures / 2 * 2;
            bool wide = ctx.Int16;
            string acc = wide ? "long" : "int";
            w.Line("sbyte[] w = W" + i + ";");
            w.Line(ctx.BiasType + "[] b = B" + i + ";");
            w.Line("int[] m = M" + i + ";");
            w.Line("int[] s = S" + i + ";");
            w.Line("int wi = 0;");
            if (pairs > 0)
            {
                w.Open("for (int c = 0; c < " + pairs + "; c += 2)");
                w.Line(acc + " acc = b[c], acc1 = b[c + 1];");
                if (unrolled > 0)
                {
                    // int16: blocks of Int16Block inputs (a multiple of 16), each summed in int32.
                    if (wide)
                    {
                        w.Open("for (int j0 = " + xo + "; j0 < " + (xo + unrolled) + "; j0 += " + Int16Block + ")");
                        w.Line("int end = j0 + " + Int16Block + " < " + (xo + unrolled) + " ? j0 + " + Int16Block + " : " + (xo + unrolled) + ";");
                        w.Line("int p = 0, p1 = 0;");
                        w.Open("for (int j = j0; j < end; j += " + by + ")");
                    }
                    else w.Open("for (int j = " + xo + "; j < " + (xo + unrolled) + "; j += " + by + ")");
                    string sum = wide ? "p" : "acc", sum1 = wide ? "p1" : "acc1";
                    for (int t = 0; t < by; t += 8)
                        w.Line("int " + string.Join(", ", Enumerable.Range(t, 8).Select(u => "x" + u + " = " + (u == 0 ? "x[j]" : "x[j + " + u + "]"))) + ";");
                    w.Line(sum + " += " + string.Join(" + ", Enumerable.Range(0, by).Select(t => "x" + t + " * " + (t == 0 ? "w[wi]" : "w[wi + " + t + "]"))) + ";");
                    w.Line(sum1 + " += " + string.Join(" + ", Enumerable.Range(0, by).Select(t => "x" + t + " * w[wi + " + (k + t) + "]")) + ";");
                    w.Line("wi += " + by + ";");
                    w.Close();
                    if (wide)
                    {
                        w.Line("acc += p;");
                        w.Line("acc1 += p1;");
                        w.Close();
                    }
                }
                if (k % by != 0)
                {
                    // Fewer than 16 products: int16 sums them in int32 too, then adds.
                    string sum = wide ? "r" : "acc", sum1 = wide ? "r1" : "acc1";
                    if (wide) w.Line("int r = 0, r1 = 0;");
                    w.Open("for (int j = " + (xo + unrolled) + "; j < " + (xo + k) + "; j++)");
                    w.Line("int xj = x[j];");
                    w.Line(sum + " += xj * w[wi];");
                    w.Line(sum1 + " += xj * w[wi + " + k + "];");
                    w.Line("wi++;");
                    w.Close();
                    if (wide)
                    {
                        w.Line("acc += r;");
                        w.Line("acc1 += r1;");
                    }
                }
                w.Line("wi += " + k + ";");
                Requantize(w, ctx, q, "acc", "c", yo);
                Requantize(w, ctx, q, "acc1", "c + 1", yo);
                w.Close();
            }
            if (pairs < op.OutFeatures)
            {
                // The odd last row alone (int16: one product at a time into the 64-bit sum).
                w.Line(acc + " last = b[" + pairs + "];");
                w.Line("for (int j = " + xo + "; j < " + (xo + k) + "; j++) last += x[j] * w[wi++];");
                Requantize(w, ctx, q, "last", pairs.ToString(), yo);
            }
        }

        /// <summary>
        /// int16's block of inputs summed in int32: 512 products of at most 32768·127 stay below 2^31; 256 leaves room.
        /// A multiple of the 16-product loop turn.
        /// </summary>
        internal const int Int16Block = 256;

        private static void Requantize(IndentedWriter w, NanoFrameworkContext ctx, QuantizedDense q, string acc, string row, int yo)
        {
            string v = "v" + (acc == "acc" ? "" : acc);
            // int16 is symmetric (zero point 0); its 64-bit sum is saturated to int32 first, as TensorFlow Lite's 16x8 kernels do.
            string zero = ctx.Int16 ? "" : q.Output.ZeroPoint + " + ";
            w.Line("int " + v + " = " + zero + "MultiplyByQuantizedMultiplier(" + acc + ", m[" + row + "], s[" + row + "]);");
            w.Line(At("y", row, yo) + " = (" + ctx.Act + ")(" + v + " < " + q.ClampMin + " ? " + q.ClampMin + " : " + v + " > " + q.ClampMax + " ? " + q.ClampMax + " : " + v + ");");
        }

        /// <summary>float32: groups of four, the .NET flavor's summation order, and the bias added after the products as its kernel does.</summary>
        private static void Float(IndentedWriter w, int i, DenseOp op, int xo, int yo)
        {
            int k = op.InFeatures, unrolled = k - k % 4;
            w.Line("float[] w = W" + i + ";");
            w.Line("float[] b = B" + i + ";");
            w.Line("int wi = 0;");
            w.Open("for (int c = 0; c < " + op.OutFeatures + "; c++)");
            w.Line("float acc = 0f;");
            if (unrolled > 0)
            {
                w.Open("for (int j = " + xo + "; j < " + (xo + unrolled) + "; j += 4)");
                w.Line("acc += x[j] * w[wi] + x[j + 1] * w[wi + 1] + x[j + 2] * w[wi + 2] + x[j + 3] * w[wi + 3];");
                w.Line("wi += 4;");
                w.Close();
            }
            if (k % 4 != 0) w.Line("for (int j = " + (xo + unrolled) + "; j < " + (xo + k) + "; j++) acc += x[j] * w[wi++];");
            w.Line(At("y", "c", yo) + " = b[c] + acc;");
            w.Close();
        }
    }
}
