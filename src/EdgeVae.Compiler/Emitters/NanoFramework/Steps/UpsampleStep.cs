using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Planning;

namespace EdgeVae.Compiler.Emitters.NanoFramework.Steps
{
    /// <summary>Upsample: each value repeated along the length.</summary>
    internal sealed class UpsampleStep : NanoFrameworkStep
    {
        public static readonly UpsampleStep Instance = new UpsampleStep();

        public override void EmitBody(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step, int xo, int yo)
        {
            int factor = ((UpsampleOp)step.Op).Factor, length = step.InputShape.Length;
            w.Open("for (int c = 0; c < " + step.InputShape.Channels + "; c++)");
            w.Open("for (int j = 0; j < " + length + "; j++)");
            w.Line(ctx.Act + " v = x[" + xo + " + c * " + length + " + j];");
            w.Line("int at = " + yo + " + c * " + length * factor + " + j * " + factor + ";");
            w.Line("for (int f = 0; f < " + factor + "; f++) y[at + f] = v;");
            w.Close();
            w.Close();
        }
    }
}
