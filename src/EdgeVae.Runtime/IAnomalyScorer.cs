namespace EdgeVae.Runtime;

/// <summary>
/// A model that scores a window of samples: what every generated model exposes (through its nested
/// <c>Scorer</c>) so the streaming detector can drive any of them.
/// </summary>
public interface IAnomalyScorer
{
    /// <summary>Values per input window (Window × Channels for time series).</summary>
    int InputLength { get; }

    /// <summary>Channels per time step (1 for non-time-series models).</summary>
    int Channels { get; }

    /// <summary>Time steps per window (InputLength / Channels).</summary>
    int WindowLength { get; }

    /// <summary>Scores above this are anomalous (calibrated for the model's precision).</summary>
    float Threshold { get; }

    /// <summary>
    /// The anomaly score of one window (interleaved channels, raw sensor units), and each channel's share of
    /// it in <paramref name="channelErrors"/> (length <see cref="Channels"/>): which input drove the score.
    /// </summary>
    float Score(ReadOnlySpan<float> window, Span<float> channelErrors);
}
