using System.Diagnostics;
using System.Threading;

namespace NanoFrameworkMonitor
{
    /// <summary>
    /// A machine monitor for a nanoFramework board: reads the accelerometer and current sensor at about 1 kHz,
    /// scores 64-step windows with the int8 motor model and lights the LED while an anomaly is raised. Without a
    /// sensor it replays the recording stored in the assembly and, at its end, says which of its injected faults
    /// raised an alarm and which alarms were false.
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
            Run(Board.CreateSampleSource(), Board.CreateStatusLed());
        }

        /// <summary>Monitors until a recorded source runs out (a sensor never does).</summary>
        public static void Run(ISampleSource sensors, IStatusLed led)
        {
            var detector = new WindowDetector(32);
            var sample = new float[MotorModel.Channels];
            var recorded = sensors as RecordedSampleSource;
            int faults = recorded != null ? Recording.FaultStart.Length : 0;
            var raised = new bool[faults];
            int falseAlarms = 0;
            while (true)
            {
                if (!sensors.TryRead(sample))
                {
                    if (recorded != null && recorded.Finished) break;
                    Thread.Sleep(1);
                    continue;
                }
                if (!detector.Push(sample)) continue;
                led.Set(detector.InAlarm);
                string at = recorded != null ? " at step " + recorded.Step.ToString() : "";
                if (detector.InputFault) { Debug.WriteLine("INPUT FAULT" + at + ": too many non-finite samples to score (" + detector.HeldSamples + " held so far)"); continue; }
                string line = (detector.InAlarm ? "ANOMALY" : "normal") + at + ", score " + detector.LastScore.ToString("F3") + ", top channel " + MotorModel.ChannelName(detector.TopChannel);
                if (recorded != null && detector.InAlarm)
                {
                    int k = RecordedSampleSource.FaultAt(recorded.Step - 1, MotorModel.WindowLength);
                    if (k >= 0) { raised[k] = true; line += " (injected " + Recording.FaultName[k] + ")"; }
                    else { falseAlarms++; line += " (false alarm)"; }
                }
                Debug.WriteLine(line);
            }
            if (recorded == null) return;
            int found = 0;
            for (int k = 0; k < faults; k++) if (raised[k]) found++;
            Debug.WriteLine("recording done: " + found.ToString() + " of " + faults.ToString() + " injected faults raised an alarm, " + falseAlarms.ToString() + " false alarms");
        }
    }
}
