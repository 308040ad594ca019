namespace NanoFrameworkMonitor
{
    /// <summary>
    /// Sliding windows over the sample stream, scored every <c>hop</c> steps, with a 2-of-3 debounce before an
    /// anomaly is raised and three quiet windows before it clears. Buffers are allocated once, in the constructor.
    /// Non-finite samples follow the runtime's StreamingDetector: each is held at its channel's last finite value;
    /// a window with more than a quarter of its steps held, or a non-finite score, is not scored and sets
    /// <see cref="InputFault"/> (the alarm state is kept). The tests use double.IsNaN and double.IsInfinity, native on
    /// nanoFramework, because nanoCLR's float comparisons with NaN differ from .NET's.
    /// </summary>
    public sealed class WindowDetector
    {
        private readonly float[] _ring = new float[MotorModel.InputLength];
        private readonly float[] _window = new float[MotorModel.InputLength];
        private readonly float[] _channelErrors = new float[MotorModel.Channels];
        private readonly float[] _lastFinite = new float[MotorModel.Channels];
        private readonly bool[] _heldRing = new bool[MotorModel.WindowLength];
        private readonly bool[] _recent = new bool[3];
        private readonly int _hop;
        private int _head, _filled, _sinceScore, _recentIndex, _quiet, _heldInWindow;

        public WindowDetector(int hop)
        {
            _hop = hop;
        }

        public bool InAlarm { get; private set; }

        /// <summary>Whether the last window could not be scored (too many non-finite samples, or a non-finite score).</summary>
        public bool InputFault { get; private set; }

        /// <summary>Steps so far with at least one non-finite value, held at the channel's last finite one.</summary>
        public int HeldSamples { get; private set; }

        public float LastScore { get; private set; }

        /// <summary>The channel that contributed most to the last score.</summary>
        public int TopChannel { get; private set; }

        /// <summary>Adds one time step; returns true when the alarm or the input-fault state changed.</summary>
        public bool Push(float[] sample)
        {
            int channels = MotorModel.Channels, steps = MotorModel.WindowLength;
            bool held = false;
            for (int c = 0; c < channels; c++)
            {
                float v = sample[c];
                if (double.IsNaN(v) || double.IsInfinity(v)) held = true;
                else _lastFinite[c] = v;
                _ring[_head * channels + c] = _lastFinite[c];
            }
            if (held) HeldSamples++;
            if (_filled == steps && _heldRing[_head]) _heldInWindow--;
            _heldRing[_head] = held;
            if (held) _heldInWindow++;
            _head = (_head + 1) % steps;
            if (_filled < steps) { _filled++; if (_filled < steps) return false; }
            else if (++_sinceScore < _hop) return false;
            _sinceScore = 0;
            float score = float.NaN;
            if (_heldInWindow <= steps / 4)
            {
                int split = _head * channels, n = _ring.Length;
                for (int i = split; i < n; i++) _window[i - split] = _ring[i];
                for (int i = 0; i < split; i++) _window[n - split + i] = _ring[i];
                score = MotorModel.Score(_window, _channelErrors);
            }
            LastScore = score;
            if (double.IsNaN(score) || double.IsInfinity(score))
            {
                if (InputFault) return false;
                InputFault = true;
                return true;
            }
            bool restored = InputFault;
            InputFault = false;
            int top = 0;
            for (int c = 1; c < channels; c++) if (_channelErrors[c] > _channelErrors[top]) top = c;
            TopChannel = top;
            bool anomalous = score > MotorModel.Threshold;
            _recent[_recentIndex] = anomalous;
            _recentIndex = (_recentIndex + 1) % _recent.Length;
            int votes = 0;
            for (int i = 0; i < _recent.Length; i++) if (_recent[i]) votes++;
            _quiet = score < 0.8f * MotorModel.Threshold ? _quiet + 1 : 0;
            if (restored) return true;
            if (!InAlarm && votes >= 2) { InAlarm = true; return true; }
            if (InAlarm && _quiet >= 3) { InAlarm = false; for (int i = 0; i < _recent.Length; i++) _recent[i] = false; return true; }
            return false;
        }
    }
}
