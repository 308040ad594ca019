using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.Tests.Data;

public class MotorSignalTests
{
    private static double Rms(float[] x, int channel, int channels = 4)
    {
        double s = 0;
        int n = 0;
        for (int i = channel; i < x.Length; i += channels, n++) s += x[i] * (double)x[i];
        return Math.Sqrt(s / n);
    }

    private static double Kurtosis(float[] x, int channel, int channels = 4)
    {
        var v = Enumerable.Range(0, x.Length / channels).Select(i => (double)x[i * channels + channel]).ToArray();
        double m = v.Average(), m2 = v.Average(a => (a - m) * (a - m)), m4 = v.Average(a => Math.Pow(a - m, 4));
        return m4 / (m2 * m2);
    }

    [Fact]
    public void Same_seed_same_signal_and_faults_change_what_physics_says()
    {
        var (a, _) = MotorSignalGenerator.Record(42, 2000);
        var (b, _) = MotorSignalGenerator.Record(42, 2000);
        Assert.Equal(a, b);
        var (imbalance, t1) = MotorSignalGenerator.Record(42, 2000, MotorFault.Imbalance);
        Assert.True(Rms(imbalance, 0) > 2 * Rms(a, 0), "imbalance raises radial vibration");
        Assert.All(t1, l => Assert.Equal((int)MotorFault.Imbalance, l));
        var (misaligned, _) = MotorSignalGenerator.Record(42, 2000, MotorFault.Misalignment);
        Assert.True(Rms(misaligned, 2) > 3 * Rms(a, 2), "misalignment raises axial vibration");
        var (bearing, _) = MotorSignalGenerator.Record(42, 2000, MotorFault.Bearing);
        Assert.True(Kurtosis(bearing, 0) > Kurtosis(a, 0) + 1, $"bearing impacts make vibration impulsive: kurtosis {Kurtosis(bearing, 0):G3} vs {Kurtosis(a, 0):G3}");
        var (dropout, t6) = MotorSignalGenerator.Record(42, 2000, MotorFault.Dropout);
        int flagged = t6.Count(l => l == (int)MotorFault.Dropout);
        Assert.InRange(flagged, 10, 1000);
        // A dropped-out channel sits at its ADC's negative rail.
        Assert.All(Enumerable.Range(0, 2000).Where(n => t6[n] != 0), n => Assert.True(dropout.AsSpan(n * 4, 4).IndexOfAny(-2f, -20f) >= 0));
        Assert.True(Rms(a, 3) > 1, "the motor draws current");
    }

    [Fact]
    public void Splits_train_on_normal_windows_and_test_every_fault()
    {
        var s = MotorSignalGenerator.Splits();
        Assert.All(s.Train.Labels!, l => Assert.Equal(0, l));
        Assert.All(s.Validation.Labels!, l => Assert.Equal(0, l));
        foreach (var fault in Enum.GetValues<MotorFault>())
            Assert.Contains((int)fault, s.Test.Labels!);
        Assert.Equal(256, s.Train.Width);
    }
}
