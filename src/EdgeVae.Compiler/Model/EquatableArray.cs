using System;
using System.Collections;
using System.Collections.Generic;

namespace EdgeVae.Compiler.Model
{
    /// <summary>
    /// An immutable array with value equality, so specs in the incremental pipeline compare by content and
    /// cached outputs are reused when a model file's content did not change.
    /// </summary>
    public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    {
        private readonly T[]? _items;

        public EquatableArray(T[] items) => _items = items;

        public static EquatableArray<T> Empty => new EquatableArray<T>(new T[0]);

        public int Count => _items?.Length ?? 0;

        public T this[int index] => _items![index];

        /// <summary>The elements (do not modify).</summary>
        public T[] AsArray() => _items ?? new T[0];

        public bool Equals(EquatableArray<T> other)
        {
            T[] a = AsArray(), b = other.AsArray();
            if (a.Length != b.Length) return false;
            var cmp = EqualityComparer<T>.Default;
            for (int i = 0; i < a.Length; i++)
                if (!cmp.Equals(a[i], b[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                int h = 17;
                var cmp = EqualityComparer<T>.Default;
                foreach (var item in AsArray()) h = h * 31 + (item is null ? 0 : cmp.GetHashCode(item));
                return h;
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)AsArray()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
    }
}
