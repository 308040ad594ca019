using System;
using System.Diagnostics;
using System.Threading;

namespace NanoFrameworkMonitor
{
    /// <summary>
    /// A machine monitor for a nanoFramework board: reads the accelerometer and current sensor at about 1 kHz,
    /// scores 64-step windows with the int8 motor model and lights the LED while an anomaly is raised.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            Debug.WriteLine("EdgeVae monitor: model " + MotorModel.ModelName + ", " + MotorModel.FlashBytes.ToString() + " bytes of weights, "
                + MotorModel.ScratchBytes.ToString() + " bytes of scratch, " + MotorModel.MacsPerInference.ToString() + " MACs per window");
            // Boot-time self-test: stored latent codes of normal windows must decode to windows the model calls normal.
            if (!MotorModel.SelfTest())
            {
                Debug.WriteLine("EdgeVae monitor: self-test FAILED; the model or its arithmetic is broken on this device");
                return;
            }
            Debug.WriteLine("EdgeVae monitor: self-test passed (" + MotorModel.SelfTestCount.ToString() + " stored codes)");

            ISampleSource sensors = Board.CreateSampleSource();
            IStatusLed led = Board.CreateStatusLed();
            var detector = new WindowDetector(32);
            var sample = new float[MotorModel.Channels];
            while (true)
            {
                if (!sensors.TryRead(sample))
                {
                    Thread.Sleep(1);
                    continue;
                }
                if (detector.Push(sample))
                {
                    led.Set(detector.InAlarm);
                    if (detector.InputFault) Debug.WriteLine("INPUT FAULT: too many non-finite samples to score (" + detector.HeldSamples + " held so far)");
                    else Debug.WriteLine((detector.InAlarm ? "ANOMALY score " : "normal, score ") + detector.LastScore.ToString("F3")
                        + " top channel " + MotorModel.ChannelName(detector.TopChannel));
                }
            }
        }
    }
}
