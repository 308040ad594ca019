namespace NanoFrameworkMonitor
{
    /// <summary>
    /// Samples from <see cref="Recording"/> (a few seconds of the motor with injected faults, stored in the assembly), in
    /// order, as fast as they are asked for: the monitor does something without a sensor, and its events can be judged
    /// against the faults the recording holds.
    /// </summary>
    public sealed class RecordedSampleSource : ISampleSource
    {
        private int _step;

        /// <summary>Whether every step has been read.</summary>
        public bool Finished { get { return _step >= Recording.Steps; } }

        /// <summary>The step the next read returns (0-based).</summary>
        public int Step { get { return _step; } }

        public bool TryRead(float[] sample)
        {
            if (_step >= Recording.Steps) return false;
            int channels = Recording.Channels, at = _step * channels;
            for (int c = 0; c < channels; c++) sample[c] = Recording.Scale[c] * Recording.Level[Recording.Samples[at + c] + 127];
            _step++;
            return true;
        }

        /// <summary>The injected fault whose steps, or the window after them, contain <paramref name="step"/>; -1 when none does.</summary>
        public static int FaultAt(int step, int window)
        {
            for (int k = 0; k < Recording.FaultStart.Length; k++)
                if (step >= Recording.FaultStart[k] && step < Recording.FaultEnd[k] + window) return k;
            return -1;
        }
    }
}
