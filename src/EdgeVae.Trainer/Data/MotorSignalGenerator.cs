using EdgeVae.Numerics.Random;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// <c>builtin:motor</c>: a deterministic simulation of an induction motor driving a load, sampled at
/// <see cref="SampleRateHz"/> by a 3-axis accelerometer on the bearing housing (g) and a phase-current
/// sensor (A).
/// <para>
/// Physics, briefly. The shaft turns at f_r = rpm/60 (1200–1800 rpm, a little wander). Residual imbalance
/// gives a rotating force, so the two radial axes see 1× running speed in quadrature; misalignment and
/// stiffness asymmetry add 2×; the axial axis sees little. Broadband noise grows with load. The phase current
/// is the 50 Hz supply sine with an amplitude set by load, a small 3rd harmonic and sensor noise.
/// Faults change what physics says they change: an outer-race defect strikes once per ball pass,
/// BPFO = (n/2)·f_r·(1 − d/D·cos φ) ≈ 3.57·f_r for a 9-ball bearing, and each strike rings the housing's
/// resonance (≈ 330 Hz, decaying in ~3 ms); imbalance multiplies 1× and modulates the current at f_r;
/// misalignment puts 1× and 2× on the axial axis; looseness adds harmonics up to 6×, a ½× sub-harmonic and
/// clips the motion where a loose foot hits its stop; sensor faults corrupt a single channel without any
/// mechanical cause: electrical spikes, dropouts (the channel sits at its ADC's negative rail, −2 g or −20 A,
/// for 10–40 samples) and bias drift.
/// </para>
/// Every sample carries a truth label, so windows can be labelled by the events they contain.
/// </summary>
public static class MotorSignalGenerator
{
    /// <summary>A fault present over samples [Start, End).</summary>
    public readonly record struct FaultInterval(MotorFault Fault, int Start, int End);

    public const double SampleRateHz = 1000;

    public const int Channels = 4;

    public static readonly string[] ChannelNames = ["accel_x", "accel_y", "accel_z", "current"];

    /// <summary>
    /// One continuous recording of <paramref name="samples"/> time steps (interleaved channels) under one
    /// operating condition, with <paramref name="fault"/> present over [faultStart, faultEnd) (sample indices).
    /// Returns the signal and a per-sample label.
    /// </summary>
    public static (float[] Signal, int[] Truth) Record(ulong seed, int samples, MotorFault fault = MotorFault.Normal, int faultStart = 0, int faultEnd = int.MaxValue,
        MotorRegime? regime = null) =>
        Record(seed, samples, [new FaultInterval(fault, faultStart, faultEnd)], regime);

