namespace EdgeVae.Trainer.Data;

/// <summary>The machine conditions of <c>builtin:motor</c>; the value is the label (0 = normal).</summary>
public enum MotorFault
{
    Normal = 0,

    /// <summary>Outer-race bearing defect: impulses at BPFO ringing a structural resonance.</summary>
    Bearing = 1,

    /// <summary>Mass imbalance: a strong once-per-revolution radial component.</summary>
    Imbalance = 2,

    /// <summary>Shaft misalignment: strong axial vibration at 1× and 2× running speed.</summary>
    Misalignment = 3,

    /// <summary>Mechanical looseness: many harmonics, a sub-harmonic and clipped (truncated) motion.</summary>
    Looseness = 4,

    /// <summary>Electrical interference: isolated spikes in one channel.</summary>
    SensorSpike = 5,

    /// <summary>A channel that drops out: it sits at its ADC's negative rail for tens of samples.</summary>
    Dropout = 6,

    /// <summary>A sensor whose bias drifts away from zero.</summary>
    Drift = 7,
}
