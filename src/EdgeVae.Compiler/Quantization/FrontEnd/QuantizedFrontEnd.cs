using System;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Model;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Quantization
{
    /// <summary>
    /// The front-end's fixed-point constants, the same for every precision of the network after it: each channel's input
    /// scale (full scale / 32768: samples become int16 by <see cref="QuantParams.Quantize"/>), the Q15 window, the FFT's
    /// Q15 twiddles, the filter bank's Q15 weights over each filter's run of bins, the log₂ table and the decibel constant —
    /// all computed from integers or from the file's float32 values by one rounding, so every machine that compiles the
    /// model writes the same tables. <see cref="FixedFrontEnd"/> computes with them.
    /// </summary>
    public sealed record QuantizedFrontEnd(
        FrontEndChain Chain,
        EquatableArray<float> InputScale,
        EquatableArray<short> Window,
        EquatableArray<short> Cos,
        EquatableArray<short> Sin,
        EquatableArray<int> FilterFirst,
        EquatableArray<int> FilterCount,
        EquatableArray<int> FilterWeight,
        EquatableArray<int> Log2Table,
        int DecibelsPerOctaveQ24,
        int FloorQ8,
        EquatableArray<int> StatKinds)
    {
        public int Channels => Chain.Channels;

        public int FrameLength => Chain.Frame.Length;

        public int Hop => Chain.Frame.Hop;

        public int Frames => Chain.Frames;

        public int Bins => Chain.Spectrum?.Bins ?? 0;

        public bool HasSpectrum => Chain.Spectrum != null;

        /// <summary>Spectral features of one frame (filters or bins; 0 without a spectrum).</summary>
        public int SpectralFeatures => Chain.SpectralFeatures;

        public int StatCount => StatKinds.Count;

        /// <summary>Features of one frame of one channel.</summary>
        public int FrameFeatures => Chain.FrameFeatures;

        public bool HasWindow => Window.Count > 0;

        public bool HasFilterBank => FilterFirst.Count > 0;

        public bool HasLog => Chain.Log != null;

        public bool Magnitude => Chain.Spectrum?.Magnitude ?? false;

        /// <summary>Bytes of its tables in flash.</summary>
        public long FlashBytes => 4L * InputScale.Count + 2L * (Window.Count + Cos.Count + Sin.Count)
            + 4L * (FilterFirst.Count + FilterCount.Count + FilterWeight.Count + Log2Table.Count + StatKinds.Count);

        /// <summary>Bytes of its working arrays: one frame's real and imaginary parts, the spectrum, the filter sums and outputs, the features.</summary>
        public long RamBytes => 4L * (2 * FrameLength + Bins + SpectralFeatures + (HasFilterBank ? SpectralFeatures : 0) + StatCount) + (HasFilterBank ? 8L * SpectralFeatures : 0);

        public static QuantizedFrontEnd For(FrontEndChain chain)
        {
            int n = chain.Frame.Length;
            var scale = new float[chain.Channels];
            for (int c = 0; c < scale.Length; c++) scale[c] = chain.Frame.FullScale[c] / 32768f;
            short[] window = chain.Window == null ? new short[0]
                : chain.Window.Function == WindowFunction.Hann ? TrigTables.HannQ15(n) : TrigTables.HammingQ15(n);
            int[] first = new int[0], count = new int[0], weights = new int[0];
            if (chain.FilterBank is FilterBankOp bank)
            {
                first = new int[bank.Count];
                count = new int[bank.Count];
                int total = 0;
                for (int m = 0; m < bank.Count; m++)
                {
                    (first[m], count[m]) = bank.Run(m);
                    total += count[m];
                }
                weights = new int[total];
                int w = 0;
                for (int m = 0; m < bank.Count; m++)
                    for (int j = 0; j < count[m]; j++)
                        weights[w++] = (int)Math.Round(bank.Weight[m * bank.Bins + first[m] + j] * 32768.0, MidpointRounding.AwayFromZero);
            }
            bool log = chain.Log != null;
            int floor = log ? (int)Math.Round(chain.Log!.FloorDb * 256.0, MidpointRounding.AwayFromZero) : 0;
            bool spectrum = chain.Spectrum != null;
            var kinds = chain.Stats == null ? new int[0] : System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(chain.Stats.Statistics, s => (int)s));
            return new QuantizedFrontEnd(chain, new EquatableArray<float>(scale), new EquatableArray<short>(window),
                new EquatableArray<short>(spectrum ? TrigTables.CosineQ15(n) : new short[0]), new EquatableArray<short>(spectrum ? TrigTables.SineQ15(n) : new short[0]),
                new EquatableArray<int>(first), new EquatableArray<int>(count), new EquatableArray<int>(weights),
                new EquatableArray<int>(log ? LogTables.Log2Q16() : new int[0]), log ? LogTables.DecibelsPerOctaveQ24() : 0, floor, new EquatableArray<int>(kinds));
        }
    }
}
