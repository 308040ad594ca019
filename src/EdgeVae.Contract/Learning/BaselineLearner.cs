using System;

namespace EdgeVae.Contract
{
    // The text between the two markers is also the nanoFramework flavor's learner: the emitter copies it, nested in the
    // generated model class. Keep it C# 7.3 with mscorlib 1.17 only (arrays, int and long arithmetic, no Span, no
    // generics, no BitConverter, no string formatting), so that one source gives the same state bytes everywhere.
    // nanoFramework: begin
    /// <summary>
    /// On-device learning of a machine's own normal: over the first windows of normal operation after deployment it
    /// learns each channel's mean and spread and moves the input normalization onto them, then calibrates the anomaly
    /// threshold from the model's own scores of further normal windows (mean + k standard deviations). Everything it
    /// accumulates is an integer (inputs in 1/1024 of a trained standard deviation, scores in 1/65536 of the trained
    /// threshold, 64-bit sums), and the floats it derives come from those integers through single IEEE operations, so the
    /// trainer's simulation, the .NET flavor and the nanoFramework flavor reach the same state, bit for bit.
    /// The state is a small byte blob (<see cref="StateBytes"/>) that the application keeps in two flash slots: each save
    /// goes to the slot that does not hold the newest state and carries a sequence number and a CRC-32, so a power loss
    /// in the middle of a write leaves the previous state readable.
    /// </summary>
    public sealed class BaselineLearner
    {
        /// <summary>The state's format version (bytes 4–5 of the blob).</summary>
        public const int FormatVersion = 1;

        /// <summary>The trained normalization and threshold are in use (nothing learned, or after <see cref="Reset"/>).</summary>
        public const int Trained = 0;

        /// <summary>Collecting the input statistics of normal windows.</summary>
        public const int LearningNormalization = 1;

        /// <summary>The normalization is learned; collecting the scores of normal windows for the threshold.</summary>
        public const int LearningThreshold = 2;

        /// <summary>The normalization and the threshold are learned and in use.</summary>
        public const int Learned = 3;

        /// <summary>Fixed-point units of one trained standard deviation of a normalized input.</summary>
        public const int InputOne = 1024;

        /// <summary>Fixed-point units of the trained threshold.</summary>
        public const int ScoreOne = 65536;

        /// <summary>Inputs saturate at ±1024 trained standard deviations, scores at 16 trained thresholds, so no sum can overflow.</summary>
        private const int InputLimit = (1 << 20) - 1, ScoreLimit = 1 << 20;

        /// <summary>At most this many samples per channel and this many scores are accumulated (2^22 · 2^40 &lt; 2^63).</summary>
        public const int MaxSamplesPerChannel = 1 << 22, MaxScores = 1 << 22;

        /// <summary>A channel whose learned spread is under 1/64 of its trained one (a stuck or disconnected sensor) keeps its trained scale: neither a division by zero nor a 64-fold amplification of noise.</summary>
        public const int MinSpread = InputOne / 64;

        private const int HeaderBytes = 40, ChannelBytes = 28, TailBytes = 28;

        private readonly float[] _trainedOffset, _trainedScale;
        private readonly float _trainedThreshold;
        private readonly int _channels, _sigmasQ8;
        private readonly byte[] _modelTag;
        private readonly float[] _offset, _scale, _scratch;
        private readonly int[] _count, _mean, _spread;
        private readonly long[] _sum, _squares;
        private int _phase, _normalWindows, _thresholdWindows, _windows, _scoreCount, _thresholdQ;
        private long _scoreSum, _scoreSquares;
        private uint _sequence;
        private float _threshold;

        /// <summary>
        /// A learner for a model whose input normalization is <paramref name="trainedOffset"/> and
        /// <paramref name="trainedScale"/> (one pair per input feature; feature i belongs to channel i mod
        /// <paramref name="channels"/>) and whose threshold is <paramref name="trainedThreshold"/>; the learned threshold
        /// is mean + <paramref name="sigmasQ8"/>/256 standard deviations of the normal scores. <paramref name="modelTag"/>
        /// (8 bytes of the model's checksum) ties saved states to the model.
        /// </summary>
        public BaselineLearner(float[] trainedOffset, float[] trainedScale, int channels, float trainedThreshold, int sigmasQ8, byte[] modelTag)
        {
            if (trainedOffset == null || trainedScale == null || modelTag == null) throw new ArgumentNullException("trainedOffset");
            if (trainedOffset.Length != trainedScale.Length || channels < 1 || trainedOffset.Length % channels != 0)
                throw new ArgumentException("the normalization must hold one offset and one scale per input feature, a whole number of windows of the channels");
            if (!(trainedThreshold > 0f) || double.IsNaN(trainedThreshold) || double.IsInfinity(trainedThreshold))
                throw new ArgumentException("the trained threshold must be positive and finite");
            if (sigmasQ8 < 0 || sigmasQ8 > 256 * 64) throw new ArgumentException("the threshold's standard deviations must lie in [0, 64]");
            if (modelTag.Length != 8) throw new ArgumentException("the model tag holds 8 bytes");
            _trainedOffset = trainedOffset;
            _trainedScale = trainedScale;
            _trainedThreshold = trainedThreshold;
            _channels = channels;
            _sigmasQ8 = sigmasQ8;
            _modelTag = new byte[8];
            for (int i = 0; i < 8; i++) _modelTag[i] = modelTag[i];
            int n = trainedOffset.Length;
            _offset = new float[n];
            _scale = new float[n];
            _scratch = new float[n];
            _count = new int[channels];
            _mean = new int[channels];
            _spread = new int[channels];
            _sum = new long[channels];
            _squares = new long[channels];
            Reset();
        }