    /// <summary>
    /// One recording under one operating condition with several faults, each over its own interval; the condition's
    /// speed and load are drawn from <paramref name="regime"/> (default <see cref="MotorRegime.Default"/>).
    /// </summary>
    public static (float[] Signal, int[] Truth) Record(ulong seed, int samples, IReadOnlyList<FaultInterval> faults, MotorRegime? regime = null)
    {
        var range = regime ?? MotorRegime.Default;
        var rng = new Prng(seed);
        var x = new float[samples * Channels];
        var truth = new int[samples];
        double rpm = range.RpmMin + (range.RpmMax - range.RpmMin) * rng.NextDouble();
        double load = range.LoadMin + (range.LoadMax - range.LoadMin) * rng.NextDouble();
        double fr = rpm / 60;
        double phase1 = 2 * Math.PI * rng.NextDouble(), phase2 = 2 * Math.PI * rng.NextDouble(), phaseI = 2 * Math.PI * rng.NextDouble();
        double imbalance = 0.05 * (0.8 + 0.4 * rng.NextDouble());
        double twice = 0.02 * (0.8 + 0.4 * rng.NextDouble());
        double noise = 0.02 * (1 + 0.5 * load);
        double currentPeak = 2 + 6 * load;
        double wanderRate = 0.2 + 0.3 * rng.NextDouble(), wanderPhase = 2 * Math.PI * rng.NextDouble();
        // Fault parameters, drawn even when unused so a normal and a faulty recording with one seed share their condition.
        double severity = 0.6 + 0.8 * rng.NextDouble();
        int sensorChannel = rng.NextInt(Channels);
        double bpfo = 3.57 * fr;
        var spikes = new HashSet<int>();
        var dropouts = new List<(int Start, int Length, int Channel)>();
        var activeAt = new MotorFault[samples];
        var intervalStart = new int[samples];
        var intervalEnd = new int[samples];
        foreach (var f in faults)
        {
            int start = Math.Max(0, f.Start), end = Math.Min(f.End, samples);
            for (int t = start; t < end; t++) (activeAt[t], intervalStart[t], intervalEnd[t]) = (f.Fault, start, end);
            if (f.Fault == MotorFault.SensorSpike)
                for (int t = start + rng.NextInt(40); t < end; t += 40 + rng.NextInt(80)) spikes.Add(t);
            if (f.Fault == MotorFault.Dropout)
                for (int t = start + rng.NextInt(60); t < end; t += 120 + rng.NextInt(120))
                    dropouts.Add((t, Math.Min(10 + rng.NextInt(31), end - t), rng.NextInt(Channels)));
        }

        double angle = phase1, nextStrike = 0;
        double ring = 0; // resonance envelope left by the last bearing strike
        double ringAge = 0;
        for (int n = 0; n < samples; n++)
        {
            double t = n / SampleRateHz;
            double speed = fr * (1 + 0.01 * Math.Sin(2 * Math.PI * wanderRate * t + wanderPhase));
            angle += 2 * Math.PI * speed / SampleRateHz;
            var fault = activeAt[n];
            bool active = fault != MotorFault.Normal;
            int faultStart = intervalStart[n], faultEnd = intervalEnd[n];
            double one = imbalance, two = twice, axial1 = 0.01, axial2 = 0.005;
            if (active && fault == MotorFault.Imbalance) one *= 2.5 + 2 * severity;
            if (active && fault == MotorFault.Misalignment) { axial1 = 0.05 * severity + 0.03; axial2 = 0.1 * severity + 0.05; two *= 3; }

            double ax = one * Math.Sin(angle) + two * Math.Sin(2 * angle + phase2);
            double ay = 0.9 * one * Math.Cos(angle) + 0.8 * two * Math.Cos(2 * angle + phase2);
            double az = axial1 * Math.Sin(angle + 0.5) + axial2 * Math.Sin(2 * angle + phase2 + 1);

            if (active && fault == MotorFault.Looseness)
            {
                for (int h = 1; h <= 6; h++)
                {
                    double a = 0.05 * severity / h;
                    ax += a * Math.Sin(h * angle + 0.7 * h);
                    ay += a * Math.Cos(h * angle + 0.3 * h);
                }
                ax += 0.04 * severity * Math.Sin(0.5 * angle);
                double stop = 0.6 * one + 0.02; // the loose foot hits its stop: motion clipped on one side
                if (ax > stop) ax = stop + 0.2 * (ax - stop);
            }

            if (active && fault == MotorFault.Bearing)
            {
                if (nextStrike < faultStart / SampleRateHz) nextStrike = faultStart / SampleRateHz;
                if (t >= nextStrike)
                {
                    ring = (0.4 + 0.5 * severity) * (0.8 + 0.4 * rng.NextDouble());
                    ringAge = 0;
                    nextStrike += 1 / bpfo * (1 + 0.01 * (rng.NextDouble() - 0.5));
                }
                double r = ring * Math.Exp(-ringAge / 0.003) * Math.Sin(2 * Math.PI * 330 * ringAge);
                ax += r;
                ay += 0.7 * r;
                az += 0.3 * r;
                ringAge += 1 / SampleRateHz;
            }

            double current = currentPeak * Math.Sin(2 * Math.PI * 50 * t + phaseI) + 0.02 * currentPeak * Math.Sin(3 * (2 * Math.PI * 50 * t + phaseI));
            if (active && fault == MotorFault.Imbalance) current *= 1 + 0.03 * severity * Math.Sin(angle);

            Span<double> v = [ax + noise * rng.NextGaussian(), ay + noise * rng.NextGaussian(), az + 0.75 * noise * rng.NextGaussian(), current + 0.05 * rng.NextGaussian()];

            if (active && fault == MotorFault.Drift)
            {
                double progress = (n - faultStart + 200.0) / (faultEnd - faultStart + 200.0);
                v[sensorChannel] += (sensorChannel == 3 ? 4.0 : 0.2) * severity * progress;
            }
            if (spikes.Contains(n))
            {
                int c = sensorChannel;
                v[c] += (rng.NextDouble() < 0.5 ? -1 : 1) * (c == 3 ? 20 : 2) * (1 + severity);
                truth[n] = (int)MotorFault.SensorSpike;
            }
            foreach (var d in dropouts)
                if (n >= d.Start && n < d.Start + d.Length) { v[d.Channel] = d.Channel == 3 ? -20 : -2; truth[n] = (int)MotorFault.Dropout; }

            for (int c = 0; c < Channels; c++) x[n * Channels + c] = (float)v[c];
            // Continuous faults mark every sample they span; events (spikes, dropouts) mark only where they occur.
            if (active && fault is not (MotorFault.SensorSpike or MotorFault.Dropout)) truth[n] = (int)fault;
        }
        return (x, truth);
    }

