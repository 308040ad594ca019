using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>
    /// Constants of the <c>.evae</c> format: JSON text with the op graph, the data contract, thresholds and training
    /// record in plain members and every float array as base64 of little-endian IEEE-754 binary32 (exact and compact).
    /// Version 2 holds the graph; version 1 (a list of dense layers with roles) is read and upgraded.
    /// </summary>
    public static class ModelFileFormat
    {
        /// <summary>The value of the "format" member.</summary>
        public const string FormatName = "edgevae-model";

        /// <summary>The version this writer writes.</summary>
        public const int CurrentVersion = 2;

        /// <summary>The conventional file extension.</summary>
        public const string Extension = ".evae";

        public static string KindName(ModelKind kind) => kind switch
        {
            ModelKind.Autoencoder => "ae",
            ModelKind.Sparse => "sparse",
            ModelKind.Denoising => "denoising",
            _ => "vae",
        };

        public static bool TryParseKind(string name, out ModelKind kind)
        {
            switch (name)
            {
                case "ae": kind = ModelKind.Autoencoder; return true;
                case "sparse": kind = ModelKind.Sparse; return true;
                case "denoising": kind = ModelKind.Denoising; return true;
                case "vae": kind = ModelKind.Variational; return true;
                default: kind = ModelKind.Autoencoder; return false;
            }
        }

        public static string ReconstructionName(ReconstructionKind r) => r == ReconstructionKind.Bernoulli ? "bernoulli" : "gaussian";
    }
}
