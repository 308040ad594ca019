using System.Device.Gpio;

namespace NanoFrameworkMonitor
{
    /// <summary>
    /// The board wiring: replace these with your drivers. The LED uses nanoFramework.System.Device.Gpio. Until
    /// <see cref="UseSensors"/> is set, samples come from the recording stored in the assembly; the sensor source is a
    /// stub to fill with your accelerometer and current sensor (README: "A real board").
    /// </summary>
    internal static class Board
    {
        private const int LedPin = 2; // ESP32 DevKit's on-board LED

        /// <summary>Set once SensorSampleSource reads your sensors.</summary>
        private const bool UseSensors = false;

        public static ISampleSource CreateSampleSource() => UseSensors ? new SensorSampleSource() : (ISampleSource)new RecordedSampleSource();

        public static IStatusLed CreateStatusLed() => new GpioStatusLed(new GpioController(), LedPin);

        private sealed class GpioStatusLed : IStatusLed
        {
            private readonly GpioPin _pin;

            public GpioStatusLed(GpioController controller, int pin)
            {
                _pin = controller.OpenPin(pin, PinMode.Output);
            }

            public void Set(bool on) => _pin.Write(on ? PinValue.High : PinValue.Low);
        }

        private sealed class SensorSampleSource : ISampleSource
        {
            public bool TryRead(float[] sample)
            {
                // Read acceleration (g) on x, y, z and the phase current (A) here, at the model's 1 kHz.
                return false;
            }
        }
    }
}
