using EdgeVae.Compiler.Graph;
using EdgeVae.Compiler.Json;
using EdgeVae.Compiler.Model;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>Writes one op's members; parameters go inline as base64, or out to a tensor sink under <c>OP.PARAMETER</c>.</summary>
    public sealed class OpWriter
    {
        private readonly JsonWriter _json;
        private readonly Op _op;
        private readonly ITensorSink? _sink;

        internal OpWriter(JsonWriter json, Op op, ITensorSink? sink)
        {
            _json = json;
            _op = op;
            _sink = sink;
        }

        public void Int(string name, long value) => _json.Number(name, value);

        public void String(string name, string value) => _json.String(name, value);

        public void Number(string name, double value) => _json.Number(name, value);

        public void Strings(string name, params string[] values)
        {
            _json.StartArray(name, inline: true);
            foreach (string v in values) _json.String(null, v);
            _json.EndArray();
        }

        public void Ints(string name, params int[] values)
        {
            _json.StartArray(name, inline: true);
            foreach (int v in values) _json.Number(null, v);
            _json.EndArray();
        }

        public void Shape(string name, TensorShape shape)
        {
            if (shape.Rank == 1) Ints(name, shape.Dim0);
            else Ints(name, shape.Dim0, shape.Dim1);
        }

        /// <summary>A parameter tensor with its PyTorch shape (the shape is what a sink records; inline values are flat).</summary>
        public void Tensor(string parameter, EquatableArray<float> values, params int[] shape)
        {
            if (_sink == null)
            {
                _json.String(parameter, FloatArrayCodec.Encode(values.AsArray()));
                return;
            }
            string name = _op.Name + "." + parameter;
            _sink.Add(name, shape, values.AsArray());
            _json.StartObject(parameter);
            _json.String("tensor", name);
            _json.EndObject();
        }
    }

    /// <summary>Where <see cref="ModelFileWriter"/> puts parameter tensors it does not write inline.</summary>
    public interface ITensorSink
    {
        void Add(string name, int[] shape, float[] values);
    }
}
