namespace EdgeVae.Numerics.LinearAlgebra;

/// <summary>
/// One GEMM call over pinned memory, as the blocked kernel and the worker threads see it. It lives only
/// while the caller keeps the spans pinned, which it does until every part has finished.
/// </summary>
internal readonly unsafe struct GemmProblem<T>(
    Transpose transA, Transpose transB, int m, int n, int k,
    T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
    where T : unmanaged
{
    public readonly Transpose TransA = transA, TransB = transB;
    public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc;
    public readonly T Alpha = alpha, Beta = beta;
    public readonly T* A = a, B = b, C = c;

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/>: a band of C's rows or columns (whichever
    /// dimension is longer), aligned to the micro-tile so no tile is shared. Each C element is still one
    /// in-order dot product, so results do not depend on the number of parts.
    /// </summary>
    public GemmProblem<T> Slice(int part, int parts, int rowAlign, int colAlign)
    {
        if (M >= N)
        {
            (int start, int count) = Band(M, part, parts, rowAlign);
            T* a = TransA == Transpose.None ? A + (long)start * Lda : A + start;
            return new GemmProblem<T>(TransA, TransB, count, N, K, Alpha, a, Lda, B, Ldb, Beta, C + (long)start * Ldc, Ldc);
        }
        else
        {
            (int start, int count) = Band(N, part, parts, colAlign);
            T* b = TransB == Transpose.None ? B + start : B + (long)start * Ldb;
            return new GemmProblem<T>(TransA, TransB, M, count, K, Alpha, A, Lda, b, Ldb, Beta, C + start, Ldc);
        }
    }

    private static (int Start, int Count) Band(int length, int part, int parts, int align)
    {
        int tiles = (length + align - 1) / align;
        int first = (int)((long)tiles * part / parts), last = (int)((long)tiles * (part + 1) / parts);
        int start = Math.Min(length, first * align), end = Math.Min(length, last * align);
        return (start, end - start);
    }
}
