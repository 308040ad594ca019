using EdgeVae.Runtime.Streaming;

namespace EdgeVae.Runtime.Tests.Streaming;

public class StreamingDetectorTests
{
    /// <summary>Scores a window by its largest absolute value; attributes it to the channel holding it.</summary>
    private sealed class PeakScorer : IAnomalyScorer
    {
        public int InputLength => 8;
        public int Channels => 2;
        public int WindowLength => 4;
        public float Threshold => 1f;
        public int Calls { get; private set; }

        public float Score(ReadOnlySpan<float> window, Span<float> channelErrors)
        {
            Calls++;
            channelErrors.Clear();
            float peak = 0;
            for (int i = 0; i < window.Length; i++)
            {
                float a = Math.Abs(window[i]);
                peak = Math.Max(peak, a);
                channelErrors[i % 2] = Math.Max(channelErrors[i % 2], a);
            }
            return peak;
        }
    }

    private static List<DetectorEvent> Feed(StreamingDetector d, IEnumerable<(float A, float B)> samples)
    {
        var events = new List<DetectorEvent>();
        foreach (var (a, b) in samples)
            if (d.Push([a, b], out var e)) events.Add(e);
        return events;
    }

    [Fact]
    public void Scores_every_hop_after_the_first_full_window()
    {
        var model = new PeakScorer();
        var d = new StreamingDetector(model, hop: 2, k: 1, n: 1);
        Feed(d, Enumerable.Repeat((0f, 0f), 10));
        Assert.Equal(4, model.Calls); // windows ending at samples 4, 6, 8, 10
    }

    [Fact]
    public void K_of_n_debounce_ignores_a_single_bad_window_and_raises_on_two()
    {
        var d = new StreamingDetector(new PeakScorer(), hop: 4, k: 2, n: 3);
        // Window 2 alone is anomalous (then two normal windows push it out of the last three): no event.
        var events = Feed(d, [.. Enumerable.Repeat((0f, 0f), 4), (0f, 5f), .. Enumerable.Repeat((0f, 0f), 11)]);
        Assert.Empty(events);
        // Two anomalous windows in a row: raised, attributed to channel 0.
        events = Feed(d, [(3f, 0f), .. Enumerable.Repeat((0f, 0f), 3), (4f, 0f), .. Enumerable.Repeat((0f, 0f), 3)]);
        var raised = Assert.Single(events);
        Assert.Equal(DetectorEventKind.Raised, raised.Kind);
        Assert.Equal(0, raised.TopChannel);
        Assert.Equal(23, raised.SampleIndex); // the second anomalous window ends at sample 24
        Assert.True(d.InAlarm);
    }

    [Fact]
    public void Hysteresis_clears_only_after_n_quiet_windows_below_the_release_level()
    {
        var d = new StreamingDetector(new PeakScorer(), hop: 4, k: 1, n: 2, release: 0.5f);
        Assert.Single(Feed(d, [(0f, 2f), (0f, 0f), (0f, 0f), (0f, 0f)]));
        // 0.9 is under the threshold but above the release level (0.5): the alarm holds.
        Assert.Empty(Feed(d, Enumerable.Repeat((0.9f, 0f), 12)));
        Assert.True(d.InAlarm);
        var cleared = Assert.Single(Feed(d, Enumerable.Repeat((0.1f, 0f), 8)));
        Assert.Equal(DetectorEventKind.Cleared, cleared.Kind);
        Assert.False(d.InAlarm);
    }

