namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>
    /// Constants of the <c>.evae</c> format: JSON text with the architecture, metadata and thresholds in plain
    /// members and every float array as base64 of little-endian IEEE-754 binary32 (exact and compact).
    /// </summary>
    public static class ModelFileFormat
    {
        /// <summary>The value of the "format" member.</summary>
        public const string FormatName = "edgevae-model";

        /// <summary>The version this reader and writer speak.</summary>
        public const int CurrentVersion = 1;

        /// <summary>The conventional file extension.</summary>
        public const string Extension = ".evae";

        public static string KindName(Model.ModelKind kind) => kind switch
        {
            Model.ModelKind.Autoencoder => "ae",
            Model.ModelKind.Sparse => "sparse",
            Model.ModelKind.Denoising => "denoising",
            _ => "vae",
        };

        public static string NormalizationName(Model.NormalizationMethod m) => m switch
        {
            Model.NormalizationMethod.None => "none",
            Model.NormalizationMethod.MinMax => "minmax",
            _ => "zscore",
        };
    }
}
