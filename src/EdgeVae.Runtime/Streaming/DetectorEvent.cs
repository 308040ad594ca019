namespace EdgeVae.Runtime.Streaming;

/// <summary>Whether an event starts or ends an anomaly.</summary>
public enum DetectorEventKind
{
    /// <summary>k of the last n windows scored above the threshold.</summary>
    Raised,

    /// <summary>The last n windows all scored below the release level.</summary>
    Cleared,

    /// <summary>
    /// A window could not be scored: more of its steps held non-finite input than the detector allows, or its score
    /// was not finite. Detection is suspended (the alarm state is kept) until <see cref="InputRestored"/>.
    /// </summary>
    InputFault,

    /// <summary>The first window scored again after an <see cref="InputFault"/>.</summary>
    InputRestored,
}

/// <summary>
/// A change of the detector's state, at the last sample of the window that caused it, with that window's
/// score (NaN for an input fault), the threshold and the channel that contributed most to the score (for an input
/// fault, the channel whose value was last non-finite).
/// </summary>
public readonly record struct DetectorEvent(DetectorEventKind Kind, long SampleIndex, float Score, float Threshold, int TopChannel);
