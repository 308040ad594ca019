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
        for (int i = 0; i < 10_000; i++) { sample[0] = i % 50 == 0 ? 3 : 0.5f; d.Push(sample, out _); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Bad_configuration_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingDetector(new PeakScorer(), hop: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingDetector(new PeakScorer(), hop: 1, k: 3, n: 2));
        Assert.Throws<ArgumentException>(() => new StreamingDetector(new PeakScorer(), hop: 1).Push([1f], out _));
    }
}
