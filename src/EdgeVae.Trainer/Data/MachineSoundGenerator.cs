using EdgeVae.Numerics.Random;

namespace EdgeVae.Trainer.Data;

/// <summary>
/// The built-in machine as a microphone hears it: mono sound at <see cref="SampleRateHz"/>, the scale of DCASE's and
/// MIMII's recordings. A motor turning at 1200–3000 rpm sounds its rotation harmonics (fading with order), the blade-pass
/// tone of a 7-blade cooling fan and its second harmonic, the 100 Hz magnetic hum and broadband flow noise (white noise
/// low-passed at about 2.5 kHz, plus hiss), each clip under its own speed, load and levels. Faults change the sound as
/// machines do: a bearing defect rings a 3.2 kHz resonance at the outer-race pass frequency (3.57 × rotation);
/// imbalance raises the first harmonic and modulates the whole sound at the rotation rate; misalignment raises the second
/// and third harmonics; looseness adds half-order harmonics and rattling clicks once per turn.
/// </summary>
public static class MachineSoundGenerator
{
    public const double SampleRateHz = 16000;

    /// <summary>The faults a microphone can hear (the sensor faults of the vibration set have no sound).</summary>
    public static readonly MotorFault[] Faults = [MotorFault.Bearing, MotorFault.Imbalance, MotorFault.Misalignment, MotorFault.Looseness];

    public static float[] Record(ulong seed, int samples, MotorFault fault = MotorFault.Normal)
    {
        var rng = new Prng(seed ^ 0x736F756E64UL);
        double fr = (1200 + 1800 * rng.NextDouble()) / 60, load = 0.3 + 0.7 * rng.NextDouble();
        double severity = 0.6 + 0.8 * rng.NextDouble();
        var harmonic = new double[11];
        var phase = new double[11];
        for (int h = 1; h <= 10; h++)
        {
            harmonic[h] = 0.05 / h * (0.7 + 0.6 * rng.NextDouble()) * (0.6 + 0.4 * load);
            phase[h] = 2 * Math.PI * rng.NextDouble();
        }
        double blade = 0.03 * (0.7 + 0.6 * rng.NextDouble()), hum = 0.02 * load * (0.7 + 0.6 * rng.NextDouble());
        double flow = 0.04 * (0.7 + 0.6 * rng.NextDouble()) * (0.5 + load), hiss = 0.004 * (0.7 + 0.6 * rng.NextDouble());
        double amDepth = 0, halfOrder = 0, rattle = 0, bearing = 0;
        switch (fault)
        {
            case MotorFault.Imbalance: harmonic[1] *= 2 + 2 * severity; amDepth = 0.15 + 0.2 * severity; break;
            case MotorFault.Misalignment: harmonic[2] *= 2.5 + 2 * severity; harmonic[3] *= 2 + 2 * severity; break;
            case MotorFault.Looseness: halfOrder = 0.015 * severity; rattle = 0.12 * severity; break;
            case MotorFault.Bearing: bearing = 0.05 + 0.06 * severity; break;
        }
        var x = new float[samples];
        double angle = 2 * Math.PI * rng.NextDouble(), lowpass = 0, ring = 0, ringAge = 1, click = 0, nextStrike = 0;
        double alpha = 1 - Math.Exp(-2 * Math.PI * 2500 / SampleRateHz);
        double wander = 0.2 + 0.3 * rng.NextDouble(), wanderPhase = 2 * Math.PI * rng.NextDouble(), humPhase = 2 * Math.PI * rng.NextDouble();
        double bpfo = 3.57 * fr;
        for (int n = 0; n < samples; n++)
        {
            double t = n / SampleRateHz;
            double speed = fr * (1 + 0.005 * Math.Sin(2 * Math.PI * wander * t + wanderPhase));
            double previous = angle;
            angle += 2 * Math.PI * speed / SampleRateHz;
            double v = 0;
            for (int h = 1; h <= 10; h++) v += harmonic[h] * Math.Sin(h * angle + phase[h]);
            v += blade * Math.Sin(7 * angle) + 0.4 * blade * Math.Sin(14 * angle + 1.1);
            v += hum * Math.Sin(2 * Math.PI * 100 * t + humPhase);
            lowpass += alpha * (rng.NextGaussian() - lowpass);
            v += flow * lowpass + hiss * rng.NextGaussian();
            if (halfOrder > 0)
                for (int h = 1; h <= 7; h += 2) v += halfOrder / h * Math.Sin(0.5 * h * angle + h);
            if (rattle > 0)
            {
                // A click where the loose part hits its stop once per turn, broadband and brief.
                if (Math.Floor(previous / (2 * Math.PI)) != Math.Floor(angle / (2 * Math.PI))) click = rattle * (0.7 + 0.6 * rng.NextDouble());
                v += click * rng.NextGaussian();
                click *= Math.Exp(-1 / (0.0008 * SampleRateHz));
            }
            if (bearing > 0)
            {
                if (t >= nextStrike)
                {
                    ring = bearing * (0.8 + 0.4 * rng.NextDouble());
                    ringAge = 0;
                    nextStrike = t + 1 / bpfo * (1 + 0.02 * (rng.NextDouble() - 0.5));
                }
                v += ring * Math.Exp(-ringAge / 0.002) * Math.Sin(2 * Math.PI * 3200 * ringAge);
                ringAge += 1 / SampleRateHz;
            }
            if (amDepth > 0) v *= 1 + amDepth * Math.Sin(angle);
            x[n] = (float)v;
        }
        return x;
    }
}
