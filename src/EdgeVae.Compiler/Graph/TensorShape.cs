using System;

namespace EdgeVae.Compiler.Graph
{
    /// <summary>
    /// The shape of a tensor in the model graph: <c>[features]</c> (rank 1) or <c>[channels × length]</c> (rank 2, row-major,
    /// PyTorch's Conv1d layout without the batch dimension). A window as a device delivers it, time steps with interleaved
    /// channels, is <c>[features]</c> or <c>[length × channels]</c>.
    /// </summary>
    public readonly struct TensorShape : IEquatable<TensorShape>
    {
        /// <summary>Largest number of elements one tensor may hold (the format's limit).</summary>
        public const int MaxSize = 1 << 24;

        private TensorShape(int rank, int dim0, int dim1)
        {
            Rank = rank;
            Dim0 = dim0;
            Dim1 = dim1;
        }

        public static TensorShape Features(int count) => new TensorShape(1, count, 1);

        public static TensorShape Sequence(int channels, int length) => new TensorShape(2, channels, length);

        /// <summary>1 for <c>[features]</c>, 2 for <c>[channels × length]</c>.</summary>
        public int Rank { get; }

        /// <summary>Features (rank 1) or channels (rank 2).</summary>
        public int Dim0 { get; }

        /// <summary>1 (rank 1) or the length (rank 2).</summary>
        public int Dim1 { get; }

        public int Channels => Dim0;

        public int Length => Dim1;

        public long Size => (long)Dim0 * Dim1;

        public bool Equals(TensorShape other) => Rank == other.Rank && Dim0 == other.Dim0 && Dim1 == other.Dim1;

        public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);

        public override int GetHashCode() => (Rank * 397 ^ Dim0) * 397 ^ Dim1;

        public static bool operator ==(TensorShape a, TensorShape b) => a.Equals(b);

        public static bool operator !=(TensorShape a, TensorShape b) => !a.Equals(b);

        public override string ToString() => Rank == 1 ? "[" + Dim0 + "]" : "[" + Dim0 + " × " + Dim1 + "]";
    }
}