        /// <summary>Bytes of one saved state.</summary>
        public int StateBytes { get { return HeaderBytes + ChannelBytes * _channels + TailBytes; } }

        /// <summary><see cref="Trained"/>, <see cref="LearningNormalization"/>, <see cref="LearningThreshold"/> or <see cref="Learned"/>.</summary>
        public int Phase { get { return _phase; } }

        /// <summary>The normalization offsets in use (trained until the normalization is learned).</summary>
        public float[] Offset { get { return _offset; } }

        /// <summary>The normalization scales in use.</summary>
        public float[] Scale { get { return _scale; } }

        /// <summary>A window-sized buffer for the caller to normalize into before <see cref="AddNormalWindow"/>, so learning allocates nothing.</summary>
        public float[] Scratch { get { return _scratch; } }

        /// <summary>The threshold in use (trained until it is learned).</summary>
        public float Threshold { get { return _threshold; } }

        /// <summary>Windows taken in the current phase.</summary>
        public int WindowsTaken { get { return _windows; } }

        /// <summary>A channel's learned mean, in 1/1024 of its trained standard deviation (0 before learning).</summary>
        public int LearnedMean(int channel) { return _mean[channel]; }

        /// <summary>A channel's learned standard deviation, in 1/1024 of its trained one; 0 = too small, the trained scale kept.</summary>
        public int LearnedSpread(int channel) { return _spread[channel]; }

        /// <summary>Back to the trained normalization and threshold; nothing learned.</summary>
        public void Reset()
        {
            for (int i = 0; i < _offset.Length; i++) { _offset[i] = _trainedOffset[i]; _scale[i] = _trainedScale[i]; }
            for (int c = 0; c < _channels; c++) { _count[c] = 0; _sum[c] = 0; _squares[c] = 0; _mean[c] = 0; _spread[c] = 0; }
            _threshold = _trainedThreshold;
            _phase = Trained;
            _normalWindows = 0;
            _thresholdWindows = 0;
            _windows = 0;
            _scoreCount = 0;
            _scoreSum = 0;
            _scoreSquares = 0;
            _thresholdQ = ScoreOne;
        }

        /// <summary>
        /// Starts learning from the trained baseline: the next <paramref name="normalWindows"/> windows given to
        /// <see cref="AddNormalWindow"/> teach the normalization, the <paramref name="thresholdWindows"/> scores after
        /// them (<see cref="AddScore"/>, 0 to keep the trained threshold) the threshold.
        /// </summary>
        public void Begin(int normalWindows, int thresholdWindows)
        {
            int perChannel = _offset.Length / _channels;
            if (normalWindows < 1 || normalWindows > MaxSamplesPerChannel / perChannel)
                throw new ArgumentException("normal windows must lie in [1, " + (MaxSamplesPerChannel / perChannel).ToString() + "]");
            if (thresholdWindows < 0 || thresholdWindows > MaxScores) throw new ArgumentException("threshold windows must lie in [0, 4194304]");
            Reset();
            _normalWindows = normalWindows;
            _thresholdWindows = thresholdWindows;
            _phase = LearningNormalization;
        }

        /// <summary>
        /// One window of normal operation, normalized with the trained normalization (what the model's Normalize gives
        /// with the trained arrays). A window holding a non-finite value is skipped (false). When the last window of the
        /// phase is taken the learned normalization takes effect.
        /// </summary>
        public bool AddNormalWindow(float[] normalized)
        {
            if (_phase != LearningNormalization) return false;
            if (normalized == null || normalized.Length != _offset.Length) throw new ArgumentException("a window holds one normalized value per input feature");
            for (int i = 0; i < normalized.Length; i++)
                if (double.IsNaN(normalized[i]) || double.IsInfinity(normalized[i])) return false;
            int c = 0;
            for (int i = 0; i < normalized.Length; i++)
            {
                int q = RoundToLimit(normalized[i] * InputOne, InputLimit);
                _count[c]++;
                _sum[c] += q;
                _squares[c] += (long)q * q;
                if (++c == _channels) c = 0;
            }
            if (++_windows == _normalWindows)
            {
                for (c = 0; c < _channels; c++)
                {
                    long mean;
                    long variance = Variance(_sum[c], _squares[c], _count[c], out mean);
                    int spread = variance > 0 ? SquareRoot(variance) : 0;
                    _mean[c] = (int)mean;
                    _spread[c] = spread < MinSpread ? 0 : spread;
                }
                ApplyNormalization();
                _windows = 0;
                _phase = _thresholdWindows > 0 ? LearningThreshold : Learned;
            }
            return true;
        }

