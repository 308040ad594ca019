namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// An op of the signal front-end, which runs before <see cref="NormalizeOp"/> on the raw window and computes the
    /// features the network sees. Its tensors are <c>[channels × values]</c>, each channel's frames back to back; the
    /// front-end has no trainable values and is fixed point on every device (<see cref="FrontEndChain"/>).
    /// </summary>
    public abstract record FrontEndOp : Op
    {
        protected FrontEndOp(string name) : base(name)
        {
        }

        /// <summary>Checks a <c>[channels × frames·width]</c> input whose frames are <paramref name="width"/> values wide.</summary>
        protected int FramesOf(TensorShape input, int width, string what)
        {
            if (input.Rank != 2) throw Error("takes [channels × values] from the frame op but gets " + input);
            if (input.Length % width != 0) throw Error("takes frames of " + width + " " + what + " but gets " + input.Length + " values per channel, not a multiple of it");
            return input.Length / width;
        }
    }
}
