using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>The window functions a <see cref="WindowOp"/> applies (periodic, as torch.hann_window's default).</summary>
    public enum WindowFunction
    {
        Hann,
        Hamming,
    }

    /// <summary>Multiplies every frame by a window of its length (Hann or Hamming, periodic); in fixed point a Q15 table.</summary>
    public sealed record WindowOp(string Name, int Length, WindowFunction Function) : FrontEndOp(Name)
    {
        public const string TypeName = "window";

        public override string Type => TypeName;

        public override long Macs(TensorShape input) => input.Size;

        public override TensorShape OutputShape(TensorShape input)
        {
            FramesOf(input, Length, "samples");
            return input;
        }

        public override void WriteMembers(OpWriter w)
        {
            w.Int("length", Length);
            w.String("function", FunctionName(Function));
        }

        public static string FunctionName(WindowFunction f) => f == WindowFunction.Hann ? "hann" : "hamming";

        internal static WindowOp Read(MemberReader r, string name)
        {
            int length = r.Int("length", 2, FrameOp.MaxLength);
            var f = r.Required("function", Json.JsonKind.String);
            var function = f.Text switch
            {
                "hann" => WindowFunction.Hann,
                "hamming" => WindowFunction.Hamming,
                _ => throw MemberReader.Inconsistent(f, r.What + ": \"function\" must be \"hann\" or \"hamming\""),
            };
            return new WindowOp(name, length, function);
        }
    }
}
