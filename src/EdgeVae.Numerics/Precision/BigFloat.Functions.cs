using System.Numerics;

namespace EdgeVae.Numerics.Precision;

/// <summary>
/// Elementary functions. Each works in fixed-point <see cref="BigInteger"/> arithmetic or in BigFloat
/// arithmetic with guard bits above the target precision (more where cancellation would eat them),
/// then rounds once, so results are accurate to within an ulp of the target.
/// </summary>
public readonly partial struct BigFloat
{
    private const int GuardBits = 32;

    private static readonly ConstantCache s_ln2 = new(Ln2FixedUncached);
    private static readonly ConstantCache s_pi = new(PiFixedUncached);

    /// <summary>e^x accurate to <paramref name="bits"/> bits.</summary>
    internal static BigFloat ExpCore(BigFloat x, int bits)
    {
        switch (x._kind)
        {
            case Kind.NaNValue: return NaN;
            case Kind.PositiveInf: return PositiveInfinity;
            case Kind.NegativeInf: return default;
        }
        if (x._mantissa.IsZero) return One;
        double approx = x.ToDouble();
        const double limit = MaxBinaryExponent * 0.6931471805599453;
        if (approx > limit) return PositiveInfinity;
        if (approx < -limit) return default;

        // e^x = 2^k · (e^(r/2^s))^(2^s) with r = x − k·ln 2, |r| ≤ ln2/2: the halvings make the Taylor
        // series short; each squaring doubles the error, hence s more guard bits.
        long k = (long)Math.Round(approx / 0.6931471805599453);
        int s = (int)Math.Sqrt(bits) / 2 + 2;
        int kBits = k == 0 ? 0 : 64 - (int)BitOperations.LeadingZeroCount((ulong)Math.Abs(k));
        int w = bits + GuardBits + s + kBits;
        BigInteger r = ToFixed(x, w) - k * s_ln2.Get(w);
        r >>= s;
        BigInteger one = BigInteger.One << w;
        BigInteger sum = one, term = one;
        for (int n = 1; !term.IsZero; n++)
        {
            term = ((term * r) >> w) / n;
            sum += term;
        }
        for (int i = 0; i < s; i++) sum = (sum * sum) >> w;
        return Round(sum, k - w, bits);
    }

    /// <summary>ln x accurate to <paramref name="bits"/> bits; NaN below zero, −∞ at zero.</summary>
    internal static BigFloat LogCore(BigFloat x, int bits)
    {
        switch (x._kind)
        {
            case Kind.NaNValue: return NaN;
            case Kind.PositiveInf: return PositiveInfinity;
            case Kind.NegativeInf: return NaN;
        }
        if (x._mantissa.IsZero) return NegativeInfinity;
        if (x._mantissa.Sign < 0) return NaN;
        if (x._mantissa.IsOne && x._exponent == 0) return default;

        // x = f · 2^E with f in [√½, √2), so E·ln2 and ln f never cancel.
        long e2 = x.Top - 1;
        BigFloat f = Canonical(x._mantissa, x._exponent - e2);
        if (f.ToDouble() > 1.4142135623730951)
        {
            e2++;
            f = Canonical(x._mantissa, x._exponent - e2);
        }
        // Near 1, ln f ≈ f − 1 is small: carry as many more bits as it has leading zeros.
        BigFloat d = AddCore(f, MinusOne, (int)Math.Min(MaxPrecision, (long)BigInteger.Abs(f._mantissa).GetBitLength() + 2));
        int extra = d._mantissa.IsZero ? 0 : (int)Math.Max(0, -d.Top);
        int w = bits + GuardBits + extra;

        BigFloat y = d._mantissa.IsZero ? default : LogOfNearOne(f, w);
        if (e2 == 0) return y.RoundToPrecisionUnchecked(bits);
        int eBits = 64 - (int)BitOperations.LeadingZeroCount((ulong)Math.Abs(e2));
        int wl = bits + GuardBits + eBits;
        BigFloat ln2 = Round(s_ln2.Get(wl), -wl, wl);
        BigFloat scaled = MultiplyCore(FromParts(e2, 0), ln2, wl);
        return AddCore(scaled, y, bits);
    }

    /// <summary>ln f for f in [√½, √2) by Newton's iteration y ← y − 1 + f·e^(−y), doubling precision each step.</summary>
    private static BigFloat LogOfNearOne(BigFloat f, int w)
    {
        var schedule = new List<int>();
        for (int p = w; p > 48; p = p / 2 + 8) schedule.Add(p);
        schedule.Reverse();
        BigFloat y = FromDouble(Math.Log(f.ToDouble()));
        // One more step at full precision covers a start that was poorer than a double (f − 1 tiny).
        schedule.Add(w);
        foreach (int p in schedule)
        {
            int pw = p + 8;
            BigFloat t = MultiplyCore(f, ExpCore(Negate(y), pw), pw);
            y = AddCore(y, AddCore(t, MinusOne, pw), pw);
        }
        return y;
    }

    /// <summary>⌊x · 2^w⌋ toward zero (x finite).</summary>
    private static BigInteger ToFixed(BigFloat x, int w)
    {
        long shift = (long)x._exponent + w;
        if (shift >= 0) return x._mantissa << (int)shift;
        if (-shift > int.MaxValue) return BigInteger.Zero;
        return BigInteger.Abs(x._mantissa) >> (int)-shift is var mag && x._mantissa.Sign < 0 ? -mag : mag;
    }

    /// <summary>ln 2 · 2^w = Σ 2/((2k+1)·3^(2k+1)) · 2^w, i.e. 2·atanh(1/3).</summary>
    private static BigInteger Ln2FixedUncached(int w)
    {
        int wg = w + 16;
        BigInteger power = (BigInteger.One << (wg + 1)) / 3;
        BigInteger sum = power;
        for (int k = 1; !power.IsZero; k++)
        {
            power /= 9;
            sum += power / (2 * k + 1);
        }
        return sum >> 16;
    }

    /// <summary>π · 2^w by Machin's formula π = 16·atan(1/5) − 4·atan(1/239).</summary>
    private static BigInteger PiFixedUncached(int w)
    {
        int wg = w + 16;
        BigInteger pi = 16 * AtanInverse(5, wg) - 4 * AtanInverse(239, wg);
        return pi >> 16;
    }

    private static BigInteger AtanInverse(int n, int w)
    {
        BigInteger power = (BigInteger.One << w) / n;
        BigInteger sum = power;
        BigInteger n2 = n * n;
        for (int k = 1; !power.IsZero; k++)
        {
            power /= n2;
            BigInteger term = power / (2 * k + 1);
            sum += (k & 1) == 1 ? -term : term;
        }
        return sum;
    }

    /// <summary>A fixed-point constant computed once at the largest precision asked for and shifted down for smaller ones.</summary>
    private sealed class ConstantCache(Func<int, BigInteger> compute)
    {
        private readonly Lock _gate = new();
        private int _bits;
        private BigInteger _value;

        public BigInteger Get(int w)
        {
            lock (_gate)
            {
                if (w > _bits)
                {
                    _bits = Math.Max(w, 2 * _bits);
                    _value = compute(_bits);
                }
                return _value >> (_bits - w);
            }
        }
    }

    private static BigFloat Negate(BigFloat x) => x._kind switch
    {
        Kind.Finite => new BigFloat(-x._mantissa, x._exponent, Kind.Finite),
        Kind.PositiveInf => NegativeInfinity,
        Kind.NegativeInf => PositiveInfinity,
        _ => NaN,
    };

    private static BigFloat MinusOne => new(BigInteger.MinusOne, 0, Kind.Finite);

    /// <summary>Bits the result of f(x) needs on top of the target so that cancellation near x = 0 costs nothing.</summary>
    private static int SmallArgumentGuard(BigFloat x) =>
        x.IsFiniteValue && !x._mantissa.IsZero && x.Top < 0 ? (int)Math.Min(MaxPrecision, -x.Top) : 0;

    private static BigFloat TanhCore(BigFloat x, int bits)
    {
        switch (x._kind)
        {
            case Kind.NaNValue: return NaN;
            case Kind.PositiveInf: return One;
            case Kind.NegativeInf: return MinusOne;
        }
        if (x._mantissa.IsZero) return default;
        int w = bits + GuardBits + SmallArgumentGuard(x);
        BigFloat ax = Abs(x);
        // tanh|x| = (1 − t)/(1 + t) with t = e^(−2|x|) ≤ 1: no overflow, and cancellation only near 0 (guarded).
        BigFloat t = ExpCore(Canonical(-ax._mantissa, (long)ax._exponent + 1), w);
        BigFloat result = DivideCore(AddCore(One, Negate(t), w), AddCore(One, t, w), bits);
        return x._mantissa.Sign < 0 ? Negate(result) : result;
    }

    /// <summary>1/(1 + e^(−x)), the logistic sigmoid, accurate to the current precision.</summary>
    public static BigFloat Sigmoid(BigFloat x)
    {
        int bits = Precision;
        int w = bits + GuardBits;
        BigFloat e = ExpCore(Negate(x), w);
        return DivideCore(One, AddCore(One, e, w), bits);
    }
}
