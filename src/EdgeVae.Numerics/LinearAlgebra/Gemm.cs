using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeVae.Numerics.LinearAlgebra;

/// <summary>
/// General matrix multiply on row-major storage: <c>C ← α·op(A)·op(B) + β·C</c>, with op(A) of shape m×k
/// and op(B) of shape k×n, as BLAS's <c>?gemm</c>. <see cref="float"/> and <see cref="double"/> take a
/// cache-blocked path with packed panels and an AVX2+FMA register-blocked micro-kernel, split over the
/// cores for large shapes; every other element type (Half, BigFloat, …) takes the scalar path, which
/// sums each dot product in order of k. Neither path allocates after a thread's first call.
/// </summary>
public static class Gemm
{
    /// <summary>Multiply-accumulates below which splitting over threads costs more than it saves.</summary>
    internal const long ParallelThreshold = 1L << 20;

    /// <summary>True when the blocked SIMD path is used for float and double on this machine.</summary>
    public static bool IsVectorized => Fma.IsSupported && Vector256.IsHardwareAccelerated;

    /// <summary>
    /// <c>C ← α·op(A)·op(B) + β·C</c>. <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/> are
    /// the row strides of the stored matrices (A is stored m×k, or k×m when transposed). When β is zero,
    /// C is not read, so it may hold anything, NaN included.
    /// </summary>
    /// <param name="threads">Threads to use at most: 0 for all cores, 1 for the calling thread only.</param>
    /// <exception cref="ArgumentException">A dimension is negative, a stride too small or a span too short; the message names it.</exception>
    public static void Multiply<T>(
        Transpose transA, Transpose transB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        T beta, Span<T> c, int ldc, int threads = 0)
        where T : INumberBase<T>
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, threads);
        if (m == 0 || n == 0) return;

        if (IsVectorized && typeof(T) == typeof(float))
        {
            MultiplyBlocked(transA, transB, m, n, k, Unsafe.As<T, float>(ref alpha),
                Cast<T, float>(a), lda, Cast<T, float>(b), ldb, Unsafe.As<T, float>(ref beta), CastMutable<T, float>(c), ldc, threads);
        }
        else if (IsVectorized && typeof(T) == typeof(double))
        {
            MultiplyBlocked(transA, transB, m, n, k, Unsafe.As<T, double>(ref alpha),
                Cast<T, double>(a), lda, Cast<T, double>(b), ldb, Unsafe.As<T, double>(ref beta), CastMutable<T, double>(c), ldc, threads);
        }
        else if (typeof(T) == typeof(Half))
        {
            MultiplyHalf(transA, transB, m, n, k, Unsafe.As<T, Half>(ref alpha),
                Cast<T, Half>(a), lda, Cast<T, Half>(b), ldb, Unsafe.As<T, Half>(ref beta), CastMutable<T, Half>(c), ldc);
        }
        else
        {
            MultiplyScalar(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> span) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(span)), span.Length);

    private static Span<TTo> CastMutable<TFrom, TTo>(Span<TFrom> span) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(span)), span.Length);

    private static void Validate(Transpose transA, Transpose transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc, int threads)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"GEMM dimensions must be non-negative (m={m}, n={n}, k={k}).");
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        int aRows = transA == Transpose.None ? m : k, aCols = transA == Transpose.None ? k : m;
        int bRows = transB == Transpose.None ? k : n, bCols = transB == Transpose.None ? n : k;
        CheckOperand("A", aRows, aCols, aLength, lda);
        CheckOperand("B", bRows, bCols, bLength, ldb);
        CheckOperand("C", m, n, cLength, ldc);
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int stride)
    {
        if (stride < Math.Max(1, cols))
            throw new ArgumentException($"GEMM: the row stride of {name} ({stride}) is smaller than its column count ({cols}).");
        if (rows > 0 && cols > 0 && (long)(rows - 1) * stride + cols > length)
            throw new ArgumentException($"GEMM: {name} needs {(long)(rows - 1) * stride + cols} elements for {rows}×{cols} with stride {stride}, but its span has {length}.");
    }

    /// <summary>The reference path: each C element is one in-order dot product.</summary>
    private static void MultiplyScalar<T>(Transpose transA, Transpose transB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : INumberBase<T>
    {
        bool readC = !T.IsZero(beta);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = transA == Transpose.None ? a[i * lda + p] : a[p * lda + i];
                    T y = transB == Transpose.None ? b[p * ldb + j] : b[j * ldb + p];
                    sum += x * y;
                }
                ref T target = ref c[i * ldc + j];
                target = readC ? alpha * sum + beta * target : alpha * sum;
            }
        }
    }

    /// <summary>Half inputs and outputs with float accumulation, as half-precision BLAS and tensor cores do.</summary>
    private static void MultiplyHalf(Transpose transA, Transpose transB, int m, int n, int k,
        Half alpha, ReadOnlySpan<Half> a, int lda, ReadOnlySpan<Half> b, int ldb, Half beta, Span<Half> c, int ldc)
    {
        float fa = (float)alpha, fb = (float)beta;
        bool readC = fb != 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float x = (float)(transA == Transpose.None ? a[i * lda + p] : a[p * lda + i]);
                    float y = (float)(transB == Transpose.None ? b[p * ldb + j] : b[j * ldb + p]);
                    sum = MathF.FusedMultiplyAdd(x, y, sum);
                }
                ref Half target = ref c[i * ldc + j];
                target = (Half)(readC ? fa * sum + fb * (float)target : fa * sum);
            }
        }
    }

    private static unsafe void MultiplyBlocked<T>(Transpose transA, Transpose transB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, int threads)
        where T : unmanaged, INumberBase<T>
    {
        int maxThreads = threads == 0 ? Environment.ProcessorCount : threads;
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            var problem = new GemmProblem<T>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            long macs = (long)m * n * k;
            int parts = macs >= ParallelThreshold ? Math.Min(maxThreads, GemmWorkers.Capacity) : 1;
            if (parts > 1)
            {
                GemmWorkers.Run(problem, parts);
            }
            else
            {
                BlockedKernel<T>.Run(problem);
            }
        }
    }
}