        /// <summary>
        /// The model's score of one normal window under the learned normalization. A NaN or infinite score is skipped
        /// (false). When the last score is taken the learned threshold takes effect.
        /// </summary>
        public bool AddScore(float score)
        {
            if (_phase != LearningThreshold) return false;
            if (double.IsNaN(score) || double.IsInfinity(score)) return false;
            float units = score / _trainedThreshold * ScoreOne;
            int q = units <= 0f ? 0 : RoundToLimit(units, ScoreLimit);
            _scoreCount++;
            _scoreSum += q;
            _scoreSquares += (long)q * q;
            if (++_windows == _thresholdWindows)
            {
                long mean;
                long variance = Variance(_scoreSum, _scoreSquares, _scoreCount, out mean);
                long spread = variance > 0 ? SquareRoot(variance) : 0;
                long threshold = mean + (_sigmasQ8 * spread + 128) / 256;
                _thresholdQ = (int)(threshold < 1 ? 1 : threshold > (1 << 24) - 1 ? (1 << 24) - 1 : threshold);
                ApplyThreshold();
                _windows = 0;
                _phase = Learned;
            }
            return true;
        }

        /// <summary>
        /// Writes the state into <paramref name="slot"/> (at least <see cref="StateBytes"/> long) with the next sequence
        /// number and returns which of the application's two flash slots (0 or 1) it belongs in: always the one that
        /// does not hold the newest state, so a write cut short leaves that state intact.
        /// </summary>
        public int Save(byte[] slot)
        {
            if (slot == null || slot.Length < StateBytes) throw new ArgumentException("the slot must hold " + StateBytes.ToString() + " bytes");
            _sequence++;
            int p = 0;
            slot[p++] = (byte)'E'; slot[p++] = (byte)'V'; slot[p++] = (byte)'B'; slot[p++] = (byte)'L';
            p = Put(slot, p, FormatVersion, 2);
            p = Put(slot, p, _channels, 2);
            p = Put(slot, p, (int)_sequence, 4);
            for (int i = 0; i < 8; i++) slot[p++] = _modelTag[i];
            p = Put(slot, p, _phase, 4);
            p = Put(slot, p, _sigmasQ8, 4);
            p = Put(slot, p, _normalWindows, 4);
            p = Put(slot, p, _thresholdWindows, 4);
            p = Put(slot, p, _windows, 4);
            for (int c = 0; c < _channels; c++)
            {
                p = Put(slot, p, _count[c], 4);
                p = PutLong(slot, p, _sum[c]);
                p = PutLong(slot, p, _squares[c]);
                p = Put(slot, p, _mean[c], 4);
                p = Put(slot, p, _spread[c], 4);
            }
            p = Put(slot, p, _scoreCount, 4);
            p = PutLong(slot, p, _scoreSum);
            p = PutLong(slot, p, _scoreSquares);
            p = Put(slot, p, _thresholdQ, 4);
            Put(slot, p, (int)Crc32(slot, p), 4);
            return (int)(_sequence & 1);
        }

        /// <summary>
        /// Restores the newest valid state of the two slots (either may be null, empty, erased, torn or from another
        /// model: those are not valid) and returns true; false, with the learner unchanged, when neither is valid.
        /// </summary>
        public bool Load(byte[] slot0, byte[] slot1)
        {
            uint s0, s1;
            bool v0 = IsValid(slot0, out s0), v1 = IsValid(slot1, out s1);
            if (!v0 && !v1) return false;
            byte[] chosen = !v1 || (v0 && (int)(s0 - s1) > 0) ? slot0 : slot1;
            Restore(chosen);
            return true;
        }

        private bool IsValid(byte[] slot, out uint sequence)
        {
            sequence = 0;
            int bytes = StateBytes;
            if (slot == null || slot.Length < bytes) return false;
            if (slot[0] != (byte)'E' || slot[1] != (byte)'V' || slot[2] != (byte)'B' || slot[3] != (byte)'L') return false;
            if (Get(slot, 4, 2) != FormatVersion || Get(slot, 6, 2) != _channels) return false;
            if ((uint)Get(slot, bytes - 4, 4) != Crc32(slot, bytes - 4)) return false;
            for (int i = 0; i < 8; i++) if (slot[12 + i] != _modelTag[i]) return false;
            int phase = Get(slot, 20, 4);
            if (phase < Trained || phase > Learned || Get(slot, 24, 4) != _sigmasQ8) return false;
            sequence = (uint)Get(slot, 8, 4);
            return true;
        }

