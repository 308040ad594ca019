namespace EdgeVae.Runtime.Streaming;

/// <summary>
/// Runs a model over a multi-channel sample stream: a ring buffer holds the last window, every
/// <see cref="Hop"/> samples the window is scored, and a k-of-n debounce raises an event (so one noisy window
/// does not); hysteresis clears it only when n windows in a row fall below <c>release × threshold</c>.
/// Each event names the channel that drove the score. Nothing is allocated after construction.
/// </summary>
public sealed class StreamingDetector
{
    private readonly IAnomalyScorer _model;
    private readonly float[] _ring;      // Window × Channels, written circularly one time step at a time
    private readonly float[] _window;    // the ring linearised, oldest step first
    private readonly float[] _channelErrors;
    private readonly bool[] _recent;     // the last n decisions, circular
    private readonly int _channels, _steps;
    private int _head, _filled, _sinceScore, _recentIndex, _quietRun;
    private long _samples;

    public StreamingDetector(IAnomalyScorer model, int hop, int k = 2, int n = 3, float release = 0.8f)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (hop <= 0) throw new ArgumentOutOfRangeException(nameof(hop), hop, "The hop must be at least one sample.");
        if (n <= 0 || k <= 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"Debounce needs 1 ≤ k ≤ n (got k = {k}, n = {n}).");
        if (!(release > 0 && release <= 1)) throw new ArgumentOutOfRangeException(nameof(release), release, "The release level is a fraction of the threshold in (0, 1].");
        _model = model;
        _channels = model.Channels;
        _steps = model.WindowLength;
        if (_channels * _steps != model.InputLength) throw new ArgumentException($"The model's window ({_steps} steps × {_channels} channels) does not match its input length {model.InputLength}.");
        _ring = new float[model.InputLength];
        _window = new float[model.InputLength];
        _channelErrors = new float[_channels];
        _recent = new bool[n];
        Hop = hop;
        K = k;
        N = n;
        Release = release;
    }

    public int Hop { get; }

    public int K { get; }

    public int N { get; }

    public float Release { get; }

    /// <summary>Whether an anomaly is currently raised.</summary>
    public bool InAlarm { get; private set; }

    /// <summary>The score of the most recent window (NaN before the first).</summary>
    public float LastScore { get; private set; } = float.NaN;

    /// <summary>Samples (time steps) pushed so far.</summary>
    public long SampleCount => _samples;

    /// <summary>
    /// Adds one time step (<see cref="IAnomalyScorer.Channels"/> values). Returns true when the state changed,
    /// with the event in <paramref name="detectorEvent"/>.
    /// </summary>
    public bool Push(ReadOnlySpan<float> sample, out DetectorEvent detectorEvent)
    {
        if (sample.Length != _channels) throw new ArgumentException($"A sample has {_channels} channels, got {sample.Length} values.", nameof(sample));
        sample.CopyTo(_ring.AsSpan(_head * _channels, _channels));
        _head = (_head + 1) % _steps;
        _samples++;
        detectorEvent = default;
        if (_filled < _steps) _filled++;
        if (_filled < _steps || ++_sinceScore < Hop && _samples > _steps) return false;
        _sinceScore = 0;

        // Oldest step first: the ring from head to end, then from 0 to head.
        int split = _head * _channels;
        _ring.AsSpan(split).CopyTo(_window);
        _ring.AsSpan(0, split).CopyTo(_window.AsSpan(_ring.Length - split));
        float score = _model.Score(_window, _channelErrors);
        LastScore = score;
        float threshold = _model.Threshold;
        bool anomalous = score > threshold;
        _recent[_recentIndex] = anomalous;
        _recentIndex = (_recentIndex + 1) % N;
        int votes = 0;
        foreach (bool r in _recent) if (r) votes++;
        _quietRun = score < Release * threshold ? _quietRun + 1 : 0;

        if (!InAlarm && votes >= K)
        {
            InAlarm = true;
            detectorEvent = new DetectorEvent(DetectorEventKind.Raised, _samples - 1, score, threshold, TopChannel());
            return true;
        }
        if (InAlarm && _quietRun >= N)
        {
            InAlarm = false;
            Array.Clear(_recent);
            detectorEvent = new DetectorEvent(DetectorEventKind.Cleared, _samples - 1, score, threshold, TopChannel());
            return true;
        }
        return false;
    }

    private int TopChannel()
    {
        int best = 0;
        for (int c = 1; c < _channelErrors.Length; c++) if (_channelErrors[c] > _channelErrors[best]) best = c;
        return best;
    }
}
