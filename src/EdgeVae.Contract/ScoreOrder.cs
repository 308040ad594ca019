namespace EdgeVae.Contract
{
    /// <summary>
    /// The summation order of every score (the mean squared error, its per-channel shares): feature i goes into partial
    /// sum i mod <see cref="Lanes"/> in increasing i, and the eight partials are joined as
    /// ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7)) — the order of an 8-wide vector reduction — before one division
    /// by the feature count in float32. A SIMD host and a scalar device then get the same float bit for bit.
    /// </summary>
    public static class ScoreOrder
    {
        /// <summary>Partial sums, one per lane of the 8-wide reduction.</summary>
        public const int Lanes = 8;

        /// <summary>The contract's join of the eight partial sums.</summary>
        public static float Join(float p0, float p1, float p2, float p3, float p4, float p5, float p6, float p7) =>
            ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7));
    }
}
