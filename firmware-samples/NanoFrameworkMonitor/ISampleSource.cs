namespace NanoFrameworkMonitor
{
    /// <summary>
    /// Where samples come from: one time step of every channel the model expects (3-axis acceleration in g and
    /// the phase current in A, in that order). Implement it over your accelerometer and current sensor drivers.
    /// </summary>
    public interface ISampleSource
    {
        /// <summary>Fills <paramref name="sample"/> with the next time step; false when no sample is ready yet.</summary>
        bool TryRead(float[] sample);
    }

    /// <summary>The status LED (or any actuator) the monitor drives.</summary>
    public interface IStatusLed
    {
        void Set(bool on);
    }
}
