using System.Collections.Generic;
using System.Linq;
using EdgeVae.Compiler.Graph;
using EdgeVae.Contract;

namespace EdgeVae.Compiler.Emitters.NanoFramework
{
    /// <summary>
    /// The float32 flavor's exp, tanh, sigmoid and softplus written out in float arithmetic, so emitted code needs no
    /// nanoFramework.System.Math. That package's functions take and return double and compute in float or in double
    /// depending on how the firmware was built (double on the virtual device, float on MCU builds, missing on the
    /// light-math builds), so the same program gave different numbers on the emulator and on a board; these give the same
    /// floats wherever IEEE single-precision operations run one at a time, as an interpreter runs them. Accuracy: a few
    /// ulp of float (Cody–Waite range reduction, Taylor polynomials whose truncation is below 2^-27).
    /// Every function returns a NaN argument unchanged, tested with the native <c>double.IsNaN</c>: nanoCLR's
    /// comparisons with NaN are true.
    /// </summary>
    internal static class FloatMath
    {
        /// <summary>The functions float32 activations of these kinds call, in the order they are emitted (callees first).</summary>
        public static IReadOnlyList<string> Needed(IEnumerable<ActivationFunction> functions)
        {
            var set = new HashSet<ActivationFunction>(functions);
            var needed = new List<string>();
            bool sigmoid = set.Contains(ActivationFunction.Sigmoid), tanh = set.Contains(ActivationFunction.Tanh), softplus = set.Contains(ActivationFunction.Softplus);
            if (sigmoid || tanh || softplus) needed.Add("Exp");
            if (tanh) needed.Add("Expm1");
            if (tanh) needed.Add("Tanh");
            if (sigmoid) needed.Add("Sigmoid");
            if (softplus) needed.Add("Log1p");
            if (softplus) needed.Add("Softplus");
            return needed;
        }

        public static void Emit(IndentedWriter w, IReadOnlyList<string> functions)
        {
            foreach (var f in functions)
            {
                switch (f)
                {
                    case "Exp": Exp(w); break;
                    case "Expm1": Expm1(w); break;
                    case "Tanh": Tanh(w); break;
                    case "Sigmoid": Sigmoid(w); break;
                    case "Log1p": Log1p(w); break;
                    case "Softplus": Softplus(w); break;
                }
                w.Line();
            }
        }

        private static void Exp(IndentedWriter w)
        {
            w.Line("/// <summary>e^x in float: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split so that k·hi is exact), a degree-7 Taylor polynomial in r, times 2^k by squaring.</summary>");
            w.Open("private static float Exp(float x)");
            w.Line("if (double.IsNaN(x)) return x;");
            w.Line("if (x > 88.7228394f) return float.PositiveInfinity;");
            w.Line("if (x < -87.3365479f) return 0f;");
            w.Line("float kf = x * 1.44269504f;");
            w.Line("int k = kf >= 0f ? (int)(kf + 0.5f) : -(int)(-kf + 0.5f);");
            w.Line("float r = (x - k * 0.693145752f) - k * 1.42860677E-06f;");
            w.Line("float p = 1f + r * (1f + r * (0.5f + r * (0.166666672f + r * (0.0416666679f + r * (0.00833333377f + r * (0.00138888892f + r * 0.000198412701f))))));");
            w.Line("if (k > 127) { p *= 2f; k = 127; }");
            w.Line("float b = k >= 0 ? 2f : 0.5f, scale = 1f;");
            w.Line("int e = k >= 0 ? k : -k;");
            w.Open("while (e != 0)");
            w.Line("if ((e & 1) != 0) scale *= b;");
            w.Line("e >>= 1;");
            w.Line("if (e != 0) b *= b;");
            w.Close();
            w.Line("return p * scale;");
            w.Close();
        }

        private static void Expm1(IndentedWriter w)
        {
            w.Line("/// <summary>e^x − 1 without the cancellation near 0: a degree-8 Taylor polynomial for |x| &lt; ln 2 / 2, Exp(x) − 1 beyond.</summary>");
            w.Open("private static float Expm1(float x)");
            w.Line("if (double.IsNaN(x)) return x;");
            w.Line("if (x > 0.3466f || x < -0.3466f) return Exp(x) - 1f;");
            w.Line("return x * (1f + x * (0.5f + x * (0.166666672f + x * (0.0416666679f + x * (0.00833333377f + x * (0.00138888892f + x * (0.000198412701f + x * 2.48015876E-05f)))))));");
            w.Close();
        }

        private static void Tanh(IndentedWriter w)
        {
            w.Line("/// <summary>tanh x = e / (e + 2) with e = e^(2|x|) − 1, the sign restored; ±1 beyond |x| = 9 (tanh 9 rounds to 1 in float).</summary>");
            w.Open("private static float Tanh(float x)");
            w.Line("if (double.IsNaN(x)) return x;");
            w.Line("float a = x < 0f ? -x : x;");
            w.Line("float t = 1f;");
            w.Line("if (a < 9f) { float e = Expm1(2f * a); t = e / (e + 2f); }");
            w.Line("return x < 0f ? -t : t;");
            w.Close();
        }

        private static void Sigmoid(IndentedWriter w)
        {
            w.Line("/// <summary>1 / (1 + e^−x), as e^x / (1 + e^x) for negative x so that nothing overflows.</summary>");
            w.Open("private static float Sigmoid(float x)");
            w.Line("if (double.IsNaN(x)) return x;");
            w.Line("if (x >= 0f) return 1f / (1f + Exp(-x));");
            w.Line("float e = Exp(x);");
            w.Line("return e / (1f + e);");
            w.Close();
        }

        private static void Log1p(IndentedWriter w)
        {
            w.Line("/// <summary>ln(1 + y) for 0 ≤ y ≤ 1: 2·atanh(s) with s = y / (2 + y) ≤ 1/3, its series to s^15, exact in relative terms near 0.</summary>");
            w.Open("private static float Log1p(float y)");
            w.Line("float s = y / (2f + y), s2 = s * s;");
            w.Line("return 2f * s * (1f + s2 * (0.333333343f + s2 * (0.2f + s2 * (0.142857149f + s2 * (0.111111112f + s2 * (0.0909090936f + s2 * (0.0769230798f + s2 * 0.0666666701f)))))));");
            w.Close();
        }

        private static void Softplus(IndentedWriter w)
        {
            w.Line("/// <summary>ln(1 + e^x) as max(x, 0) + ln(1 + e^−|x|), which neither overflows nor loses the small values.</summary>");
            w.Open("private static float Softplus(float x)");
            w.Line("if (double.IsNaN(x)) return x;");
            w.Line("float a = x < 0f ? -x : x;");
            w.Line("return (x > 0f ? x : 0f) + Log1p(Exp(-a));");
            w.Close();
        }
    }
}
