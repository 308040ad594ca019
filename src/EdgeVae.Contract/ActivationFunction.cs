using System;

namespace EdgeVae.Contract
{
    /// <summary>The elementwise nonlinearities of the model graph (PyTorch's names in the model file).</summary>
    public enum ActivationFunction
    {
        /// <summary>f(x) = x.</summary>
        Identity,

        /// <summary>f(x) = max(x, 0).</summary>
        Relu,

        /// <summary>f(x) = x for x ≥ 0, else <see cref="ActivationMath.LeakyReluSlope"/>·x.</summary>
        LeakyRelu,

        /// <summary>f(x) = 1/(1 + e^(−x)).</summary>
        Sigmoid,

        /// <summary>f(x) = tanh x.</summary>
        Tanh,

        /// <summary>f(x) = ln(1 + e^x), as max(x, 0) + ln(1 + e^(−|x|)) so it never overflows.</summary>
        Softplus,
    }

    /// <summary>
    /// The exact definition of each activation, in double: what the quantizer samples into its int8 and int16 tables,
    /// and what every float kernel approximates. Also the one spelling of each name (the model file's, the CLI's).
    /// </summary>
    public static class ActivationMath
    {
        /// <summary>Leaky ReLU's negative slope (fixed by the format, as PyTorch's default).</summary>
        public const float LeakyReluSlope = 0.01f;

        public static double Apply(ActivationFunction f, double x)
        {
            switch (f)
            {
                case ActivationFunction.Relu: return Math.Max(x, 0);
                case ActivationFunction.LeakyRelu: return x >= 0 ? x : LeakyReluSlope * x;
                case ActivationFunction.Sigmoid: return x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
                case ActivationFunction.Tanh: return Math.Tanh(x);
                case ActivationFunction.Softplus: return Softplus(x);
                default: return x;
            }
        }

        /// <summary>ln(1 + e^x) without overflow.</summary>
        public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

        /// <summary>The name in model files and on the command line: identity, relu, leaky_relu, sigmoid, tanh, softplus.</summary>
        public static string Name(ActivationFunction f)
        {
            switch (f)
            {
                case ActivationFunction.Identity: return "identity";
                case ActivationFunction.Relu: return "relu";
                case ActivationFunction.LeakyRelu: return "leaky_relu";
                case ActivationFunction.Sigmoid: return "sigmoid";
                case ActivationFunction.Tanh: return "tanh";
                default: return "softplus";
            }
        }

        /// <summary>The function a name denotes (the model file's spellings, case-sensitive), or false.</summary>
        public static bool TryParse(string name, out ActivationFunction f)
        {
            foreach (ActivationFunction candidate in All)
                if (Name(candidate) == name) { f = candidate; return true; }
            f = ActivationFunction.Identity;
            return false;
        }

        /// <summary>Every function, in declaration order.</summary>
        public static readonly ActivationFunction[] All =
        {
            ActivationFunction.Identity, ActivationFunction.Relu, ActivationFunction.LeakyRelu,
            ActivationFunction.Sigmoid, ActivationFunction.Tanh, ActivationFunction.Softplus,
        };

        /// <summary>Whether ReLU-like clamping (no table) implements it on integers: identity and ReLU.</summary>
        public static bool IsPiecewiseClamp(ActivationFunction f) => f == ActivationFunction.Identity || f == ActivationFunction.Relu;
    }
}
