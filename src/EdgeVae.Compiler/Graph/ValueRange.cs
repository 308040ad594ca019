namespace EdgeVae.Compiler.Graph
{
    /// <summary>A closed interval [Min, Max] seen during calibration (empty when Min &gt; Max: not calibrated).</summary>
    public readonly record struct ValueRange(float Min, float Max)
    {
        public static ValueRange Unknown => new ValueRange(float.PositiveInfinity, float.NegativeInfinity);

        public bool IsKnown => Min <= Max;
    }
}