    [Fact]
    public void Pushing_allocates_nothing()
    {
        var d = new StreamingDetector(new PeakScorer(), hop: 1);
        float[] sample = [0.5f, 0.25f];
        for (int i = 0; i < 100; i++) d.Push(sample, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) { sample[0] = i % 50 == 0 ? 3 : i % 70 == 0 ? float.NaN : 0.5f; d.Push(sample, out _); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Scores like <see cref="PeakScorer"/> over a 64-step window, one channel; NaN if any value is.</summary>
    private sealed class LongPeakScorer : IAnomalyScorer
    {
        public int InputLength => 64;
        public int Channels => 1;
        public int WindowLength => 64;
        public float Threshold => 1f;

        public float Score(ReadOnlySpan<float> window, Span<float> channelErrors)
        {
            float peak = 0;
            foreach (float v in window) peak = float.IsNaN(v) ? float.NaN : Math.Max(peak, Math.Abs(v));
            channelErrors[0] = peak;
            return peak;
        }
    }

    [Fact]
    public void Sparse_non_finite_samples_are_held_and_a_fault_among_them_is_still_raised()
    {
        // One NaN every 50 samples (the recording that used to score no window at all), a fault from sample 400.
        var d = new StreamingDetector(new LongPeakScorer(), hop: 8, k: 2, n: 3);
        var events = new List<DetectorEvent>();
        int scored = 0;
        for (int t = 0; t < 600; t++)
        {
            float v = t % 50 == 49 ? float.NaN : t >= 400 ? 3f : 0.5f;
            if (d.Push([v], out var e)) events.Add(e);
            if (t >= 63 && (t - 63) % 8 == 0 && float.IsFinite(d.LastScore)) scored++;
        }
        Assert.Equal(12, d.HeldSamples);
        Assert.Equal((600 - 64) / 8 + 1, scored); // every window scored
        var raised = Assert.Single(events);
        Assert.Equal(DetectorEventKind.Raised, raised.Kind);
        Assert.InRange(raised.SampleIndex, 400, 400 + 3 * 8);
    }

    [Fact]
    public void A_burst_of_non_finite_input_is_reported_keeps_the_alarm_and_detection_resumes_after_it()
    {
        var d = new StreamingDetector(new LongPeakScorer(), hop: 8, k: 1, n: 1);
        var events = new List<(long T, DetectorEvent E)>();
        for (int t = 0; t < 400; t++)
        {
            // A fault from 100, then the sensor dies (Infinity, then NaN) over [150, 250), then the fault is still there.
            float v = t >= 150 && t < 200 ? float.PositiveInfinity : t >= 200 && t < 250 ? float.NaN : t >= 100 ? 3f : 0.5f;
            if (d.Push([v], out var e)) events.Add((t, e));
        }
        Assert.Equal(100, d.HeldSamples);
        Assert.Equal([DetectorEventKind.Raised, DetectorEventKind.InputFault, DetectorEventKind.InputRestored], events.Select(e => e.E.Kind).ToArray());
        var fault = events[1].E;
        Assert.True(float.IsNaN(fault.Score));
        // More than a quarter of the 64-step window held: the first window ending at or after step 150 + 16.
        Assert.InRange(fault.SampleIndex, 150 + 16, 150 + 16 + 8);
        Assert.InRange(events[2].E.SampleIndex, 250 + 48, 250 + 48 + 8); // back under a quarter
        Assert.True(d.InAlarm); // never silently cleared
        Assert.False(d.InInputFault);
    }

    [Fact]
    public void A_non_finite_score_is_an_input_fault_not_a_normal_window()
    {
        // The inputs are finite, but the model's score is not (an overflow inside it): that must not read as "below
        // the threshold", which is what a NaN comparison would say.
        var d = new StreamingDetector(new NanScorer(), hop: 4, k: 1, n: 1);
        var events = new List<DetectorEvent>();
        for (int t = 0; t < 16; t++) if (d.Push([0f, 0f], out var e)) events.Add(e);
        var fault = Assert.Single(events); // reported once, not once per window
        Assert.Equal(DetectorEventKind.InputFault, fault.Kind);
        Assert.Equal(3, fault.SampleIndex);
        Assert.True(d.InInputFault);
        Assert.Equal(0, d.HeldSamples);
    }

    private sealed class NanScorer : IAnomalyScorer
    {
        public int InputLength => 8;
        public int Channels => 2;
        public int WindowLength => 4;
        public float Threshold => 1f;
        public float Score(ReadOnlySpan<float> window, Span<float> channelErrors) => float.NaN;
    }

    [Fact]
    public void Bad_configuration_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingDetector(new PeakScorer(), hop: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingDetector(new PeakScorer(), hop: 1, k: 3, n: 2));
        Assert.Throws<ArgumentException>(() => new StreamingDetector(new PeakScorer(), hop: 1).Push([1f], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingDetector(new PeakScorer(), hop: 1, maxHeldFraction: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingDetector(new PeakScorer(), hop: 1, maxHeldFraction: float.NaN));
    }
}
