namespace EdgeVae.Generator.SourceGeneration
{
    /// <summary>Tracking names of the incremental pipeline's steps (tests assert their cache behaviour).</summary>
    public static class StepNames
    {
        public const string Attributes = "EdgeVae.Attributes";
        public const string Requests = "EdgeVae.Requests";
        public const string ModelFiles = "EdgeVae.ModelFiles";
        public const string Specs = "EdgeVae.Specs";
        public const string Emission = "EdgeVae.Emission";
    }
}
