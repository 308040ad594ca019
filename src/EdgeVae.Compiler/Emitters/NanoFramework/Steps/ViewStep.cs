using EdgeVae.Compiler.Planning;

namespace EdgeVae.Compiler.Emitters.NanoFramework.Steps
{
    /// <summary>Reshape and the Gaussian head's μ: views, so nothing runs; a copy when the output must be another array.</summary>
    internal sealed class ViewStep : NanoFrameworkStep
    {
        public static readonly ViewStep Instance = new ViewStep();

        public override void EmitBody(IndentedWriter w, NanoFrameworkContext ctx, PlannedStep step, int xo, int yo) =>
            w.Line("Array.Copy(x, " + xo + ", y, " + yo + ", " + step.Output.Length + ");");
    }
}
