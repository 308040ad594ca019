namespace EdgeVae.Compiler.Emitters
{
    /// <summary>Numeric precision of generated code (mirrors the attribute's EdgeVaePrecision).</summary>
    public enum EmitPrecision
    {
        Int8 = 0,
        Int16 = 1,
        Float32 = 2,
    }

    /// <summary>Where generated code runs (mirrors the attribute's EdgeVaeTarget).</summary>
    public enum EmitTarget
    {
        DotNet = 0,
        NanoFramework = 1,
    }

    /// <summary>
    /// What to generate: a class (in a namespace, possibly global) for one model at one precision; with
    /// <paramref name="Learner"/>, the on-device baseline learner too, whose threshold is mean + <paramref name="LearnerSigmas"/>
    /// standard deviations of the normal scores it sees.
    /// </summary>
    public sealed record EmitOptions(string Namespace, string ClassName, string Accessibility, EmitPrecision Precision, EmitTarget Target, string ModelFileName,
        bool Learner = false, double LearnerSigmas = 3.0)
    {
        /// <summary>The learner's standard deviations in 1/256 (what the generated code computes with).</summary>
        public int LearnerSigmasQ8 => (int)System.Math.Round(LearnerSigmas * 256);

        public string PrecisionName => Precision == EmitPrecision.Int8 ? "int8" : Precision == EmitPrecision.Int16 ? "int16" : "float32";
    }

    /// <summary>Generated source and the figures reported about it.</summary>
    public sealed record EmitResult(string Source, long FlashBytes, long RamBytes, long Macs, string? ThresholdNote);
}
