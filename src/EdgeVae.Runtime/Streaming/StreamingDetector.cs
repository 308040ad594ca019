namespace EdgeVae.Runtime.Streaming;

/// <summary>
/// Runs a model over a multi-channel sample stream: a ring buffer holds the last window, every
/// <see cref="Hop"/> samples the window is scored, and a k-of-n debounce raises an event (so one noisy window
/// does not); hysteresis clears it only when n windows in a row fall below <c>release × threshold</c>.
/// Each event names the channel that drove the score. Nothing is allocated after construction.
/// <para>
/// Non-finite input (NaN, ±Infinity: a dropped sensor, a bad conversion) never reaches the model and never silences
/// detection. Each such value is replaced by its channel's last finite value (sample and hold; 0 before the first)
/// and the step is counted in <see cref="HeldSamples"/>. A window with at most <see cref="MaxHeldFraction"/> of its
/// steps held is scored as usual. A window with more, or whose score comes out non-finite, is not scored: the
/// detector reports <see cref="DetectorEventKind.InputFault"/> once, keeps its alarm state (an alarm raised before the
/// fault stays raised), and reports <see cref="DetectorEventKind.InputRestored"/> at the next window it can score again.
/// </para>
/// </summary>
public sealed class StreamingDetector
{
    private readonly IAnomalyScorer _model;
    private readonly float[] _ring;      // Window × Channels, written circularly one time step at a time
    private readonly float[] _window;    // the ring linearised, oldest step first
    private readonly float[] _channelErrors;
    private readonly bool[] _recent;     // the last n decisions, circular
    private readonly float[] _lastFinite; // per channel, the value a non-finite one is replaced by
    private readonly bool[] _heldRing;   // per step of the ring, whether any of its values was replaced
    private readonly int _channels, _steps, _maxHeld;
    private int _head, _filled, _sinceScore, _recentIndex, _quietRun, _heldInWindow, _lastFaultChannel;
    private long _samples, _heldSamples;

    public StreamingDetector(IAnomalyScorer model, int hop, int k = 2, int n = 3, float release = 0.8f, float maxHeldFraction = 0.25f)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (hop <= 0) throw new ArgumentOutOfRangeException(nameof(hop), hop, "The hop must be at least one sample.");
        if (n <= 0 || k <= 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"Debounce needs 1 ≤ k ≤ n (got k = {k}, n = {n}).");
        if (!(release > 0 && release <= 1)) throw new ArgumentOutOfRangeException(nameof(release), release, "The release level is a fraction of the threshold in (0, 1].");
        if (!(maxHeldFraction >= 0 && maxHeldFraction < 1)) throw new ArgumentOutOfRangeException(nameof(maxHeldFraction), maxHeldFraction, "The largest share of held steps a scored window may have is in [0, 1).");
        _model = model;
        _channels = model.Channels;
        _steps = model.WindowLength;
        if (_channels * _steps != model.InputLength) throw new ArgumentException($"The model's window ({_steps} steps × {_channels} channels) does not match its input length {model.InputLength}.");
        _ring = new float[model.InputLength];
        _window = new float[model.InputLength];
        _channelErrors = new float[_channels];
        _recent = new bool[n];
        _lastFinite = new float[_channels];
        _heldRing = new bool[_steps];
        _maxHeld = (int)(maxHeldFraction * _steps);
        MaxHeldFraction = maxHeldFraction;
        Hop = hop;
        K = k;
        N = n;
        Release = release;
    }

    public int Hop { get; }

    public int K { get; }

    public int N { get; }

    public float Release { get; }

    /// <summary>The largest share of a window's steps that may hold replaced (non-finite) values for it to be scored.</summary>
    public float MaxHeldFraction { get; }

    /// <summary>Steps pushed so far with at least one non-finite value (replaced by the channel's last finite one).</summary>
    public long HeldSamples => _heldSamples;

    /// <summary>Whether the input is currently too damaged to score (between an InputFault and an InputRestored event).</summary>
    public bool InInputFault { get; private set; }

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
        var slot = _ring.AsSpan(_head * _channels, _channels);
        bool held = false;
        for (int c = 0; c < _channels; c++)
        {
            float v = sample[c];
            if (float.IsFinite(v)) _lastFinite[c] = v;
            else
            {
                held = true;
                _lastFaultChannel = c;
            }
            slot[c] = _lastFinite[c];
        }
        if (held) _heldSamples++;
        // The step leaving the window (once it is full) gives up its count; the new one takes its place.
        if (_filled == _steps && _heldRing[_head]) _heldInWindow--;
        _heldRing[_head] = held;
        if (held) _heldInWindow++;
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
        float threshold = _model.Threshold;
        float score = _heldInWindow <= _maxHeld ? _model.Score(_window, _channelErrors) : float.NaN;
        LastScore = score;
        if (!float.IsFinite(score))
        {
            if (InInputFault) return false;
            InInputFault = true;
            detectorEvent = new DetectorEvent(DetectorEventKind.InputFault, _samples - 1, score, threshold, _lastFaultChannel);
            return true;
        }
        bool restored = InInputFault;
        InInputFault = false;
        bool anomalous = score > threshold;
        _recent[_recentIndex] = anomalous;
        _recentIndex = (_recentIndex + 1) % N;
        int votes = 0;
        foreach (bool r in _recent) if (r) votes++;
        _quietRun = score < Release * threshold ? _quietRun + 1 : 0;
        if (restored)
        {
            // This window's decision counts; a raise or clear it completes is reported at the next window.
            detectorEvent = new DetectorEvent(DetectorEventKind.InputRestored, _samples - 1, score, threshold, TopChannel());
            return true;
        }

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
