namespace NanoFrameworkMonitor
{
    /// <summary>
    /// Sliding windows over the sample stream, scored every <c>hop</c> steps, with a 2-of-3 debounce before an
    /// anomaly is raised and three quiet windows before it clears. Buffers are allocated once, in the constructor.
    /// </summary>
    public sealed class WindowDetector
    {
        private readonly float[] _ring = new float[MotorModel.InputLength];
        private readonly float[] _window = new float[MotorModel.InputLength];
        private readonly float[] _channelErrors = new float[MotorModel.Channels];
        private readonly bool[] _recent = new bool[3];
        private readonly int _hop;
        private int _head, _filled, _sinceScore, _recentIndex, _quiet;

        public WindowDetector(int hop)
        {
            _hop = hop;
        }

        public bool InAlarm { get; private set; }

        public float LastScore { get; private set; }

        /// <summary>The channel that contributed most to the last score.</summary>
        public int TopChannel { get; private set; }

        /// <summary>Adds one time step; returns true when the alarm state changed.</summary>
        public bool Push(float[] sample)
        {
            int channels = MotorModel.Channels, steps = MotorModel.WindowLength;
            for (int c = 0; c < channels; c++) _ring[_head * channels + c] = sample[c];
            _head = (_head + 1) % steps;
            if (_filled < steps) { _filled++; if (_filled < steps) return false; }
            else if (++_sinceScore < _hop) return false;
            _sinceScore = 0;
            int split = _head * channels, n = _ring.Length;
            for (int i = split; i < n; i++) _window[i - split] = _ring[i];
            for (int i = 0; i < split; i++) _window[n - split + i] = _ring[i];
            LastScore = MotorModel.Score(_window, _channelErrors);
            int top = 0;
            for (int c = 1; c < channels; c++) if (_channelErrors[c] > _channelErrors[top]) top = c;
            TopChannel = top;
            bool anomalous = LastScore > MotorModel.Threshold;
            _recent[_recentIndex] = anomalous;
            _recentIndex = (_recentIndex + 1) % _recent.Length;
            int votes = 0;
            for (int i = 0; i < _recent.Length; i++) if (_recent[i]) votes++;
            _quiet = LastScore < 0.8f * MotorModel.Threshold ? _quiet + 1 : 0;
            if (!InAlarm && votes >= 2) { InAlarm = true; return true; }
            if (InAlarm && _quiet >= 3) { InAlarm = false; for (int i = 0; i < _recent.Length; i++) _recent[i] = false; return true; }
            return false;
        }
    }
}
