using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Decibels, max(10·log₁₀ v, FloorDb), of a power (after a spectrum or a filter bank of power): 0 dB is a full-scale
    /// value of 1. In fixed point a table log₂, in 1/256 dB.
    /// </summary>
    public sealed record LogOp(string Name, float FloorDb) : FrontEndOp(Name)
    {
        public const string TypeName = "log";

        public const float MinFloorDb = -300f;

        public override string Type => TypeName;

        public override long Macs(TensorShape input) => input.Size;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 2) throw Error("takes [channels × values] from a spectrum or filter bank but gets " + input);
            if (!(FloorDb >= MinFloorDb && FloorDb <= 100)) throw Error("has a floor of " + FloorDb + " dB; it must lie in [" + MinFloorDb + ", 100]");
            return input;
        }

        public override void WriteMembers(OpWriter w) => w.Number("floor_db", FloorDb);

        internal static LogOp Read(MemberReader r, string name) => new LogOp(name, r.Float("floor_db"));
    }
}
