using System.Numerics;

namespace EdgeVae.Numerics.Precision;

/// <summary>
/// An arbitrary-precision binary floating-point number: <c>mantissa · 2^exponent</c> with a
/// <see cref="BigInteger"/> mantissa. Results of <c>+ − × ÷ √</c> are correctly rounded (round half to
/// even) to the precision in force (<see cref="Precision"/>, set with <see cref="UsePrecision"/>);
/// <c>exp</c>, <c>log</c>, <c>tanh</c> and the other functions are computed with guard bits and are
/// accurate to within an ulp of it. It takes part in .NET generic math, so the same tensor, layer
/// and loss code that runs in <see cref="float"/> runs in it, as the exact-mathematics oracle.
/// </summary>
/// <remarks>
/// Values are kept canonical (odd mantissa, or zero with exponent 0), so equality is structural.
/// The precision is ambient, as in MPFR's default precision or mpmath's <c>mp.prec</c>, because the
/// static members that generic math requires (<c>One</c>, <c>Pi</c>, <c>Exp</c>) have no instance to
/// carry it. It flows through <see cref="AsyncLocal{T}"/>, so parallel loops inherit it.
/// </remarks>
public readonly partial struct BigFloat
{
    private enum Kind : byte { Finite = 0, NaNValue = 1, PositiveInf = 2, NegativeInf = 3 }

    /// <summary>Exponents beyond this (in bits) overflow to infinity or underflow to zero.</summary>
    internal const long MaxBinaryExponent = 1L << 30;

    private readonly BigInteger _mantissa;
    private readonly int _exponent;
    private readonly Kind _kind;

    private BigFloat(BigInteger mantissa, int exponent, Kind kind)
    {
        _mantissa = mantissa;
        _exponent = exponent;
        _kind = kind;
    }

    /// <summary>The signed integer mantissa; the value is <c>Mantissa · 2^Exponent</c>.</summary>
    public BigInteger Mantissa => _mantissa;

    /// <summary>The binary exponent; the value is <c>Mantissa · 2^Exponent</c>.</summary>
    public int Exponent => _exponent;

    private bool IsFiniteValue => _kind == Kind.Finite;

    /// <summary>Position of the top bit plus one: <c>2^(Top−1) ≤ |x| &lt; 2^Top</c>. Zero for zero.</summary>
    internal long Top => _mantissa.IsZero ? long.MinValue / 4 : _exponent + (long)BigInteger.Abs(_mantissa).GetBitLength();

    /// <summary>Creates a value exactly equal to <paramref name="mantissa"/> · 2^<paramref name="exponent"/> (no rounding).</summary>
    public static BigFloat FromParts(BigInteger mantissa, int exponent) => Canonical(mantissa, exponent);

    private static BigFloat Canonical(BigInteger mantissa, long exponent)
    {
        if (mantissa.IsZero) return default;
        long tz = (long)BigInteger.TrailingZeroCount(BigInteger.Abs(mantissa));
        if (tz > 0)
        {
            mantissa >>= (int)tz;
            exponent += tz;
        }
        long top = exponent + (long)BigInteger.Abs(mantissa).GetBitLength();
        if (top > MaxBinaryExponent) return mantissa.Sign > 0 ? PositiveInfinity : NegativeInfinity;
        if (top < -MaxBinaryExponent) return default;
        return new BigFloat(mantissa, (int)exponent, Kind.Finite);
    }

    /// <summary>
    /// Rounds <c>m · 2^e</c> to <paramref name="bits"/> significant bits, half to even. <paramref name="sticky"/>
    /// says that the true value lies strictly beyond <c>m · 2^e</c> in the direction away from zero
    /// (a discarded non-zero remainder); callers that pass it keep at least two bits below the target.
    /// </summary>
    internal static BigFloat Round(BigInteger m, long e, int bits, bool sticky = false)
    {
        if (m.IsZero) return default;
        int sign = m.Sign;
        BigInteger mag = BigInteger.Abs(m);
        long length = (long)mag.GetBitLength();
        long shift = length - bits;
        if (shift <= 0)
        {
            // Exact unless a sticky remainder is below; callers with sticky guarantee shift ≥ 2.
            return Canonical(sign < 0 ? -mag : mag, e);
        }
        BigInteger q = mag >> (int)shift;
        BigInteger rem = mag - (q << (int)shift);
        BigInteger half = BigInteger.One << (int)(shift - 1);
        int cmp = rem.CompareTo(half);
        if (cmp == 0 && sticky) cmp = 1;
        if (cmp > 0 || (cmp == 0 && !q.IsEven)) q += BigInteger.One;
        return Canonical(sign < 0 ? -q : q, e + shift);
    }

    /// <summary>Rounds this value to <paramref name="bits"/> significant bits (half to even).</summary>
    public BigFloat RoundToPrecision(int bits)
    {
        CheckPrecision(bits);
        return IsFiniteValue ? Round(_mantissa, _exponent, bits) : this;
    }

    /// <summary>One unit in the last place of this value at <paramref name="bits"/> bits of precision.</summary>
    public BigFloat Ulp(int bits)
    {
        if (!IsFiniteValue) return NaN;
        if (_mantissa.IsZero) return default;
        return Canonical(BigInteger.One, Top - bits);
    }

    internal static BigFloat AddCore(BigFloat a, BigFloat b, int bits)
    {
        if (!a.IsFiniteValue || !b.IsFiniteValue) return AddSpecial(a, b);
        if (a._mantissa.IsZero) return b.RoundToPrecisionUnchecked(bits);
        if (b._mantissa.IsZero) return a.RoundToPrecisionUnchecked(bits);
        if (a.Top < b.Top) (a, b) = (b, a);

        // A far smaller addend only decides which side of a rounding boundary the sum falls on, so
        // replace it by a tiny stand-in of the same sign below that resolution (see the class notes):
        // this keeps the alignment shift bounded by the precision, not by the exponent gap.
        long resolution = Math.Min(a.Top - bits - 2, a._exponent);
        if (b.Top <= resolution - 1)
        {
            b = new BigFloat(b._mantissa.Sign, (int)(resolution - 2), Kind.Finite);
        }
        long e = Math.Min(a._exponent, b._exponent);
        BigInteger sum = (a._mantissa << (int)(a._exponent - e)) + (b._mantissa << (int)(b._exponent - e));
        return Round(sum, e, bits);
    }

    private BigFloat RoundToPrecisionUnchecked(int bits) => Round(_mantissa, _exponent, bits);

    private static BigFloat AddSpecial(BigFloat a, BigFloat b)
    {
        if (a._kind == Kind.NaNValue || b._kind == Kind.NaNValue) return NaN;
        if (a._kind == Kind.Finite) return b;
        if (b._kind == Kind.Finite) return a;
        return a._kind == b._kind ? a : NaN;
    }

    internal static BigFloat MultiplyCore(BigFloat a, BigFloat b, int bits)
    {
        if (!a.IsFiniteValue || !b.IsFiniteValue)
        {
            if (a._kind == Kind.NaNValue || b._kind == Kind.NaNValue) return NaN;
            int sa = a.SignOf(), sb = b.SignOf();
            if (sa == 0 || sb == 0) return NaN;
            return sa * sb > 0 ? PositiveInfinity : NegativeInfinity;
        }
        return Round(a._mantissa * b._mantissa, (long)a._exponent + b._exponent, bits);
    }

    internal static BigFloat DivideCore(BigFloat a, BigFloat b, int bits)
    {
        if (a._kind == Kind.NaNValue || b._kind == Kind.NaNValue) return NaN;
        if (!a.IsFiniteValue)
        {
            if (!b.IsFiniteValue) return NaN;
            return a.SignOf() * (b._mantissa.Sign < 0 ? -1 : 1) > 0 ? PositiveInfinity : NegativeInfinity;
        }
        if (!b.IsFiniteValue) return default;
        if (b._mantissa.IsZero)
        {
            if (a._mantissa.IsZero) return NaN;
            return a._mantissa.Sign > 0 ? PositiveInfinity : NegativeInfinity;
        }
        if (a._mantissa.IsZero) return default;

        // Enough quotient bits that rounding sees two bits below the target and a sticky remainder.
        long la = (long)BigInteger.Abs(a._mantissa).GetBitLength();
        long lb = (long)BigInteger.Abs(b._mantissa).GetBitLength();
        long shift = Math.Max(0, bits + 3 + lb - la);
        BigInteger q = BigInteger.DivRem(a._mantissa << (int)shift, b._mantissa, out BigInteger r);
        return Round(q, (long)a._exponent - shift - b._exponent, bits, sticky: !r.IsZero);
    }

    internal static BigFloat SqrtCore(BigFloat x, int bits)
    {
        if (x._kind == Kind.NaNValue || x._kind == Kind.NegativeInf) return NaN;
        if (x._kind == Kind.PositiveInf) return x;
        if (x._mantissa.IsZero) return default;
        if (x._mantissa.Sign < 0) return NaN;

        long length = (long)x._mantissa.GetBitLength();
        long shift = Math.Max(0, 2 * (bits + 3) - length);
        if (((x._exponent - shift) & 1) != 0) shift++;
        BigInteger scaled = x._mantissa << (int)shift;
        BigInteger root = IntegerSqrt(scaled);
        bool sticky = root * root != scaled;
        return Round(root, (x._exponent - shift) / 2, bits, sticky);
    }

    /// <summary>⌊√n⌋ for n ≥ 0 by Newton's iteration from an estimate above the root.</summary>
    internal static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.Sign <= 0) return BigInteger.Zero;
        long length = (long)n.GetBitLength();
        BigInteger x = BigInteger.One << (int)((length + 1) / 2);
        while (true)
        {
            BigInteger y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    private int SignOf() => _kind switch
    {
        Kind.PositiveInf => 1,
        Kind.NegativeInf => -1,
        Kind.NaNValue => 0,
        _ => _mantissa.Sign,
    };

    /// <summary>Exact three-way comparison; NaN compares below everything, as <see cref="double.CompareTo(double)"/> does.</summary>
    public int CompareTo(BigFloat other)
    {
        if (_kind == Kind.NaNValue) return other._kind == Kind.NaNValue ? 0 : -1;
        if (other._kind == Kind.NaNValue) return 1;
        if (!IsFiniteValue || !other.IsFiniteValue)
        {
            int a = _kind == Kind.PositiveInf ? 2 : _kind == Kind.NegativeInf ? -2 : 0;
            int b = other._kind == Kind.PositiveInf ? 2 : other._kind == Kind.NegativeInf ? -2 : 0;
            // At least one side is infinite: equal ranks mean the same infinity.
            return a.CompareTo(b);
        }
        int sa = _mantissa.Sign, sb = other._mantissa.Sign;
        if (sa != sb) return sa.CompareTo(sb);
        if (sa == 0) return 0;
        long ta = Top, tb = other.Top;
        if (ta != tb) return sa * ta.CompareTo(tb);
        long e = Math.Min(_exponent, other._exponent);
        BigInteger ma = _mantissa << (_exponent - (int)e);
        BigInteger mb = other._mantissa << (other._exponent - (int)e);
        return ma.CompareTo(mb);
    }

    internal static void CheckPrecision(int bits)
    {
        if (bits < MinPrecision || bits > MaxPrecision)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits,
                $"BigFloat precision must be between {MinPrecision} and {MaxPrecision} bits.");
        }
    }
}
