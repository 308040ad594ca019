namespace NativeAotMonitor;

/// <summary>
/// Fault episodes of the truth labels, built one step at a time: runs of non-zero truth, merged across gaps of at
/// most two windows (spikes and dropouts are sparse). Memory grows with the number of episodes, not of steps.
/// </summary>
internal sealed class Episodes(int window)
{
    private readonly List<(long Start, long End)> _runs = [];

    public IReadOnlyList<(long Start, long End)> Runs => _runs;

    public void Add(long t, int truth)
    {
        if (truth <= 0) return; // 0: normal; -1: not known at this step (a piped binary recording gives its labels after the samples)
        if (_runs.Count > 0 && t - _runs[^1].End <= 2 * window) _runs[^1] = (_runs[^1].Start, t);
        else _runs.Add((t, t));
    }

    /// <summary>Episodes with a raise within them or up to <paramref name="reach"/> steps after, and raises that fall in one so.</summary>
    public (int Detected, int TruePositive) Match(List<long> raised, int reach)
    {
        // Plain loops rather than LINQ: every generic instantiation costs binary size under NativeAOT.
        int detected = 0, truePositive = 0;
        foreach (var ep in _runs)
            foreach (long r in raised)
                if (r >= ep.Start && r <= ep.End + reach) { detected++; break; }
        foreach (long r in raised)
            foreach (var ep in _runs)
                if (r >= ep.Start && r <= ep.End + reach) { truePositive++; break; }
        return (detected, truePositive);
    }
}
