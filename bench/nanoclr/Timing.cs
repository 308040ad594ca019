namespace Bench
{
    /// <summary>Times MotorModel.Score on the interpreter: a few warm-up calls, then RUNS calls between two clock reads.</summary>
    public static class Timing
    {
        public static void Main()
        {
#if NO_RUNS
            const int Runs = 0; // the same program without the timed calls: what bench/nanoclr.sh subtracts from the instruction count
#else
            const int Runs = 100;
#endif
            float[] x = new float[MotorModel.InputLength];
            for (int i = 0; i < x.Length; i++) x[i] = 0.01f * (i % 7) - 0.02f;
            float sink = 0;
            for (int i = 0; i < 3; i++) sink += MotorModel.Score(x);
            long start = System.DateTime.UtcNow.Ticks;
            for (int i = 0; i < Runs; i++) { x[i % x.Length] += 0.001f; sink += MotorModel.Score(x); }
            long ticks = System.DateTime.UtcNow.Ticks - start;
            System.Diagnostics.Debug.WriteLine("us_per_inference " + (ticks / 10.0 / Runs).ToString("F1") + " checksum " + sink.ToString("F3"));
            System.Diagnostics.Debug.WriteLine("END");
        }
    }
}