    /// <summary>
    /// Cuts a recording into windows of <paramref name="window"/> steps every <paramref name="hop"/> steps; a
    /// window's label is the first fault label any of its samples carries (0 when all are normal).
    /// </summary>
    public static (float[] Windows, int[] Labels, int Count) Cut(float[] signal, int[] truth, int channels, int window, int hop)
    {
        int steps = truth.Length;
        int count = steps < window ? 0 : (steps - window) / hop + 1;
        var windows = new float[count * window * channels];
        var labels = new int[count];
        for (int w = 0; w < count; w++)
        {
            int start = w * hop;
            signal.AsSpan(start * channels, window * channels).CopyTo(windows.AsSpan(w * window * channels));
            for (int n = start; n < start + window; n++)
                if (truth[n] != 0) { labels[w] = truth[n]; break; }
        }
        return (windows, labels, count);
    }

    /// <summary>
    /// The standard splits: training and validation from normal recordings only; the test set from other
    /// normal recordings plus recordings of every fault, all cut into <paramref name="window"/>-step windows.
    /// </summary>
    public static DataSplits Splits(int window = 64, int hop = 32, ulong seed = 0x6D6F746F72UL, MotorRegime? regime = null)
    {
        var r = regime ?? MotorRegime.Default;
        const int recordingSteps = 4000;
        Dataset Build(string name, IEnumerable<(ulong Seed, MotorFault Fault)> recordings, int steps)
        {
            var xs = new List<float>();
            var ys = new List<int>();
            foreach (var (s, fault) in recordings)
            {
                var (signal, truth) = Record(s, steps, fault, regime: r);
                var (w, labels, _) = Cut(signal, truth, Channels, window, hop);
                xs.AddRange(w);
                ys.AddRange(labels);
            }
            return new Dataset(name, xs.ToArray(), ys.Count, window * Channels, ys.ToArray(), DataLayout.TimeWindow,
                Channels, window, ChannelNames, Enum.GetNames<MotorFault>(), SampleRateHz);
        }

        var train = Build("motor/train", Enumerable.Range(0, 32).Select(i => (seed + (ulong)i, MotorFault.Normal)), recordingSteps);
        var validation = Build("motor/validation", Enumerable.Range(100, 8).Select(i => (seed + (ulong)i, MotorFault.Normal)), recordingSteps);
        var testRecordings = Enumerable.Range(200, 16).Select(i => (seed + (ulong)i, MotorFault.Normal))
            .Concat(Enum.GetValues<MotorFault>().Where(f => f != MotorFault.Normal)
                .SelectMany(f => Enumerable.Range(0, 4).Select(i => (seed + 300UL + (ulong)(10 * (int)f + i), f))));
        var test = Build("motor/test", testRecordings, 2000);
        return new DataSplits(train, validation, test, label => label != 0,
            $"builtin:motor ({window}-step windows of {Channels} channels at {SampleRateHz:0} Hz, hop {hop}, {r.RpmMin:0}–{r.RpmMax:0} rpm, load {r.LoadMin:0.##}–{r.LoadMax:0.##})");
    }
}
