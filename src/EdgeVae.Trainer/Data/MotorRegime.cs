using System.Globalization;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// The operating range <c>builtin:motor</c> draws each recording's shaft speed and load from, uniformly:
/// <c>builtin:motor?rpm=1200-1800&amp;load=0.3-1.0</c> (the default). A model trained on one range and deployed on another
/// is what the on-device learner is measured on.
/// </summary>
public sealed record MotorRegime(double RpmMin, double RpmMax, double LoadMin, double LoadMax)
{
    /// <summary>1200–1800 rpm, load 0.3–1.0: the range of every model trained before regimes could be chosen.</summary>
    public static readonly MotorRegime Default = new(1200, 1800, 0.3, 1.0);

    /// <summary>Up to 4200 rpm the looseness fault's 6th harmonic (6 × 70 Hz) stays under the 500 Hz Nyquist frequency.</summary>
    private const double RpmLow = 300, RpmHigh = 4200, LoadLow = 0, LoadHigh = 1.5;

    /// <summary>The query after <c>builtin:motor?</c>: <c>rpm=A-B</c> and/or <c>load=C-D</c>, joined by <c>&amp;</c>; what is not given stays at the default.</summary>
    public static MotorRegime Parse(string query)
    {
        var regime = Default;
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            string key = eq > 0 ? part[..eq].Trim() : part.Trim(), value = eq > 0 ? part[(eq + 1)..].Trim() : "";
            switch (key)
            {
                case "rpm":
                    var (r0, r1) = Range(key, value, RpmLow, RpmHigh);
                    regime = regime with { RpmMin = r0, RpmMax = r1 };
                    break;
                case "load":
                    var (l0, l1) = Range(key, value, LoadLow, LoadHigh);
                    regime = regime with { LoadMin = l0, LoadMax = l1 };
                    break;
                default:
                    throw new DataException($"builtin:motor?{query}: unknown setting \"{key}\"; use rpm=MIN-MAX ({RpmLow:0}–{RpmHigh:0}) and load=MIN-MAX ({LoadLow:0.0}–{LoadHigh:0.0}), e.g. builtin:motor?rpm=2400-3000&load=0.2-0.5");
            }
        }
        return regime;
    }

    private static (double Min, double Max) Range(string key, string value, double low, double high)
    {
        int dash = value.IndexOf('-', 1);
        string a = dash > 0 ? value[..dash] : value, b = dash > 0 ? value[(dash + 1)..] : value;
        if (!double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out double min) ||
            !double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double max))
            throw new DataException($"builtin:motor: {key}=\"{value}\" is not a range; write {key}=MIN-MAX (or one value), e.g. {key}={low:0.##}-{high:0.##}");
        if (!(min >= low && max <= high && min <= max))
            throw new DataException($"builtin:motor: {key}={value} must lie within {low:0.##}–{high:0.##} with MIN ≤ MAX");
        return (min, max);
    }

    /// <summary>The range in the form <see cref="Parse"/> reads (empty for the default).</summary>
    public string Query => this == Default ? "" : string.Create(CultureInfo.InvariantCulture, $"rpm={RpmMin:0.###}-{RpmMax:0.###}&load={LoadMin:0.###}-{LoadMax:0.###}");
}
