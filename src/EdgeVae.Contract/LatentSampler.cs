namespace EdgeVae.Contract
{
    /// <summary>
    /// Standard-normal draws for a VAE's <c>Sample</c> that are the same on every target: xorshift32 for uniforms
    /// and the Irwin–Hall sum of twelve of them minus six (mean 0, variance 1, within ±6), in float arithmetic
    /// with no library functions.
    /// </summary>
    public static class LatentSampler
    {
        /// <summary>What a zero state is replaced by (xorshift never leaves 0).</summary>
        public const uint ZeroStateReplacement = 0x9E3779B9u;

        /// <summary>The next N(0, 1) draw; <paramref name="state"/> must not be 0 (it is replaced by a constant if it is).</summary>
        public static float NextGaussian(ref uint state)
        {
            if (state == 0) state = ZeroStateReplacement;
            float sum = 0;
            for (int i = 0; i < 12; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                sum += (state >> 8) * (1f / 16777216f);
            }
            return sum - 6f;
        }
    }
}