        private void Restore(byte[] slot)
        {
            Reset();
            _sequence = (uint)Get(slot, 8, 4);
            _phase = Get(slot, 20, 4);
            _normalWindows = Get(slot, 28, 4);
            _thresholdWindows = Get(slot, 32, 4);
            _windows = Get(slot, 36, 4);
            int p = HeaderBytes;
            for (int c = 0; c < _channels; c++)
            {
                _count[c] = Get(slot, p, 4);
                _sum[c] = GetLong(slot, p + 4);
                _squares[c] = GetLong(slot, p + 12);
                _mean[c] = Get(slot, p + 20, 4);
                _spread[c] = Get(slot, p + 24, 4);
                p += ChannelBytes;
            }
            _scoreCount = Get(slot, p, 4);
            _scoreSum = GetLong(slot, p + 4);
            _scoreSquares = GetLong(slot, p + 12);
            _thresholdQ = Get(slot, p + 20, 4);
            if (_phase >= LearningThreshold) ApplyNormalization();
            if (_phase == Learned) ApplyThreshold();
        }

        /// <summary>
        /// offset' = offset + (mean / 1024) / scale and scale' = scale · (1024 / spread), per feature from its channel's
        /// integers: one IEEE operation at a time, the same floats on every runtime.
        /// </summary>
        private void ApplyNormalization()
        {
            int c = 0;
            for (int i = 0; i < _offset.Length; i++)
            {
                float scale = _trainedScale[i];
                float shift = _mean[c] * (1f / InputOne);
                _offset[i] = scale != 0f ? _trainedOffset[i] + shift / scale : _trainedOffset[i];
                _scale[i] = _spread[c] > 0 ? scale * ((float)InputOne / _spread[c]) : scale;
                if (++c == _channels) c = 0;
            }
        }

        private void ApplyThreshold()
        {
            _threshold = _trainedThreshold * (_thresholdQ * (1f / ScoreOne));
        }

        /// <summary>round(v) half away from zero, saturated at ±<paramref name="limit"/>; v is finite.</summary>
        private static int RoundToLimit(float v, int limit)
        {
            if (v >= limit) return limit;
            if (v <= -limit) return -limit;
            return v >= 0f ? (int)(v + 0.5f) : -(int)(-v + 0.5f);
        }

        /// <summary>
        /// The variance Q/n − (S/n)² of n values with sum S and sum of squares Q, without the error a truncated mean
        /// would square: with S = n·m + r and Q = n·a + b it is a − m² + (b − 2mr)/n − r²/n², every term within 64 bits.
        /// <paramref name="mean"/> is m, S/n truncated toward zero.
        /// </summary>
        private static long Variance(long sum, long squares, long n, out long mean)
        {
            mean = sum / n;
            long r = sum % n, a = squares / n, b = squares % n;
            return a - mean * mean + (b - 2 * mean * r) / n - r * r / n / n;
        }

        /// <summary>⌊√v⌋ for 0 ≤ v &lt; 2^62, bit by bit.</summary>
        private static int SquareRoot(long v)
        {
            long root = 0, bit = 1L << 60;
            while (bit > v) bit >>= 2;
            while (bit != 0)
            {
                if (v >= root + bit) { v -= root + bit; root = (root >> 1) + bit; }
                else root >>= 1;
                bit >>= 2;
            }
            return (int)root;
        }

        private static int Put(byte[] b, int p, int v, int bytes)
        {
            for (int i = 0; i < bytes; i++) b[p + i] = (byte)(v >> (8 * i));
            return p + bytes;
        }

        private static int PutLong(byte[] b, int p, long v)
        {
            Put(b, p, (int)v, 4);
            return Put(b, p + 4, (int)(v >> 32), 4);
        }

        private static int Get(byte[] b, int p, int bytes)
        {
            int v = 0;
            for (int i = 0; i < bytes; i++) v |= b[p + i] << (8 * i);
            return v;
        }

        private static long GetLong(byte[] b, int p)
        {
            return (uint)Get(b, p, 4) | ((long)Get(b, p + 4, 4) << 32);
        }

        /// <summary>CRC-32 (IEEE 802.3, reflected, as zlib's) of the first <paramref name="length"/> bytes, bit by bit: no table in flash.</summary>
        private static uint Crc32(byte[] b, int length)
        {
            uint crc = 0xFFFFFFFFu;
            for (int i = 0; i < length; i++)
            {
                crc ^= b[i];
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
            return ~crc;
        }
    }
    // nanoFramework: end
}
