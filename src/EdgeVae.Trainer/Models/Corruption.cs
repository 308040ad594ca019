using System.Globalization;
using System.Numerics;
using EdgeVae.Numerics.Random;

namespace EdgeVae.Trainer.Models;

public enum CorruptionKind
{
    /// <summary>x + N(0, σ²) per element.</summary>
    Gaussian,

    /// <summary>Each element set to 0 with probability p (masking noise).</summary>
    Mask,

    /// <summary>Each element set to the data's minimum or maximum (pepper or salt) with probability p.</summary>
    Impulse,
}

/// <summary>
/// The denoising autoencoder's corruption, parsed from <c>gaussian:STD</c>, <c>mask:P</c> or <c>impulse:P</c>, each
/// optionally followed by <c>:clip</c> (the corrupted value kept within the training data's range, as a noisy image stays
/// within [0, 1]), applied in normalised units and sampled afresh for every batch.
/// </summary>
public sealed record Corruption(CorruptionKind Kind, double Amount)
{
    /// <summary>Pepper and salt values for impulse noise (the normalised data's range; [0, 1] after min-max).</summary>
    public double Low { get; init; }

    public double High { get; init; } = 1;

    /// <summary>Whether corrupted values are clamped to [<see cref="Low"/>, <see cref="High"/>].</summary>
    public bool Clip { get; init; }

    /// <summary>Whether training must set <see cref="Low"/> and <see cref="High"/> to the normalised data's range.</summary>
    public bool NeedsRange => Kind == CorruptionKind.Impulse || Clip;

    public static Corruption Parse(string text)
    {
        string[] p = text.Split(':');
        bool clip = p.Length == 3 && p[2] == "clip";
        if (clip) p = p[..2];
        if (p.Length == 2 && double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double a) && double.IsFinite(a) && a >= 0)
        {
            switch (p[0])
            {
                case "gaussian": return new Corruption(CorruptionKind.Gaussian, a) { Clip = clip };
                case "mask" when a <= 1: return new Corruption(CorruptionKind.Mask, a) { Clip = clip };
                case "impulse" when a <= 1: return new Corruption(CorruptionKind.Impulse, a) { Clip = clip };
            }
        }
        throw new ArgumentException($"--noise \"{text}\": use gaussian:STD (e.g. gaussian:0.3), mask:P or impulse:P with 0 ≤ P ≤ 1, optionally followed by :clip (e.g. gaussian:0.3:clip keeps noisy values within the data's range).");
    }

    /// <summary>Writes a corrupted copy of <paramref name="clean"/> into <paramref name="noisy"/>.</summary>
    public void Apply<T>(ReadOnlySpan<T> clean, Span<T> noisy, Prng rng) where T : INumber<T>
    {
        T low = T.CreateChecked(Low), high = T.CreateChecked(High);
        for (int i = 0; i < clean.Length; i++)
        {
            noisy[i] = Kind switch
            {
                CorruptionKind.Gaussian => clean[i] + T.CreateChecked(Amount * rng.NextGaussian()),
                CorruptionKind.Mask => rng.NextDouble() < Amount ? T.Zero : clean[i],
                _ => rng.NextDouble() < Amount ? (rng.NextDouble() < 0.5 ? low : high) : clean[i],
            };
            if (Clip) noisy[i] = T.Clamp(noisy[i], low, high);
        }
    }

    public override string ToString() => FormattableString.Invariant($"{Kind.ToString().ToLowerInvariant()}:{Amount}{(Clip ? ":clip" : "")}");
}
