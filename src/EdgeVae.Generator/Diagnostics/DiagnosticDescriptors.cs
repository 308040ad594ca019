using Microsoft.CodeAnalysis;

namespace EdgeVae.Generator.Diagnostics
{
    /// <summary>Every diagnostic the EdgeVae generator reports (IDs EVAE001–EVAE099 are reserved for it).</summary>
    public static class DiagnosticDescriptors
    {
        private const string Category = "EdgeVae";
        private const string Help = "https://github.com/edgevae/edgevae#diagnostics";

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help);

        public static readonly DiagnosticDescriptor ModelFileNotFound = Error("EVAE001", "Model file not in AdditionalFiles",
            "Model file '{0}' is not among the AdditionalFiles; add <AdditionalFiles Include=\"{0}\" /> to the project");

        public static readonly DiagnosticDescriptor Unparsable = Error("EVAE002", "Model file cannot be parsed",
            "Model file '{0}' cannot be parsed: {1}");

        public static readonly DiagnosticDescriptor UnsupportedVersion = Error("EVAE003", "Unsupported model format version",
            "Model file '{0}': {1}");

        public static readonly DiagnosticDescriptor InconsistentModel = Error("EVAE004", "Inconsistent model file",
            "Model file '{0}' is inconsistent: {1}");

        public static readonly DiagnosticDescriptor ModelTooLarge = Error("EVAE005", "Model file too large",
            "Model file '{0}' is too large: {1}");

        public static readonly DiagnosticDescriptor BadAttributeArgument = Error("EVAE006", "Invalid EdgeVaeModel argument",
            "[EdgeVaeModel] on '{0}': {1}");

        public static readonly DiagnosticDescriptor NotStaticPartial = Error("EVAE007", "Model class must be static partial",
            "Class '{0}' has [EdgeVaeModel] but is not 'static partial'; declare it as 'static partial class {0}' at namespace level");

        public static readonly DiagnosticDescriptor BudgetExceeded = Error("EVAE008", "Model exceeds its memory budget",
            "Model '{0}' needs {1} {2} bytes but its {3} is {4} bytes; {5}");

        public static readonly DiagnosticDescriptor NotCalibrated = Error("EVAE009", "Model cannot be quantized",
            "Model file '{0}' cannot be compiled at {1}: {2}");

        public static readonly DiagnosticDescriptor ModelReport = new DiagnosticDescriptor("EVAE010", "Model size report",
            "Model '{0}' ({1}): {2} bytes flash, {3} bytes RAM, {4} multiply-accumulates per inference", Category,
            DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: Help);

        public static readonly DiagnosticDescriptor ThresholdFallback = new DiagnosticDescriptor("EVAE011", "No threshold for this precision",
            "Model file '{0}' has no {1} threshold; using the {2} one ({3}); run 'edgevae calibrate --precision {1}' for a threshold of the quantized model's own scores",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Help);

        public static readonly DiagnosticDescriptor ChecksumMismatch = Error("EVAE013", "Model file does not match its checksum",
            "Model file '{0}' is damaged or was changed after it was written: {1}");

        public static readonly DiagnosticDescriptor NoChecksum = new DiagnosticDescriptor("EVAE014", "Model file has no checksum",
            "Model file '{0}': {1}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Help);

        public static readonly DiagnosticDescriptor InternalError = Error("EVAE012", "EdgeVae internal error",
            "EdgeVae failed while {0} ({1}); this is a defect in EdgeVae, not in your project: please report it with the model file");
    }
}
