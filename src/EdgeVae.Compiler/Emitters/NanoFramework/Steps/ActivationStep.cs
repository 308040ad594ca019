using System.Linq;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;
using EdgeVae.Compiler.Quantization;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Emitters.NanoFramework.Steps
{
    /// <summary>
    /// An activation: the int8 table (one entry per code), int16's 513-entry table read with linear interpolation
    /// (<see cref="Int16Table"/>), or the float32 function written out in float (<see cref="FloatMath"/>).
    /// </summary>
    internal sealed class ActivationStep : NanoFrameworkStep
    {
        public static readonly ActivationStep Instance = new ActivationStep();

        public override void EmitData(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step)
        {
            if (!(step.Quantized is QuantizedLookup q)) return;
            w.Line("// " + Identifiers.Comment(step.Op.Name) + ": " + ActivationMath.Name(q.Function) + " as a table");
            Array(w, ctx.Act, "T" + step.Index, q.Table.Select(v => IndentedWriter.Int(v)));
        }

        public override void EmitBody(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step, int xo, int yo)
        {
            int n = step.Output.Length;
            if (step.Quantized is QuantizedLookup && ctx.Int16)
            {
                // Int16Table's Index, Next, Fraction and Blend, written out.
                w.Line("short[] t = T" + step.Index + ";");
                w.Open("for (int i = 0; i < " + n + "; i++)");
                w.Line("int u = " + At("x", "i", xo) + " + 32768;");
                w.Line("int at = u >> 7;");
                w.Line("int lo = t[at];");
                w.Line("int hi = at < " + (Int16Table.Entries - 1) + " ? t[at + 1] : lo;");
                w.Line(At("y", "i", yo) + " = (short)(lo + (((hi - lo) * (u & 127) + 64) >> 7));");
                w.Close();
                return;
            }
            if (step.Quantized is QuantizedLookup)
            {
                w.Line("sbyte[] t = T" + step.Index + ";");
                w.Line("for (int i = 0; i < " + n + "; i++) " + At("y", "i", yo) + " = t[" + At("x", "i", xo) + " + 128];");
                return;
            }
            w.Open("for (int i = 0; i < " + n + "; i++)");
            w.Line("float r = " + At("x", "i", xo) + ";");
            w.Line(At("y", "i", yo) + " = " + Function(((ActivationOp)step.Op).Function, "r") + ";");
            w.Close();
        }

        private static string Function(ActivationFunction f, string x) => f switch
        {
            ActivationFunction.Relu => x + " > 0f ? " + x + " : 0f",
            ActivationFunction.LeakyRelu => x + " > 0f ? " + x + " : 0.01f * " + x,
            ActivationFunction.Sigmoid => "Sigmoid(" + x + ")",
            ActivationFunction.Tanh => "Tanh(" + x + ")",
            ActivationFunction.Softplus => "Softplus(" + x + ")",
            _ => x,
        };

    }
}
