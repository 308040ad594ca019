using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace EdgeVae.Numerics.Precision;

/// <summary>The .NET generic-math surface: operators, constants and functions at the ambient precision.</summary>
public readonly partial struct BigFloat :
    INumber<BigFloat>,
    ISignedNumber<BigFloat>,
    IExponentialFunctions<BigFloat>,
    ILogarithmicFunctions<BigFloat>,
    IHyperbolicFunctions<BigFloat>,
    IRootFunctions<BigFloat>
{
    /// <summary>Not a number.</summary>
    public static BigFloat NaN => new(BigInteger.Zero, 0, Kind.NaNValue);

    /// <summary>+∞.</summary>
    public static BigFloat PositiveInfinity => new(BigInteger.Zero, 0, Kind.PositiveInf);

    /// <summary>−∞.</summary>
    public static BigFloat NegativeInfinity => new(BigInteger.Zero, 0, Kind.NegativeInf);

    /// <inheritdoc />
    public static BigFloat One => new(BigInteger.One, 0, Kind.Finite);

    /// <inheritdoc />
    public static BigFloat Zero => default;

    /// <inheritdoc />
    public static BigFloat NegativeOne => MinusOne;

    /// <inheritdoc />
    public static int Radix => 2;

    /// <inheritdoc />
    public static BigFloat AdditiveIdentity => default;

    /// <inheritdoc />
    public static BigFloat MultiplicativeIdentity => One;

    /// <summary>e at the current precision.</summary>
    public static BigFloat E => ExpCore(One, Precision);

    /// <summary>π at the current precision.</summary>
    public static BigFloat Pi
    {
        get
        {
            int p = Precision;
            return Round(s_pi.Get(p + GuardBits), -(p + GuardBits), p);
        }
    }

    /// <summary>2π at the current precision.</summary>
    public static BigFloat Tau
    {
        get
        {
            BigFloat pi = Pi;
            return pi.IsFiniteValue ? Canonical(pi._mantissa, (long)pi._exponent + 1) : pi;
        }
    }

    /// <summary>ln 2 at the current precision.</summary>
    public static BigFloat Ln2
    {
        get
        {
            int p = Precision;
            return Round(s_ln2.Get(p + GuardBits), -(p + GuardBits), p);
        }
    }

    // ---- operators -------------------------------------------------------------------------

    public static BigFloat operator +(BigFloat left, BigFloat right) => AddCore(left, right, Precision);
    public static BigFloat operator -(BigFloat left, BigFloat right) => AddCore(left, Negate(right), Precision);
    public static BigFloat operator *(BigFloat left, BigFloat right) => MultiplyCore(left, right, Precision);
    public static BigFloat operator /(BigFloat left, BigFloat right) => DivideCore(left, right, Precision);
    public static BigFloat operator %(BigFloat left, BigFloat right) => Remainder(left, right);
    public static BigFloat operator -(BigFloat value) => Negate(value);
    public static BigFloat operator +(BigFloat value) => value;
    public static BigFloat operator ++(BigFloat value) => value + One;
    public static BigFloat operator --(BigFloat value) => value - One;
    public static bool operator ==(BigFloat left, BigFloat right) => !IsNaN(left) && left.Equals(right);
    public static bool operator !=(BigFloat left, BigFloat right) => !(left == right);
    public static bool operator <(BigFloat left, BigFloat right) => !IsNaN(left) && !IsNaN(right) && left.CompareTo(right) < 0;
    public static bool operator >(BigFloat left, BigFloat right) => !IsNaN(left) && !IsNaN(right) && left.CompareTo(right) > 0;
    public static bool operator <=(BigFloat left, BigFloat right) => !IsNaN(left) && !IsNaN(right) && left.CompareTo(right) <= 0;
    public static bool operator >=(BigFloat left, BigFloat right) => !IsNaN(left) && !IsNaN(right) && left.CompareTo(right) >= 0;

    public static implicit operator BigFloat(double value) => FromDouble(value);
    public static implicit operator BigFloat(float value) => FromDouble(value);
    public static implicit operator BigFloat(int value) => Canonical(value, 0);
    public static implicit operator BigFloat(long value) => Canonical(value, 0);
    public static explicit operator double(BigFloat value) => value.ToDouble();
    public static explicit operator float(BigFloat value) => value.ToSingle();
    public static explicit operator Half(BigFloat value) => value.ToHalf();

    /// <summary>Exact remainder with the sign of the dividend (C#'s <c>%</c>, IEEE fmod).</summary>
    private static BigFloat Remainder(BigFloat a, BigFloat b)
    {
        if (!a.IsFiniteValue || IsNaN(b) || (b.IsFiniteValue && b._mantissa.IsZero)) return NaN;
        if (!b.IsFiniteValue) return a;
        if (a._mantissa.IsZero) return a;
        int e = Math.Min(a._exponent, b._exponent);
        BigInteger r = BigInteger.Remainder(a._mantissa << (a._exponent - e), b._mantissa << (b._exponent - e));
        return Canonical(r, e);
    }

    // ---- equality, hashing, comparison ----------------------------------------------------

    /// <summary>Structural equality of canonical values (so <c>NaN.Equals(NaN)</c> is true; <c>==</c> follows IEEE).</summary>
    public bool Equals(BigFloat other) => _kind == other._kind && _exponent == other._exponent && _mantissa.Equals(other._mantissa);

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is BigFloat other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_kind, _exponent, _mantissa);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        BigFloat other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare a BigFloat with {obj.GetType()}.", nameof(obj)),
    };

    // ---- classification -------------------------------------------------------------------

    public static BigFloat Abs(BigFloat value) => value._kind switch
    {
        Kind.Finite => value._mantissa.Sign < 0 ? new BigFloat(-value._mantissa, value._exponent, Kind.Finite) : value,
        Kind.NegativeInf => PositiveInfinity,
        _ => value,
    };

    public static bool IsCanonical(BigFloat value) => true;
    public static bool IsComplexNumber(BigFloat value) => false;
    public static bool IsEvenInteger(BigFloat value) => IsInteger(value) && (value._mantissa.IsZero || value._exponent > 0 || value._mantissa.IsEven);
    public static bool IsFinite(BigFloat value) => value.IsFiniteValue;
    public static bool IsImaginaryNumber(BigFloat value) => false;
    public static bool IsInfinity(BigFloat value) => value._kind is Kind.PositiveInf or Kind.NegativeInf;
    public static bool IsInteger(BigFloat value) => value.IsFiniteValue && (value._mantissa.IsZero || value._exponent >= 0);
    public static bool IsNaN(BigFloat value) => value._kind == Kind.NaNValue;
    public static bool IsNegative(BigFloat value) => value._kind == Kind.NegativeInf || (value.IsFiniteValue && value._mantissa.Sign < 0);
    public static bool IsNegativeInfinity(BigFloat value) => value._kind == Kind.NegativeInf;
    public static bool IsNormal(BigFloat value) => value.IsFiniteValue && !value._mantissa.IsZero;
    public static bool IsOddInteger(BigFloat value) => IsInteger(value) && !IsEvenInteger(value);
    public static bool IsPositive(BigFloat value) => value._kind == Kind.PositiveInf || (value.IsFiniteValue && value._mantissa.Sign >= 0);
    public static bool IsPositiveInfinity(BigFloat value) => value._kind == Kind.PositiveInf;
    public static bool IsRealNumber(BigFloat value) => !IsNaN(value);
    public static bool IsSubnormal(BigFloat value) => false;
    public static bool IsZero(BigFloat value) => value.IsFiniteValue && value._mantissa.IsZero;

    public static BigFloat MaxMagnitude(BigFloat x, BigFloat y) => IsNaN(x) || IsNaN(y) ? NaN : Abs(x).CompareTo(Abs(y)) >= 0 ? x : y;
    public static BigFloat MaxMagnitudeNumber(BigFloat x, BigFloat y) => IsNaN(x) ? y : IsNaN(y) ? x : MaxMagnitude(x, y);
    public static BigFloat MinMagnitude(BigFloat x, BigFloat y) => IsNaN(x) || IsNaN(y) ? NaN : Abs(x).CompareTo(Abs(y)) <= 0 ? x : y;
    public static BigFloat MinMagnitudeNumber(BigFloat x, BigFloat y) => IsNaN(x) ? y : IsNaN(y) ? x : MinMagnitude(x, y);
    public static BigFloat Max(BigFloat x, BigFloat y) => IsNaN(x) || IsNaN(y) ? NaN : x.CompareTo(y) >= 0 ? x : y;
    public static BigFloat Min(BigFloat x, BigFloat y) => IsNaN(x) || IsNaN(y) ? NaN : x.CompareTo(y) <= 0 ? x : y;
    public static int Sign(BigFloat value) => IsNaN(value)
        ? throw new ArithmeticException("The sign of NaN is undefined.")
        : value.SignOf();

    // ---- functions ------------------------------------------------------------------------

    public static BigFloat Exp(BigFloat x) => ExpCore(x, Precision);

    public static BigFloat Exp2(BigFloat x) => ExpOfScaled(x, Ln2Exact);

    public static BigFloat Exp10(BigFloat x) => ExpOfScaled(x, Ln10Exact);

    /// <summary>e^x − 1, without the cancellation of computing e^x first when x is small.</summary>
    public static BigFloat ExpM1(BigFloat x)
    {
        int bits = Precision;
        int w = bits + GuardBits + SmallArgumentGuard(x);
        return AddCore(ExpCore(x, w), MinusOne, bits);
    }

    public static BigFloat Exp2M1(BigFloat x) => ExpM1(MultiplyCore(x, Ln2Exact(Precision + GuardBits + SmallArgumentGuard(x)), Precision + GuardBits));

    public static BigFloat Exp10M1(BigFloat x) => ExpM1(MultiplyCore(x, Ln10Exact(Precision + GuardBits + SmallArgumentGuard(x)), Precision + GuardBits));

    public static BigFloat Log(BigFloat x) => LogCore(x, Precision);

    public static BigFloat Log(BigFloat x, BigFloat newBase)
    {
        int w = Precision + GuardBits;
        return DivideCore(LogCore(x, w), LogCore(newBase, w), Precision);
    }

    public static BigFloat Log2(BigFloat x) => DivideCore(LogCore(x, Precision + GuardBits), Ln2Exact(Precision + GuardBits), Precision);

    public static BigFloat Log10(BigFloat x) => DivideCore(LogCore(x, Precision + GuardBits), Ln10Exact(Precision + GuardBits), Precision);

    /// <summary>ln(1 + x), accurate for tiny x.</summary>
    public static BigFloat LogP1(BigFloat x)
    {
        int bits = Precision;
        if (x.IsFiniteValue && !x._mantissa.IsZero && x.Top < -(bits / 2) - 4)
        {
            // ln(1+x) = x − x²/2 + O(x³), and x³ is below the last place here.
            int w = bits + GuardBits;
            BigFloat half = Canonical(MultiplyCore(x, x, w)._mantissa, MultiplyCore(x, x, w)._exponent - 1L);
            return AddCore(x, Negate(half), bits);
        }
        if (!x.IsFiniteValue) return IsPositiveInfinity(x) ? x : NaN;
        long needed = Math.Max(1, -Math.Min(0L, x._exponent)) + (long)BigInteger.Abs(x._mantissa).GetBitLength() + bits + 4;
        BigFloat onePlus = AddCore(One, x, (int)Math.Min(MaxPrecision, needed));
        return LogCore(onePlus, bits);
    }

    public static BigFloat Log2P1(BigFloat x) => DivideCore(WithPrecision(Precision + GuardBits, () => LogP1(x)), Ln2Exact(Precision + GuardBits), Precision);

    public static BigFloat Log10P1(BigFloat x) => DivideCore(WithPrecision(Precision + GuardBits, () => LogP1(x)), Ln10Exact(Precision + GuardBits), Precision);

    public static BigFloat Tanh(BigFloat x) => TanhCore(x, Precision);

    public static BigFloat Sinh(BigFloat x)
    {
        int bits = Precision;
        int w = bits + GuardBits + SmallArgumentGuard(x);
        BigFloat e = ExpCore(x, w), inv = ExpCore(Negate(x), w);
        return Half(AddCore(e, Negate(inv), w), bits);
    }

    public static BigFloat Cosh(BigFloat x)
    {
        int bits = Precision;
        int w = bits + GuardBits;
        return Half(AddCore(ExpCore(x, w), ExpCore(Negate(x), w), w), bits);
    }

    public static BigFloat Asinh(BigFloat x)
    {
        if (!x.IsFiniteValue) return x;
        int bits = Precision;
        int w = bits + GuardBits + SmallArgumentGuard(x);
        BigFloat ax = Abs(x);
        // asinh|x| = ln(|x| + √(x²+1)), sign restored: no cancellation for either sign.
        BigFloat root = SqrtCore(AddCore(MultiplyCore(ax, ax, 2 * w), One, w), w);
        BigFloat result = WithPrecision(bits, () => LogP1(AddCore(ax, AddCore(root, MinusOne, w), w)));
        return x._mantissa.Sign < 0 ? Negate(result) : result;
    }

    public static BigFloat Acosh(BigFloat x)
    {
        if (IsNaN(x) || x < One) return NaN;
        if (IsPositiveInfinity(x)) return x;
        int bits = Precision;
        int w = bits + GuardBits + SmallArgumentGuard(AddCore(x, MinusOne, 2 * bits));
        BigFloat root = SqrtCore(AddCore(MultiplyCore(x, x, 2 * w), MinusOne, w), w);
        return LogCore(AddCore(x, root, w), bits);
    }

    public static BigFloat Atanh(BigFloat x)
    {
        if (IsNaN(x) || Abs(x) > One) return NaN;
        if (x == One) return PositiveInfinity;
        if (x == MinusOne) return NegativeInfinity;
        int bits = Precision;
        int w = bits + GuardBits + SmallArgumentGuard(x);
        BigFloat ratio = DivideCore(AddCore(One, x, w), AddCore(One, Negate(x), w), w);
        return Half(LogCore(ratio, w), bits);
    }

    public static BigFloat Sqrt(BigFloat x) => SqrtCore(x, Precision);

    public static BigFloat Cbrt(BigFloat x) => RootN(x, 3);

    public static BigFloat Hypot(BigFloat x, BigFloat y)
    {
        if (IsInfinity(x) || IsInfinity(y)) return PositiveInfinity;
        int bits = Precision;
        int w = bits + GuardBits;
        int exact = (int)Math.Min(MaxPrecision, 2 * Math.Max(MantissaBits(x), MantissaBits(y)) + 2);
        return SqrtCore(AddCore(MultiplyCore(x, x, exact), MultiplyCore(y, y, exact), w), bits);
    }

    public static BigFloat RootN(BigFloat x, int n)
    {
        if (n == 0 || IsNaN(x)) return NaN;
        if (IsZero(x)) return n > 0 ? default : PositiveInfinity;
        bool negative = IsNegative(x);
        if (negative && (n & 1) == 0) return NaN;
        int bits = Precision;
        int w = bits + GuardBits;
        BigFloat magnitude = ExpCore(DivideCore(LogCore(Abs(x), w + 32), FromParts(n, 0), w), bits);
        return negative ? Negate(magnitude) : magnitude;
    }

    private static long MantissaBits(BigFloat x) => x.IsFiniteValue ? (long)BigInteger.Abs(x._mantissa).GetBitLength() : 1;

    private static BigFloat Half(BigFloat x, int bits) =>
        x.IsFiniteValue && !x._mantissa.IsZero ? Round(x._mantissa, (long)x._exponent - 1, bits) : x;

    private static BigFloat Ln2Exact(int w) => Round(s_ln2.Get(w + 8), -(w + 8), w);

    private static BigFloat Ln10Exact(int w) => LogCore(FromParts(10, 0), w);

    private static BigFloat ExpOfScaled(BigFloat x, Func<int, BigFloat> logOfBase)
    {
        int bits = Precision;
        if (!x.IsFiniteValue) return ExpCore(x, bits);
        long topBits = Math.Max(0, x.Top);
        int w = (int)Math.Min(MaxPrecision, bits + GuardBits + topBits);
        return ExpCore(MultiplyCore(x, logOfBase(w), w), bits);
    }

    private static BigFloat WithPrecision(int bits, Func<BigFloat> compute)
    {
        using (UsePrecision(Math.Min(bits, MaxPrecision))) return compute();
    }

    // ---- parsing and formatting -----------------------------------------------------------

    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        if (string.IsNullOrEmpty(format)) return ToString();
        if ((format[0] == 'G' || format[0] == 'g' || format[0] == 'E' || format[0] == 'e') &&
            int.TryParse(format.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int digits) && digits > 0)
        {
            return ToScientific(digits);
        }
        if (format is "G" or "g" or "R" or "r") return ToString();
        throw new FormatException($"BigFloat supports the formats G, R and G<digits> (e.g. G50), not '{format}'.");
    }

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string text = ToString(format.IsEmpty ? null : format.ToString(), provider);
        if (text.Length > destination.Length)
        {
            charsWritten = 0;
            return false;
        }
        text.AsSpan().CopyTo(destination);
        charsWritten = text.Length;
        return true;
    }

    public static BigFloat Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan(), Precision);
    public static BigFloat Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s, Precision);
    public static BigFloat Parse(string s, NumberStyles style, IFormatProvider? provider) => Parse(s.AsSpan(), Precision);
    public static BigFloat Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => Parse(s, Precision);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out BigFloat result) =>
        TryParse(s.AsSpan(), NumberStyles.Float, provider, out result);

    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, [MaybeNullWhen(false)] out BigFloat result) =>
        TryParse(s, NumberStyles.Float, provider, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, NumberStyles style, IFormatProvider? provider, [MaybeNullWhen(false)] out BigFloat result) =>
        TryParse(s.AsSpan(), style, provider, out result);

    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, [MaybeNullWhen(false)] out BigFloat result) =>
        TryParseCore(s, Precision, out result);

    // ---- conversions for generic math (T.CreateChecked, double.CreateChecked(BigFloat), ...) ---------

    static bool INumberBase<BigFloat>.TryConvertFromChecked<TOther>(TOther value, out BigFloat result) => TryConvertFrom(value, out result);
    static bool INumberBase<BigFloat>.TryConvertFromSaturating<TOther>(TOther value, out BigFloat result) => TryConvertFrom(value, out result);
    static bool INumberBase<BigFloat>.TryConvertFromTruncating<TOther>(TOther value, out BigFloat result) => TryConvertFrom(value, out result);

    private static bool TryConvertFrom<TOther>(TOther value, out BigFloat result) where TOther : INumberBase<TOther>
    {
        switch (value)
        {
            case double d: result = FromDouble(d); return true;
            case float f: result = FromDouble(f); return true;
            case Half h: result = FromDouble((double)h); return true;
            case int i: result = Canonical(i, 0); return true;
            case long l: result = Canonical(l, 0); return true;
            case short s: result = Canonical(s, 0); return true;
            case sbyte sb: result = Canonical(sb, 0); return true;
            case byte b: result = Canonical(b, 0); return true;
            case uint ui: result = Canonical(ui, 0); return true;
            case ulong ul: result = Canonical(ul, 0); return true;
            case BigInteger bi: result = Round(bi, 0, Precision); return true;
            case decimal m: result = Parse(m.ToString(CultureInfo.InvariantCulture).AsSpan(), Precision); return true;
            default: result = default; return false;
        }
    }

    static bool INumberBase<BigFloat>.TryConvertToChecked<TOther>(BigFloat value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, checkRange: true, out result);
    static bool INumberBase<BigFloat>.TryConvertToSaturating<TOther>(BigFloat value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, checkRange: false, out result);
    static bool INumberBase<BigFloat>.TryConvertToTruncating<TOther>(BigFloat value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, checkRange: false, out result);

    private static bool TryConvertTo<TOther>(BigFloat value, bool checkRange, [MaybeNullWhen(false)] out TOther result) where TOther : INumberBase<TOther>
    {
        object? boxed = null;
        if (typeof(TOther) == typeof(double)) boxed = value.ToDouble();
        else if (typeof(TOther) == typeof(float)) boxed = value.ToSingle();
        else if (typeof(TOther) == typeof(Half)) boxed = value.ToHalf();
        else if (typeof(TOther) == typeof(int) || typeof(TOther) == typeof(long) || typeof(TOther) == typeof(BigInteger))
        {
            if (!value.IsFiniteValue) throw new OverflowException($"{value} has no integer value.");
            BigInteger truncated = value._exponent >= 0 ? value._mantissa << value._exponent
                : BigInteger.Abs(value._mantissa) >> -value._exponent is var m && value._mantissa.Sign < 0 ? -m : m;
            if (typeof(TOther) == typeof(BigInteger)) boxed = truncated;
            else if (typeof(TOther) == typeof(long)) boxed = checkRange ? (long)truncated : (long)BigInteger.Clamp(truncated, long.MinValue, long.MaxValue);
            else boxed = checkRange ? (int)truncated : (int)BigInteger.Clamp(truncated, int.MinValue, int.MaxValue);
        }
        if (boxed is TOther converted)
        {
            result = converted;
            return true;
        }
        result = default;
        return false;
    }
}
