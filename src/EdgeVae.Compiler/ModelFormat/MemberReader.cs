using System;
using System.Collections.Generic;
using System.Globalization;
using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Json;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>
    /// The members of one JSON object of a model file, read with the checks every value needs for the type it is used as:
    /// whole numbers within their bounds, floats finite as float32 (a threshold of 1e39 is finite as a double but not as
    /// the float the generated code holds), no non-zero literal that underflows to 0, float arrays as base64 of whole
    /// little-endian floats (or a reference to a tensor stored beside the file). Every failure is a
    /// <see cref="ModelFormatException"/> at the line and column of the offending value.
    /// </summary>
    public sealed class MemberReader
    {
        private readonly ITensorSource? _tensors;
        private readonly HashSet<string> _read = new HashSet<string>();

        public MemberReader(JsonValue obj, string what, ITensorSource? tensors)
        {
            if (obj.Kind != JsonKind.Object) throw Unparsable(obj, what + " must be an object, not a " + KindName(obj.Kind));
            Value = obj;
            What = what;
            _tensors = tensors;
        }

        /// <summary>The object itself.</summary>
        public JsonValue Value { get; }

        /// <summary>How error messages name this object (<c>op "encoder.0"</c>, <c>data</c>, …).</summary>
        public string What { get; }

        public ITensorSource? Tensors => _tensors;

        public JsonValue? Optional(string member)
        {
            _read.Add(member);
            return Value.Get(member);
        }

        public JsonValue Required(string member, JsonKind kind)
        {
            var v = Optional(member);
            if (v == null) throw Unparsable(Value, What + " has no member \"" + member + "\"");
            if (v.Kind != kind) throw Unparsable(v, What + ": \"" + member + "\" must be a " + KindName(kind) + ", not a " + KindName(v.Kind));
            return v;
        }

        public string String(string member) => Required(member, JsonKind.String).Text;

        public string? OptionalString(string member)
        {
            var v = Optional(member);
            if (v == null) return null;
            if (v.Kind != JsonKind.String) throw Unparsable(v, What + ": \"" + member + "\" must be a string, not a " + KindName(v.Kind));
            return v.Text;
        }

        public MemberReader Object(string member) => new MemberReader(Required(member, JsonKind.Object), What == "the file" ? member : What + "." + member, _tensors);

        public int Int(string member, int min, int max) => WholeNumber(Required(member, JsonKind.Number), member, min, max);

        public int OptionalInt(string member, int min, int max, int absent)
        {
            var v = Optional(member);
            if (v == null) return absent;
            if (v.Kind != JsonKind.Number) throw Unparsable(v, What + ": \"" + member + "\" must be a number, not a " + KindName(v.Kind));
            return WholeNumber(v, member, min, max);
        }

        public int WholeNumber(JsonValue v, string member, int min, int max)
        {
            if (v.Kind != JsonKind.Number || !long.TryParse(v.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                throw Inconsistent(v, What + ": \"" + member + "\" must be a whole number");
            if (n < min || n > max) throw Inconsistent(v, What + ": \"" + member + "\" is " + n + ", outside [" + min + ", " + max + "]");
            return (int)n;
        }

        /// <summary>A finite double (statistics the generated code never holds).</summary>
        public double Double(string member) => DoubleValue(Required(member, JsonKind.Number), member);

        /// <summary>A number the generated code holds as a float32: finite, within ±3.4e38, not a non-zero value that underflows to 0.</summary>
        public float Float(string member) => FloatValue(Required(member, JsonKind.Number), member);

        public double OptionalDouble(string member, double absent)
        {
            var v = Optional(member);
            if (v == null) return absent;
            if (v.Kind != JsonKind.Number) throw Unparsable(v, What + ": \"" + member + "\" must be a number, not a " + KindName(v.Kind));
            return DoubleValue(v, member);
        }

        public double DoubleValue(JsonValue v, string member)
        {
            if (v.Kind != JsonKind.Number) throw Unparsable(v, What + ": \"" + member + "\" must be a number, not a " + KindName(v.Kind));
            if (!double.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || double.IsNaN(d) || double.IsInfinity(d))
                throw Inconsistent(v, What + ": \"" + member + "\" (" + v.Text + ") is out of range for a double");
            if (d == 0 && HasNonZeroDigit(v.Text))
                throw Inconsistent(v, What + ": \"" + member + "\" (" + v.Text + ") is too small to represent; it would silently become 0");
            return d;
        }

        public float FloatValue(JsonValue v, string member)
        {
            double d = DoubleValue(v, member);
            float f = (float)d;
            if (float.IsInfinity(f))
                throw Inconsistent(v, What + ": \"" + member + "\" (" + v.Text + ") is out of range for a float32 (largest magnitude 3.4e38), which is what the generated code holds");
            if (f == 0 && d != 0)
                throw Inconsistent(v, What + ": \"" + member + "\" (" + v.Text + ") underflows a float32 to 0");
            return f;
        }

        /// <summary>An optional calibrated range <c>[min, max]</c> of float32 values.</summary>
        public ValueRange Range(string member)
        {
            var v = Optional(member);
            if (v == null) return ValueRange.Unknown;
            if (v.Kind != JsonKind.Array || v.Items.Count != 2) throw Unparsable(v, What + ": \"" + member + "\" must be [min, max]");
            float min = FloatValue(v.Items[0], member), max = FloatValue(v.Items[1], member);
            if (min > max) throw Inconsistent(v, What + ": \"" + member + "\" has min > max");
            return new ValueRange(min, max);
        }

        /// <summary>A shape <c>[features]</c> or <c>[channels, length]</c>.</summary>
        public TensorShape Shape(string member)
        {
            var v = Required(member, JsonKind.Array);
            if (v.Items.Count < 1 || v.Items.Count > 2) throw Inconsistent(v, What + ": \"" + member + "\" must be [features] or [channels, length]");
            int d0 = WholeNumber(v.Items[0], member, 1, TensorShape.MaxSize);
            if (v.Items.Count == 1) return TensorShape.Features(d0);
            int d1 = WholeNumber(v.Items[1], member, 1, TensorShape.MaxSize);
            if ((long)d0 * d1 > TensorShape.MaxSize) throw Inconsistent(v, What + ": \"" + member + "\" holds " + (long)d0 * d1 + " values, over the limit of " + TensorShape.MaxSize);
            return TensorShape.Sequence(d0, d1);
        }

        /// <summary>An array of 1 to <paramref name="maxCount"/> whole numbers in [min, max].</summary>
        public int[] Ints(string member, int maxCount, int min, int max, bool anyCount)
        {
            var v = Required(member, JsonKind.Array);
            if (v.Items.Count < 1 || v.Items.Count > maxCount) throw Inconsistent(v, What + ": \"" + member + "\" must hold 1 to " + maxCount + " numbers, not " + v.Items.Count);
            return Ints(member, v.Items.Count, min, max);
        }

        /// <summary>An array of exactly <paramref name="count"/> whole numbers in [min, max].</summary>
        public int[] Ints(string member, int count, int min, int max)
        {
            var v = Required(member, JsonKind.Array);
            if (v.Items.Count != count) throw Inconsistent(v, What + ": \"" + member + "\" must hold " + count + " numbers, not " + v.Items.Count);
            var values = new int[count];
            for (int i = 0; i < count; i++) values[i] = WholeNumber(v.Items[i], member, min, max);
            return values;
        }

        /// <summary>
        /// <paramref name="expected"/> finite float32 values: base64 of little-endian binary32, or <c>{"tensor": NAME}</c> naming a
        /// tensor of the file's <see cref="ITensorSource"/> (a model kept beside its weights, as in safetensors).
        /// <paramref name="fallbackTensor"/>, when given, is looked up in the tensor source if the member is absent.
        /// </summary>
        public float[] Floats(string member, int expected, string? fallbackTensor = null, int[]? shape = null)
        {
            var v = Optional(member);
            float[]? values;
            JsonValue at = v ?? Value;
            if (v == null && fallbackTensor != null && _tensors != null) values = Tensor(Value, fallbackTensor, shape ?? new[] { expected });
            else if (v == null) throw Unparsable(Value, What + " has no member \"" + member + "\"");
            else if (v.Kind == JsonKind.String)
            {
                values = FloatArrayCodec.TryDecode(v.Text, out string? reason);
                if (values == null) throw Unparsable(v, What + ": \"" + member + "\" " + reason);
            }
            else if (v.Kind == JsonKind.Object)
            {
                var reference = new MemberReader(v, What + "." + member, _tensors);
                values = Tensor(v, reference.String("tensor"), shape ?? new[] { expected });
            }
            else throw Unparsable(v, What + ": \"" + member + "\" must be base64 of float32 values or {\"tensor\": name}, not a " + KindName(v.Kind));
            if (values.Length != expected) throw Inconsistent(at, What + ": \"" + member + "\" has " + values.Length + " values, expected " + expected);
            for (int i = 0; i < values.Length; i++)
                if (float.IsNaN(values[i]) || float.IsInfinity(values[i]))
                    throw Inconsistent(at, What + ": \"" + member + "\"[" + i + "] is " + values[i].ToString(CultureInfo.InvariantCulture) + "; a model must hold finite numbers (retrain: the run diverged)");
            return values;
        }

        private float[] Tensor(JsonValue at, string name, int[] shape)
        {
            if (_tensors == null) throw Inconsistent(at, What + " refers to tensor \"" + JsonParser.Printable(name) + "\", but the file stands alone; tensors are resolved only when importing a file that carries them (edgevae import)");
            float[]? values = _tensors.Take(name, shape, out string? reason);
            if (values == null) throw Inconsistent(at, What + ": tensor \"" + JsonParser.Printable(name) + "\" " + reason);
            return values;
        }

        /// <summary>Rejects members this reader did not ask for (a misspelt member must not be silently ignored).</summary>
        public void RejectUnknownMembers(string hint)
        {
            foreach (var m in Value.Members)
                if (!_read.Contains(m.Key))
                    throw Unparsable(m.Value, What + " has an unknown member \"" + JsonParser.Printable(m.Key) + "\"" + (hint.Length > 0 ? "; " + hint : ""));
        }

        public static ModelFormatException Unparsable(JsonValue at, string reason) =>
            new ModelFormatException(ModelFormatError.Unparsable, reason, at.Line, at.Column);

        public static ModelFormatException Inconsistent(JsonValue at, string reason) =>
            new ModelFormatException(ModelFormatError.Inconsistent, reason, at.Line, at.Column);

        private static string KindName(JsonKind kind) => kind.ToString().ToLowerInvariant();

        private static bool HasNonZeroDigit(string text)
        {
            foreach (char c in text)
            {
                if (c == 'e' || c == 'E') break;
                if (c >= '1' && c <= '9') return true;
            }
            return false;
        }
    }

    /// <summary>Tensors stored beside a model description (a safetensors file's), looked up by name.</summary>
    public interface ITensorSource
    {
        /// <summary>The tensor's values as float32 when it exists with <paramref name="shape"/>; else null and why.</summary>
        float[]? Take(string name, int[] shape, out string? reason);
    }
}
