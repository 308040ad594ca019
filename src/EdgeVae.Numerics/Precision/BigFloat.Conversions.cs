using System.Globalization;
using System.Numerics;
using System.Text;

namespace EdgeVae.Numerics.Precision;

public readonly partial struct BigFloat
{
    /// <summary>Exactly the value of <paramref name="value"/>: every double, including subnormals, is representable.</summary>
    public static BigFloat FromDouble(double value)
    {
        if (double.IsNaN(value)) return NaN;
        if (double.IsPositiveInfinity(value)) return PositiveInfinity;
        if (double.IsNegativeInfinity(value)) return NegativeInfinity;
        if (value == 0) return default;
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = (biased == 0 ? 1 : biased) - 1075;
        return Canonical(negative ? -mantissa : mantissa, exponent);
    }

    /// <summary>Converts to <see cref="double"/>, correctly rounded (half to even), with overflow to ±∞ and gradual underflow.</summary>
    public double ToDouble() => RoundToBinaryFormat(significandBits: 53, minExponent: -1074, maxTop: 1024);

    /// <summary>Converts to <see cref="float"/> with a single correct rounding (no double rounding through <see cref="double"/>).</summary>
    public float ToSingle() => (float)RoundToBinaryFormat(significandBits: 24, minExponent: -149, maxTop: 128);

    /// <summary>Converts to <see cref="Half"/> with a single correct rounding.</summary>
    public Half ToHalf() => (Half)RoundToBinaryFormat(significandBits: 11, minExponent: -24, maxTop: 16);

    /// <summary>
    /// Rounds to an IEEE binary format and returns it as a double, which holds every such value exactly.
    /// <paramref name="minExponent"/> is the exponent of the smallest subnormal; <paramref name="maxTop"/>
    /// the first power of two that overflows.
    /// </summary>
    private double RoundToBinaryFormat(int significandBits, int minExponent, int maxTop)
    {
        switch (_kind)
        {
            case Kind.NaNValue: return double.NaN;
            case Kind.PositiveInf: return double.PositiveInfinity;
            case Kind.NegativeInf: return double.NegativeInfinity;
        }
        if (_mantissa.IsZero) return 0.0;
        int sign = _mantissa.Sign;
        long top = Top;
        // Below the smallest subnormal only the bits that remain above 2^minExponent survive.
        long available = top - minExponent;
        if (available < 0) return sign * 0.0;
        BigFloat rounded;
        if (available == 0)
        {
            // |x| in [2^(min−1), 2^min): rounds to 2^min unless it is exactly half (ties to even: zero).
            bool exactHalf = BigInteger.Abs(_mantissa).IsOne;
            return exactHalf ? sign * 0.0 : sign * Math.ScaleB(1.0, minExponent);
        }
        rounded = Round(_mantissa, _exponent, (int)Math.Min(significandBits, available));
        if (rounded.Top > maxTop) return sign > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        return Math.ScaleB((double)rounded._mantissa, rounded._exponent);
    }

    /// <summary>The value of a decimal string (<c>-12.5e-3</c>, <c>inf</c>, <c>nan</c>), correctly rounded to <see cref="Precision"/>.</summary>
    /// <exception cref="FormatException">The text is not a decimal number; the message quotes it.</exception>
    public static BigFloat Parse(string text) => Parse(text.AsSpan(), Precision);

    /// <summary>The value of a decimal string, correctly rounded to <paramref name="bits"/> bits.</summary>
    public static BigFloat Parse(ReadOnlySpan<char> text, int bits)
    {
        CheckPrecision(bits);
        if (!TryParseCore(text, bits, out BigFloat value))
        {
            throw new FormatException($"'{text.ToString()}' is not a decimal number (expected digits with an optional sign, point and exponent, e.g. -1.25e-3).");
        }
        return value;
    }

    private static bool TryParseCore(ReadOnlySpan<char> s, int bits, out BigFloat result)
    {
        result = default;
        s = s.Trim();
        if (s.IsEmpty) return false;
        bool negative = false;
        if (s[0] == '+' || s[0] == '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("infinity", StringComparison.OrdinalIgnoreCase) || s.SequenceEqual("∞"))
        {
            result = negative ? NegativeInfinity : PositiveInfinity;
            return true;
        }
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            result = NaN;
            return true;
        }
        var digits = new StringBuilder();
        int decimalExponent = 0;
        bool seenPoint = false, seenDigit = false;
        int i = 0;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= '0' && c <= '9')
            {
                digits.Append(c);
                seenDigit = true;
                if (seenPoint) decimalExponent--;
            }
            else if (c == '.' && !seenPoint) seenPoint = true;
            else break;
        }
        if (!seenDigit) return false;
        if (i < s.Length)
        {
            if (s[i] != 'e' && s[i] != 'E') return false;
            if (!int.TryParse(s[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int exp)) return false;
            if (Math.Abs(exp) > 400_000_000) return false;
            decimalExponent += exp;
        }
        BigInteger n = BigInteger.Parse(digits.ToString(), CultureInfo.InvariantCulture);
        if (negative) n = -n;
        result = FromRational(n, decimalExponent, bits);
        return true;
    }

    /// <summary><c>n · 10^k</c> correctly rounded to <paramref name="bits"/> bits.</summary>
    private static BigFloat FromRational(BigInteger n, int decimalExponent, int bits)
    {
        if (n.IsZero) return default;
        if (decimalExponent >= 0) return Round(n * BigInteger.Pow(10, decimalExponent), 0, bits);
        // 10^-k = 5^-k · 2^-k: divide by the odd part with a sticky remainder, scale by the power of two.
        BigInteger five = BigInteger.Pow(5, -decimalExponent);
        long shift = Math.Max(0, bits + 3 + (long)five.GetBitLength() - (long)BigInteger.Abs(n).GetBitLength());
        BigInteger q = BigInteger.DivRem(n << (int)shift, five, out BigInteger r);
        return Round(q, -shift + decimalExponent, bits, sticky: !r.IsZero);
    }

    /// <summary>
    /// Scientific decimal notation with <paramref name="significantDigits"/> digits, correctly rounded
    /// (half to even) from the exact binary value, e.g. <c>3.14159E+0</c>.
    /// </summary>
    public string ToScientific(int significantDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(significantDigits, 1);
        switch (_kind)
        {
            case Kind.NaNValue: return "NaN";
            case Kind.PositiveInf: return "∞";
            case Kind.NegativeInf: return "-∞";
        }
        if (_mantissa.IsZero) return "0";
        BigInteger mag = BigInteger.Abs(_mantissa);
        // Estimate the decimal exponent from the binary one, then correct by at most one step.
        int e10 = (int)Math.Floor((Top - 1) * 0.30102999566398120);
        BigInteger digits = ScaledDigits(mag, _exponent, significantDigits - 1 - e10);
        BigInteger limit = BigInteger.Pow(10, significantDigits);
        if (digits >= limit)
        {
            e10++;
            digits = ScaledDigits(mag, _exponent, significantDigits - 1 - e10);
        }
        else if (digits < limit / 10)
        {
            e10--;
            digits = ScaledDigits(mag, _exponent, significantDigits - 1 - e10);
        }
        if (digits >= limit)
        {
            // Rounding carried into a new digit (9.99… → 10.0…).
            digits /= 10;
            e10++;
        }
        string d = digits.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        if (_mantissa.Sign < 0) sb.Append('-');
        sb.Append(d[0]);
        if (d.Length > 1) sb.Append('.').Append(d, 1, d.Length - 1);
        sb.Append('E').Append(e10 >= 0 ? "+" : "").Append(e10.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>round(mag · 2^e · 10^k), half to even, exactly.</summary>
    private static BigInteger ScaledDigits(BigInteger mag, int e, int k)
    {
        BigInteger num = mag, den = BigInteger.One;
        if (k >= 0) num *= BigInteger.Pow(10, k); else den *= BigInteger.Pow(10, -k);
        if (e >= 0) num <<= e; else den <<= -e;
        BigInteger q = BigInteger.DivRem(num, den, out BigInteger r);
        int c = (r * 2).CompareTo(den);
        if (c > 0 || (c == 0 && !q.IsEven)) q += 1;
        return q;
    }

    /// <summary>Decimal digits enough to identify the value (from its own mantissa length, not the ambient precision).</summary>
    public override string ToString() => ToScientific(DigitsFor(Math.Max(24, _mantissa.IsZero ? 1 : (int)Math.Min(int.MaxValue, BigInteger.Abs(_mantissa).GetBitLength()))));

    private static int DigitsFor(int bits) => (int)Math.Ceiling(bits * 0.30102999566398120) + 1;
}
