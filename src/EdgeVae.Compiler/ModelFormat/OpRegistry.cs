using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Json;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>The op types the format knows, by the name the file spells them with: one line per op.</summary>
    internal static class OpRegistry
    {
        public const string Known = "normalize, dense, conv1d, upsample, activation, reshape, transpose, gaussian_head, batch_norm (folded on reading), and the front-end's select, frame, window, spectrum, mel, bands, log, stats, concat";

        /// <summary>Reads op <paramref name="name"/> of <paramref name="type"/>, given the shape it will take.</summary>
        public static Op Read(string type, MemberReader r, string name, TensorShape input, JsonValue typeValue) => type switch
        {
            SelectOp.TypeName => SelectOp.Read(r, name),
            ConcatOp.TypeName => ConcatOp.Read(r, name),
            FrameOp.TypeName => FrameOp.Read(r, name),
            WindowOp.TypeName => WindowOp.Read(r, name),
            SpectrumOp.TypeName => SpectrumOp.Read(r, name),
            MelOp.TypeName => MelOp.Read(r, name),
            BandsOp.TypeName => BandsOp.Read(r, name),
            LogOp.TypeName => LogOp.Read(r, name),
            StatsOp.TypeName => StatsOp.Read(r, name),
            BatchNormOp.TypeName => BatchNormOp.Read(r, name),
            NormalizeOp.TypeName => NormalizeOp.Read(r, name, input),
            DenseOp.TypeName => DenseOp.Read(r, name),
            Conv1DOp.TypeName => Conv1DOp.Read(r, name),
            UpsampleOp.TypeName => UpsampleOp.Read(r, name),
            ActivationOp.TypeName => ActivationOp.Read(r, name),
            ReshapeOp.TypeName => ReshapeOp.Read(r, name),
            TransposeOp.TypeName => TransposeOp.Read(r, name),
            GaussianHeadOp.TypeName => GaussianHeadOp.Read(r, name),
            _ => throw MemberReader.Inconsistent(typeValue, r.What + ": unknown op type \"" + JsonParser.Printable(type) + "\"; this version knows " + Known),
        };
    }
}
