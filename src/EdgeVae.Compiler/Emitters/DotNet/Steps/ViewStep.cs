using EdgeVae.Compiler.Planning;

namespace EdgeVae.Compiler.Emitters.DotNet.Steps
{
    /// <summary>Reshape and the Gaussian head's μ: views of their input, so nothing runs (a copy, when the caller's buffer must hold them).</summary>
    internal sealed class ViewStep : DotNetStep
    {
        public static readonly ViewStep Instance = new ViewStep();

        public override void EmitRun(IndentedWriter w, DotNetContext ctx, PlannedStep step, string input, string output, string scratch) =>
            w.Line(input + ".Slice(0, " + step.Output.Length + ").CopyTo(" + output + ");");
    }
}
