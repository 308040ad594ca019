using System.Numerics;

namespace EdgeVae.Numerics.Precision;

/// <summary>
/// Trigonometric functions, correctly rounded to the precision (half to even): what the signal front-end's window and
/// FFT tables are checked against. Sine and cosine reduce the argument by π/2 in fixed point with enough bits for the
/// argument's size, sum the Taylor series with a bound on every truncation, and round only when both ends of the error
/// interval round alike (Ziv's strategy), with twice the working bits otherwise; the result of a non-zero argument is
/// irrational, so this ends. Tangent bounds the quotient of those intervals. An inverse function takes an approximation
/// from the arctangent's series, rounds it, and confirms it by the forward function at the two neighbouring midpoints
/// (the forward function is monotonic there), stepping to a neighbour when a midpoint says so.
/// </summary>
public readonly partial struct BigFloat : ITrigonometricFunctions<BigFloat>
{
    /// <summary>A fixed-point value v · 2^−W known to lie within [V − E, V + E].</summary>
    private readonly record struct FixedInterval(BigInteger V, BigInteger E, int W)
    {
        public BigFloat Low => FromParts(V - E, -W);

        public BigFloat High => FromParts(V + E, -W);

        /// <summary>The correctly rounded value, or null when the interval straddles a rounding boundary.</summary>
        public BigFloat? Rounded(int bits)
        {
            var lo = Round(V - E, -W, bits);
            return lo == Round(V + E, -W, bits) && (V - E).Sign == (V + E).Sign ? lo : null;
        }
    }

    public static BigFloat Sin(BigFloat x) => Trig(x, TrigKind.Sin, Precision);

    public static BigFloat Cos(BigFloat x) => Trig(x, TrigKind.Cos, Precision);

    public static BigFloat Tan(BigFloat x) => Trig(x, TrigKind.Tan, Precision);

    public static (BigFloat Sin, BigFloat Cos) SinCos(BigFloat x) => (Sin(x), Cos(x));

    /// <summary>sin(πx), exact at multiples of ½.</summary>
    public static BigFloat SinPi(BigFloat x) => TrigPi(x, TrigKind.Sin, Precision);

    /// <summary>cos(πx), exact at multiples of ½.</summary>
    public static BigFloat CosPi(BigFloat x) => TrigPi(x, TrigKind.Cos, Precision);

    /// <summary>tan(πx), exact at multiples of ½ (±∞ at odd ones) and at multiples of ¼.</summary>
    public static BigFloat TanPi(BigFloat x) => TrigPi(x, TrigKind.Tan, Precision);

    public static (BigFloat SinPi, BigFloat CosPi) SinCosPi(BigFloat x) => (SinPi(x), CosPi(x));

    public static BigFloat Atan(BigFloat x) => Inverse(x, TrigKind.Tan, pi: false);

    public static BigFloat Asin(BigFloat x) => Inverse(x, TrigKind.Sin, pi: false);

    public static BigFloat Acos(BigFloat x) => Inverse(x, TrigKind.Cos, pi: false);

    /// <summary>atan(x)/π.</summary>
    public static BigFloat AtanPi(BigFloat x) => Inverse(x, TrigKind.Tan, pi: true);

    /// <summary>asin(x)/π.</summary>
    public static BigFloat AsinPi(BigFloat x) => Inverse(x, TrigKind.Sin, pi: true);

    /// <summary>acos(x)/π.</summary>
    public static BigFloat AcosPi(BigFloat x) => Inverse(x, TrigKind.Cos, pi: true);

    private enum TrigKind { Sin, Cos, Tan }

    private static BigFloat Trig(BigFloat x, TrigKind kind, int bits)
    {
        if (!x.IsFiniteValue) return NaN;
        if (x._mantissa.IsZero) return kind == TrigKind.Cos ? One : default;
        // For |x| below 1 the result of sin and tan is about x: as many more bits as x has leading zeros.
        int w = bits + GuardBits + (int)Math.Min(MaxPrecision, Math.Max(0, -x.Top));
        while (true)
        {
            var (quadrant, r) = ReduceByHalfPi(x, w);
            if (Evaluate(quadrant, r, kind, w)?.Rounded(bits) is { } result) return result;
            w = Math.Min(MaxPrecision, 2 * w);
        }
    }

    private static BigFloat TrigPi(BigFloat x, TrigKind kind, int bits)
    {
        if (!x.IsFiniteValue) return NaN;
        // 2x = k + f with k an integer and |f| ≤ ½, both exact: πx = k·π/2 + f·π/2.
        var (quadrant, f) = SplitHalves(x);
        if (f._mantissa.IsZero) return ExactQuadrant(quadrant, kind);
        // tan(s·π/4) = s in even quadrants and −s in odd ones (−cot).
        if (kind == TrigKind.Tan && BigInteger.Abs(f._mantissa).IsOne && f._exponent == -1)
            return ((quadrant & 1) == 0) == (f._mantissa.Sign > 0) ? One : MinusOne;
        int w = bits + GuardBits + (int)Math.Min(MaxPrecision, Math.Max(0, -f.Top));
        while (true)
        {
            if (Evaluate(quadrant, TimesHalfPi(f, w), kind, w)?.Rounded(bits) is { } result) return result;
            w = Math.Min(MaxPrecision, 2 * w);
        }
    }

    /// <summary>2x = k + f exactly, with k the integer nearest 2x (halves up) and |f| ≤ ½; returns k mod 4 and f.</summary>
    private static (int Quadrant, BigFloat F) SplitHalves(BigFloat x)
    {
        BigFloat twice = Canonical(x._mantissa, (long)x._exponent + 1);
        if (twice._mantissa.IsZero || twice._exponent >= 0)
        {
            BigInteger whole = twice._mantissa.IsZero ? BigInteger.Zero : twice._mantissa << twice._exponent;
            return ((int)((BigInteger.Remainder(whole, 4) + 4) % 4), default);
        }
        int frac = -twice._exponent;
        BigInteger k = (twice._mantissa + (BigInteger.One << (frac - 1))) >> frac; // ⌊2x + ½⌋ (the shift floors)
        BigFloat f = Canonical(twice._mantissa - (k << frac), twice._exponent);
        return ((int)((BigInteger.Remainder(k, 4) + 4) % 4), f);
    }

    /// <summary>f·π/2 as a fixed-point interval at 2^−w (|f| ≤ ½): f and π/2 truncated, the product truncated.</summary>
    private static FixedInterval TimesHalfPi(BigFloat f, int w)
    {
        int wp = w + 4;
        BigInteger r = (ToFixed(f, wp) * (s_pi.Get(wp) >> 1)) >> wp;
        return new FixedInterval(r >> 4, 2, w);
    }

    /// <summary>sin, cos or tan at an exact multiple of π/2 (quadrant q): 0, ±1, or ±∞ for tan at odd ones.</summary>
    private static BigFloat ExactQuadrant(int q, TrigKind kind) => kind switch
    {
        TrigKind.Sin => q == 1 ? One : q == 3 ? MinusOne : default,
        TrigKind.Cos => q == 0 ? One : q == 2 ? MinusOne : default,
        _ => (q & 1) == 0 ? default : q == 1 ? PositiveInfinity : NegativeInfinity,
    };

    /// <summary>x = quadrant·π/2 + r (mod 2π) with |r| ≲ π/4, r as a fixed-point interval at 2^−w.</summary>
    private static (int Quadrant, FixedInterval R) ReduceByHalfPi(BigFloat x, int w)
    {
        // Enough bits that k·(π/2)'s truncation error (|k| < 2^(Top+1) units) stays below 2^−(w+6).
        int wr = (int)Math.Min(MaxPrecision + 64L, w + Math.Max(0, x.Top) + 8);
        BigInteger big = ToFixed(x, wr);
        BigInteger halfPi = s_pi.Get(wr) >> 1;
        BigInteger k = BigInteger.DivRem(big, halfPi, out BigInteger rem);
        // Round the quotient to nearest so that |r| ≤ π/4.
        if (BigInteger.Abs(rem) * 2 > halfPi)
        {
            k += rem.Sign;
            rem -= rem.Sign * halfPi;
        }
        int quadrant = (int)((BigInteger.Remainder(k, 4) + 4) % 4);
        int drop = wr - w;
        return (quadrant, new FixedInterval(rem >> drop, 2, w));
    }

    /// <summary>sin, cos or tan of quadrant·π/2 + r, as an interval at 2^−w; null when tan's denominator may be 0.</summary>
    private static FixedInterval? Evaluate(int quadrant, FixedInterval r, TrigKind kind, int w)
    {
        var (s, c) = SinCosFixed(r, w);
        (s, c) = quadrant switch
        {
            0 => (s, c),
            1 => (c, Neg(s)),
            2 => (Neg(s), Neg(c)),
            _ => (Neg(c), s),
        };
        if (kind == TrigKind.Sin) return s;
        if (kind == TrigKind.Cos) return c;
        return Quotient(s, c, w);
    }

    private static FixedInterval Neg(FixedInterval a) => a with { V = -a.V };

    /// <summary>sin r and cos r by their Taylor series in fixed point, each with its error bound (|r| ≤ 1).</summary>
    private static (FixedInterval Sin, FixedInterval Cos) SinCosFixed(FixedInterval r, int w)
    {
        BigInteger one = BigInteger.One << w, x = r.V;
        BigInteger sin = 0, cos = 0, term = one;
        int terms = 0;
        // term_n = r^n/n!; each step truncates once (≤ 1 unit) and the truncations do not grow (|r| ≤ 1).
        for (int n = 0; !term.IsZero; n++)
        {
            if ((n & 1) == 0) cos += (n & 2) == 0 ? term : -term;
            else sin += (n & 2) == 0 ? term : -term;
            term = (term * x) >> w;
            term /= n + 1;
            terms++;
        }
        // Two truncations per term, the tail below one unit, and r's own uncertainty, which moves sin and cos by at
        // most |Δr| (their derivatives are bounded by 1).
        BigInteger error = 2 * terms + 2 + r.E;
        return (new FixedInterval(sin, error, w), new FixedInterval(cos, error, w));
    }

    /// <summary>s/c as an interval at 2^−w, or null when c's interval holds 0 (the quotient is unbounded).</summary>
    private static FixedInterval? Quotient(FixedInterval s, FixedInterval c, int w)
    {
        BigInteger cLo = c.V - c.E, cHi = c.V + c.E;
        if (cLo.Sign != cHi.Sign || cLo.IsZero) return null;
        BigInteger[] ends =
        [
            ((s.V - s.E) << w) / cLo, ((s.V - s.E) << w) / cHi, ((s.V + s.E) << w) / cLo, ((s.V + s.E) << w) / cHi,
        ];
        BigInteger lo = ends.Min() - 1, hi = ends.Max() + 1; // the divisions truncate: one unit either way
        return new FixedInterval((lo + hi) / 2, (hi - lo + 1) / 2 + 1, w);
    }

    /// <summary>
    /// atan, asin or acos (over π when <paramref name="pi"/>) of x, correctly rounded: an approximation from the
    /// arctangent's series, then the forward function at the rounded candidate's two midpoints.
    /// </summary>
    private static BigFloat Inverse(BigFloat x, TrigKind forward, bool pi)
    {
        int bits = Precision;
        if (x._kind == Kind.NaNValue) return NaN;
        if (forward == TrigKind.Tan && !x.IsFiniteValue)
        {
            var half = pi ? FromParts(1, -1) : HalfPi(bits);
            return x._kind == Kind.PositiveInf ? half : Negate(half);
        }
        if (!x.IsFiniteValue) return NaN;
        int cmp = Abs(x).CompareTo(One);
        if (forward != TrigKind.Tan && cmp > 0) return NaN;
        // The exact cases: atan 0, asin 0, asin ±1 and acos ±1, 0 (over π: also atan ±1 = ±¼ and the halves).
        if (x._mantissa.IsZero)
            return forward == TrigKind.Cos ? (pi ? FromParts(1, -1) : HalfPi(bits)) : default;
        if (cmp == 0)
        {
            bool positive = x._mantissa.Sign > 0;
            if (forward == TrigKind.Cos) return positive ? default : pi ? One : PiRounded(bits);
            // atan ±1 = ±π/4, asin ±1 = ±π/2: π correctly rounded, scaled by a power of two (exact).
            BigFloat halfTurn = pi ? One : PiRounded(bits); // π, or 1 for the π forms
            BigFloat exact = Canonical(halfTurn._mantissa, (long)halfTurn._exponent - (forward == TrigKind.Tan ? 2 : 1));
            return positive ? exact : Negate(exact);
        }
        BigFloat candidate = Round(ApproximateInverse(x, forward, pi, bits + 64), bits);
        for (int step = 0; step < 64; step++)
        {
            int direction = CheckCandidate(candidate, x, forward, pi, bits);
            if (direction == 0) return candidate;
            candidate = Neighbour(candidate, direction, bits);
        }
        throw new InvalidOperationException($"BigFloat: the inverse trigonometric function of {x} did not settle; this is a bug.");
    }

    /// <summary>π at 2^−w as an interval: the truncated series sum lies within two units below π.</summary>
    private static FixedInterval PiInterval(int bits)
    {
        for (int w = bits + GuardBits; ; w *= 2)
        {
            var p = new FixedInterval(s_pi.Get(w) + 1, 2, w);
            if (p.Rounded(bits) is not null) return p;
        }
    }

    private static BigFloat PiRounded(int bits) => PiInterval(bits).Rounded(bits)!.Value;

    private static BigFloat HalfPi(int bits)
    {
        var p = PiRounded(bits);
        return Canonical(p._mantissa, (long)p._exponent - 1);
    }

    /// <summary>Rounds to <paramref name="bits"/> bits (half to even).</summary>
    private static BigFloat Round(BigFloat x, int bits) => x.IsFiniteValue ? Round(x._mantissa, x._exponent, bits) : x;

    /// <summary>The next representable value at <paramref name="bits"/> bits up (+1) or down (−1).</summary>
    private static BigFloat Neighbour(BigFloat c, int direction, int bits)
    {
        if (c._mantissa.IsZero) return FromParts(direction, -bits - 64);
        // Going toward zero from a power of two, the spacing halves.
        bool towardZero = (c._mantissa.Sign > 0) != (direction > 0);
        long ulpExponent = c.Top - bits - (towardZero && BigInteger.Abs(c._mantissa).IsPowerOfTwo ? 1 : 0);
        return ExactSum(c, Canonical(direction, ulpExponent));
    }

    /// <summary>
    /// 0 when <paramref name="c"/> is the correctly rounded inverse of x: the forward function at the midpoints
    /// below and above c brackets x. Otherwise the direction to step.
    /// </summary>
    private static int CheckCandidate(BigFloat c, BigFloat x, TrigKind forward, bool pi, int bits)
    {
        BigFloat below = Midpoint(c, Neighbour(c, -1, bits)), above = Midpoint(c, Neighbour(c, +1, bits));
        // The forward function increases on the inverse's range (tan, sin) or decreases (cos).
        int sign = forward == TrigKind.Cos ? -1 : 1;
        if (sign * CompareForward(below, x, forward, pi) > 0) return -1;
        if (sign * CompareForward(above, x, forward, pi) < 0) return +1;
        return 0;
    }

    private static BigFloat Midpoint(BigFloat a, BigFloat b)
    {
        var sum = ExactSum(a, b);
        return Canonical(sum._mantissa, (long)sum._exponent - 1);
    }

    /// <summary>a + b without rounding (both finite).</summary>
    private static BigFloat ExactSum(BigFloat a, BigFloat b)
    {
        if (a._mantissa.IsZero) return b;
        if (b._mantissa.IsZero) return a;
        long e = Math.Min(a._exponent, b._exponent);
        return Canonical((a._mantissa << (int)(a._exponent - e)) + (b._mantissa << (int)(b._exponent - e)), e);
    }

    /// <summary>The sign of f(m) − x, where f is the forward function (of πm when <paramref name="pi"/>) on the inverse's range.</summary>
    private static int CompareForward(BigFloat m, BigFloat x, TrigKind forward, bool pi)
    {
        // Beyond the inverse's range the forward function is not monotonic: a midpoint past an end counts as past x.
        BigFloat half = pi ? FromParts(1, -1) : default;
        if (forward != TrigKind.Cos)
        {
            if (pi ? Abs(m) >= half : AbsExceedsHalfPi(m)) return m._mantissa.Sign;
        }
        else if (m._mantissa.Sign <= 0 || (pi ? m >= One : ExceedsPi(m))) return m._mantissa.Sign <= 0 ? 1 : -1;
        for (int w = (int)Math.Max(64, (long)BigInteger.Abs(m._mantissa).GetBitLength() + BigInteger.Abs(x._mantissa).GetBitLength() + GuardBits); ; w = Math.Min(MaxPrecision, 2 * w))
        {
            FixedInterval? f;
            if (pi)
            {
                var (quadrant, rest) = SplitHalves(m);
                f = Evaluate(quadrant, TimesHalfPi(rest, w), forward, w);
            }
            else
            {
                var (quadrant, r) = ReduceByHalfPi(m, w);
                f = Evaluate(quadrant, r, forward, w);
            }
            if (f is { } v)
            {
                if (v.High < x) return -1;
                if (v.Low > x) return 1;
            }
            if (w >= MaxPrecision) throw new InvalidOperationException("BigFloat: a trigonometric comparison needs more than the maximum precision.");
        }
    }

    private static bool AbsExceedsHalfPi(BigFloat m)
    {
        var p = PiInterval(Math.Max(64, (int)Math.Min(MaxPrecision, (long)BigInteger.Abs(m._mantissa).GetBitLength() + 8)));
        return Abs(m) >= FromParts(p.V - p.E, -p.W - 1);
    }

    private static bool ExceedsPi(BigFloat m)
    {
        var p = PiInterval(Math.Max(64, (int)Math.Min(MaxPrecision, (long)BigInteger.Abs(m._mantissa).GetBitLength() + 8)));
        return m >= FromParts(p.V - p.E, -p.W);
    }

    /// <summary>An approximation of the inverse at <paramref name="w"/> bits (not rounded correctly; the check does that).</summary>
    private static BigFloat ApproximateInverse(BigFloat x, TrigKind forward, bool pi, int w)
    {
        BigFloat y = forward switch
        {
            TrigKind.Tan => AtanSeries(x, w),
            // asin x = atan(x / √((1 − x)(1 + x))), acos x = 2·atan(√((1 − x)/(1 + x))): no cancellation near ±1.
            TrigKind.Sin => AtanSeries(DivideCore(x, SqrtCore(MultiplyCore(AddCore(One, Negate(x), w), AddCore(One, x, w), w), w), w), w),
            _ => Twice(AtanSeries(SqrtCore(DivideCore(AddCore(One, Negate(x), w), AddCore(One, x, w), w), w), w)),
        };
        return pi ? DivideCore(y, FromParts(PiInterval(w).V, -PiInterval(w).W), w) : y;
    }

    private static BigFloat Twice(BigFloat v) => v._mantissa.IsZero ? v : Canonical(v._mantissa, (long)v._exponent + 1);

    /// <summary>atan x: 1/x beyond 1, halvings x/(1 + √(1 + x²)) to below 2^−10, then the alternating series.</summary>
    private static BigFloat AtanSeries(BigFloat x, int w)
    {
        if (x._mantissa.IsZero) return default;
        if (Abs(x) > One)
        {
            BigFloat inner = AtanSeries(DivideCore(One, x, w), w);
            BigFloat half = FromParts(PiInterval(w).V, -PiInterval(w).W - 1);
            return x._mantissa.Sign > 0 ? AddCore(half, Negate(inner), w) : AddCore(Negate(half), Negate(inner), w);
        }
        int halvings = 0;
        while (x.Top > -10)
        {
            x = DivideCore(x, AddCore(One, SqrtCore(AddCore(One, MultiplyCore(x, x, w), w), w), w), w);
            halvings++;
        }
        BigFloat x2 = MultiplyCore(x, x, w), power = x, sum = x;
        for (int n = 1; ; n++)
        {
            power = MultiplyCore(power, x2, w);
            BigFloat term = DivideCore(power, FromParts(2 * n + 1, 0), w);
            if (term._mantissa.IsZero || term.Top < sum.Top - w - 2) break;
            sum = AddCore(sum, (n & 1) == 1 ? Negate(term) : term, w);
        }
        return Canonical(sum._mantissa, (long)sum._exponent + halvings);
    }
}
