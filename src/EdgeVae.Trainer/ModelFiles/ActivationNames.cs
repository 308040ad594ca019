using EdgeVae.Contract;

namespace EdgeVae.Trainer.ModelFiles;

/// <summary>Activation names on the command line: the model file's spellings, plus the aliases users type.</summary>
public static class ActivationNames
{
    public static ActivationFunction Parse(string text, string option = "--activation")
    {
        string name = text.ToLowerInvariant() switch
        {
            "linear" => "identity",
            "leakyrelu" => "leaky_relu",
            var n => n,
        };
        return ActivationMath.TryParse(name, out var f) ? f
            : throw new ArgumentException($"{option} \"{text}\": use relu, leaky_relu, tanh, sigmoid, softplus or identity.");
    }
}
