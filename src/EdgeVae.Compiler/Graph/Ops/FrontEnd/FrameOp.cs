using EdgeVae.Compiler.Model;
using EdgeVae.Compiler.ModelFormat;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// Cuts each channel of the raw window (<c>[steps·channels]</c>, interleaved as devices deliver it) into frames of
    /// <see cref="Length"/> samples every <see cref="Hop"/> (torch.stft with center=False: samples after the last whole frame
    /// are not used) and scales channel c by 1 / FullScale[c], so a full-scale sample is 1, saturating at ±32767/32768 as
    /// an ADC clips. In fixed point the samples are int16 at that scale. Output <c>[channels × frames·length]</c>.
    /// </summary>
    public sealed record FrameOp(string Name, int Channels, int Length, int Hop, EquatableArray<float> FullScale) : FrontEndOp(Name)
    {
        public const string TypeName = "frame";

        public const int MaxLength = 1 << 16;

        public override string Type => TypeName;

        /// <summary>Frames per channel of a window of <paramref name="steps"/> time steps (0 when it is shorter than a frame).</summary>
        public int FramesIn(int steps) => steps < Length ? 0 : (steps - Length) / Hop + 1;

        public override TensorShape OutputShape(TensorShape input)
        {
            if (input.Rank != 1) throw Error("takes the raw window [steps·channels] but gets " + input);
            if (input.Size % Channels != 0) throw Error("takes " + Channels + " interleaved channels but the window's " + input.Size + " values are not a multiple of that");
            if (FullScale.Count != Channels) throw Error("has " + FullScale.Count + " full-scale values for " + Channels + " channels");
            for (int c = 0; c < Channels; c++)
                if (!(FullScale[c] > 0) || float.IsInfinity(FullScale[c])) throw Error("full_scale[" + c + "] is " + FullScale[c] + "; it must be a positive finite number (the channel's largest magnitude)");
            int steps = (int)(input.Size / Channels), frames = FramesIn(steps);
            if (frames < 1) throw Error("takes frames of " + Length + " samples but the window has " + steps + " per channel");
            return TensorShape.Sequence(Channels, frames * Length);
        }

        public override void WriteMembers(OpWriter w)
        {
            w.Int("channels", Channels);
            w.Int("length", Length);
            w.Int("hop", Hop);
            w.Tensor("full_scale", FullScale, Channels);
        }

        internal static FrameOp Read(MemberReader r, string name)
        {
            int channels = r.Int("channels", 1, 4096), length = r.Int("length", 1, MaxLength), hop = r.Int("hop", 1, MaxLength);
            return new FrameOp(name, channels, length, hop, new EquatableArray<float>(r.Floats("full_scale", channels)));
        }
    }
}
