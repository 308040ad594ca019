namespace EdgeVae.Runtime.Streaming;

/// <summary>Whether an event starts or ends an anomaly.</summary>
public enum DetectorEventKind
{
    /// <summary>k of the last n windows scored above the threshold.</summary>
    Raised,

    /// <summary>The last n windows all scored below the release level.</summary>
    Cleared,
}

/// <summary>
/// A change of the detector's state, at the last sample of the window that caused it, with that window's
/// score, the threshold and the channel that contributed most to the score.
/// </summary>
public readonly record struct DetectorEvent(DetectorEventKind Kind, long SampleIndex, float Score, float Threshold, int TopChannel);
