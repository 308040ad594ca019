using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Quantization.Rules
{
    /// <summary>
    /// A nonlinearity that is not fused into the op before it: a table from the input's codes to the output's, sampled
    /// from the exact function (<see cref="ActivationMath"/>) — every int8 code, or 513 codes of the int16 range read with
    /// linear interpolation (<see cref="Int16Table"/>). An identity moves nothing.
    /// </summary>
    internal static class ActivationRule
    {
        public static QuantizedStep Quantize(ActivationOp op, RuleContext ctx)
        {
            if (op.Function == ActivationFunction.Identity) return ctx.Moved(new QuantizedReshape());
            var output = ctx.Params(op.Range, "op \"" + op.Name + "\"");
            var pre = ctx.Input;
            short[] table;
            if (ctx.Precision == QuantizedPrecision.Int8)
            {
                table = new short[256];
                for (int q = -128; q < 128; q++) table[q + 128] = (short)output.Quantize((float)ActivationMath.Apply(op.Function, pre.Dequantize(q)), -128, 127);
            }
            else
            {
                table = new short[Int16Table.Entries];
                for (int i = 0; i < table.Length; i++)
                    table[i] = (short)output.Quantize((float)ActivationMath.Apply(op.Function, pre.Dequantize(Int16Table.SampleCode(i))), -32767, 32767);
            }
            return new QuantizedLookup
            {
                Name = op.Name,
                FirstOp = ctx.FirstOp,
                LastOp = ctx.LastOp,
                InputShape = ctx.InputShape,
                OutputShape = ctx.OutputShape,
                Input = pre,
                Output = output,
                Function = op.Function,
                Table = new EquatableArray<short>(table),
            };
        }
    }
}
