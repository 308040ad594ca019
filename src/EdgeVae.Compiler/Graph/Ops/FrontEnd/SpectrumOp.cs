using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// The one-sided spectrum of every frame: a real FFT of <see cref="Length"/> points (a power of two, 32 … 1024) and
    /// |X_k|² (power) or |X_k| (magnitude) for k = 0 … n/2, unscaled (numpy.abs(numpy.fft.rfft(frame))**2). In fixed point a
    /// block-floating-point FFT (<see cref="Contract.FixedFft"/>): each frame's bins share one exponent.
    /// </summary>
    public sealed record SpectrumOp(string Name, int Length, bool Magnitude) : FrontEndOp(Name)
    {
        public const string TypeName = "spectrum";

        public const int MinLength = 32, MaxLength = 1024;

        public override string Type => TypeName;

        public int Bins => Length / 2 + 1;

        /// <summary>Radix-2 butterflies (four real products each) plus the squared magnitudes, per frame.</summary>
        public override long Macs(TensorShape input)
        {
            int log2 = 0;
            while ((1 << log2) < Length) log2++;
            return input.Channels * (long)(input.Length / Length) * (2L * Length * log2 + 2L * Bins);
        }

        public override TensorShape OutputShape(TensorShape input)
        {
            if (Length < MinLength || Length > MaxLength || (Length & (Length - 1)) != 0)
                throw Error("has a length of " + Length + "; the FFT takes a power of two from " + MinLength + " to " + MaxLength);
            int frames = FramesOf(input, Length, "samples");
            return TensorShape.Sequence(input.Channels, frames * Bins);
        }

        public override void WriteMembers(OpWriter w)
        {
            w.Int("length", Length);
            w.String("kind", Magnitude ? "magnitude" : "power");
        }

        internal static SpectrumOp Read(MemberReader r, string name)
        {
            int length = r.Int("length", MinLength, MaxLength);
            var k = r.Required("kind", Json.JsonKind.String);
            if (k.Text != "power" && k.Text != "magnitude") throw MemberReader.Inconsistent(k, r.What + ": \"kind\" must be \"power\" or \"magnitude\"");
            return new SpectrumOp(name, length, k.Text == "magnitude");
        }
    }
}
