namespace EdgeVae.Numerics.Precision;

public readonly partial struct BigFloat
{
    /// <summary>Smallest precision accepted, in bits.</summary>
    public const int MinPrecision = 8;

    /// <summary>Largest precision accepted, in bits (far beyond any oracle use; it bounds work per operation).</summary>
    public const int MaxPrecision = 1 << 20;

    private static readonly AsyncLocal<int> s_precision = new();
    private static int s_defaultPrecision = 256;

    /// <summary>
    /// The precision in bits that arithmetic rounds to on this logical call path: the innermost
    /// <see cref="UsePrecision"/> scope, else <see cref="DefaultPrecision"/>.
    /// </summary>
    public static int Precision
    {
        get
        {
            int p = s_precision.Value;
            return p != 0 ? p : s_defaultPrecision;
        }
    }

    /// <summary>The process-wide precision used outside any <see cref="UsePrecision"/> scope (256 bits unless set).</summary>
    public static int DefaultPrecision
    {
        get => s_defaultPrecision;
        set
        {
            CheckPrecision(value);
            s_defaultPrecision = value;
        }
    }

    /// <summary>
    /// Makes <paramref name="bits"/> the precision of every operation on this logical call path (and the
    /// tasks it starts) until the returned scope is disposed.
    /// </summary>
    /// <example><code>using (BigFloat.UsePrecision(512)) { var pi = BigFloat.Pi; }</code></example>
    public static PrecisionScope UsePrecision(int bits)
    {
        CheckPrecision(bits);
        int previous = s_precision.Value;
        s_precision.Value = bits;
        return new PrecisionScope(previous);
    }

    /// <summary>Restores the previous precision when disposed.</summary>
    public readonly struct PrecisionScope : IDisposable
    {
        private readonly int _previous;

        internal PrecisionScope(int previous) => _previous = previous;

        /// <inheritdoc />
        public void Dispose() => s_precision.Value = _previous;
    }
}
