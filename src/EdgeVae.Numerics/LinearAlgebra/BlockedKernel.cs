using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeVae.Numerics.LinearAlgebra;

/// <summary>
/// The BLIS loop nest for float and double: C is cut into NC-wide column blocks, k into KC-deep slices
/// (B's slice packed into NR-wide panels, kept in L2/L3), and rows into MC-high blocks (A's block
/// packed into MR-high panels, kept in L2); an MR×NR register tile of C (6 × two Vector256) is
/// accumulated by the micro-kernel while one B panel stays in L1.
/// </summary>
internal static unsafe class BlockedKernel<T> where T : unmanaged, INumberBase<T>
{
    public const int MR = 6;
    public static readonly int NR = 2 * Vector256<T>.Count;
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 2048;
    private const int Alignment = 64;

    [ThreadStatic] private static T[]? s_packA;
    [ThreadStatic] private static T[]? s_packB;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem<T> p)
    {
        if (p.M == 0 || p.N == 0) return;
        if (p.K == 0)
        {
            ScaleC(p);
            return;
        }
        T* packA = Aligned(ref s_packA, MC * KC);
        T* packB = Aligned(ref s_packB, KC * (NC + 16));
        T* edge = stackalloc T[MR * 16];
        int nr = NR;

        for (int jc = 0; jc < p.N; jc += NC)
        {
            int nc = Math.Min(NC, p.N - jc);
            for (int pc = 0; pc < p.K; pc += KC)
            {
                int kc = Math.Min(KC, p.K - pc);
                PackB(p, pc, jc, kc, nc, packB);
                bool first = pc == 0;
                for (int ic = 0; ic < p.M; ic += MC)
                {
                    int mc = Math.Min(MC, p.M - ic);
                    PackA(p, ic, pc, mc, kc, packA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nValid = Math.Min(nr, nc - jr);
                        T* bPanel = packB + (long)jr * kc;
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int mValid = Math.Min(MR, mc - ir);
                            T* c = p.C + (long)(ic + ir) * p.Ldc + jc + jr;
                            MicroKernel(kc, packA + (long)ir * kc, bPanel, c, p.Ldc, mValid, nValid, p.Alpha, p.Beta, first, edge);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Returns a 64-byte-aligned pointer into a pinned per-thread buffer, grown on first use only, so
    /// steady-state calls do not allocate and B-panel loads are aligned.
    /// </summary>
    private static T* Aligned(ref T[]? buffer, int elements)
    {
        int needed = elements + Alignment / sizeof(T);
        if (buffer is null || buffer.Length < needed)
        {
            buffer = GC.AllocateUninitializedArray<T>(needed, pinned: true);
        }
        T* start = (T*)Unsafe.AsPointer(ref buffer[0]);
        nint misalignment = (nint)start & (Alignment - 1);
        return misalignment == 0 ? start : (T*)((byte*)start + (Alignment - misalignment));
    }

    /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] into MR-row panels, p-major, zero-padded to MR rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(in GemmProblem<T> p, int ic, int pc, int mc, int kc, T* dst)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            T* panel = dst + (long)ir * kc;
            if (p.TransA == Transpose.None)
            {
                for (int i = 0; i < MR; i++)
                {
                    if (i < rows)
                    {
                        T* src = p.A + (long)(ic + ir + i) * p.Lda + pc;
                        for (int q = 0; q < kc; q++) panel[q * MR + i] = src[q];
                    }
                    else
                    {
                        for (int q = 0; q < kc; q++) panel[q * MR + i] = default;
                    }
                }
            }
            else
            {
                for (int q = 0; q < kc; q++)
                {
                    T* src = p.A + (long)(pc + q) * p.Lda + ic + ir;
                    T* d = panel + q * MR;
                    for (int i = 0; i < rows; i++) d[i] = src[i];
                    for (int i = rows; i < MR; i++) d[i] = default;
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column panels, p-major, zero-padded to NR columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(in GemmProblem<T> p, int pc, int jc, int kc, int nc, T* dst)
    {
        int nr = NR;
        int w = Vector256<T>.Count;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* panel = dst + (long)jr * kc;
            if (p.TransB == Transpose.None)
            {
                for (int q = 0; q < kc; q++)
                {
                    T* src = p.B + (long)(pc + q) * p.Ldb + jc + jr;
                    T* d = panel + q * nr;
                    if (cols == nr)
                    {
                        Vector256.Store(Vector256.Load(src), d);
                        Vector256.Store(Vector256.Load(src + w), d + w);
                    }
                    else
                    {
                        for (int j = 0; j < cols; j++) d[j] = src[j];
                        for (int j = cols; j < nr; j++) d[j] = default;
                    }
                }
            }
            else
            {
                for (int j = 0; j < nr; j++)
                {
                    if (j < cols)
                    {
                        T* src = p.B + (long)(jc + jr + j) * p.Ldb + pc;
                        for (int q = 0; q < kc; q++) panel[q * nr + j] = src[q];
                    }
                    else
                    {
                        for (int q = 0; q < kc; q++) panel[q * nr + j] = default;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    /// <summary>C[0..mValid, 0..nValid] ← α·Apanel·Bpanel + (first ? β·C : C), over kc steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(int kc, T* a, T* b, T* c, int ldc, int mValid, int nValid, T alpha, T beta, bool first, T* edge)
    {
        int w = Vector256<T>.Count;
        int nr = 2 * w;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int q = 0; q < kc; q++)
        {
            Vector256<T> b0 = Vector256.LoadAligned(b);
            Vector256<T> b1 = Vector256.LoadAligned(b + w);
            Vector256<T> x = Vector256.Create(a[0]);
            c00 = MultiplyAdd(x, b0, c00); c01 = MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = MultiplyAdd(x, b0, c10); c11 = MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = MultiplyAdd(x, b0, c20); c21 = MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = MultiplyAdd(x, b0, c30); c31 = MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = MultiplyAdd(x, b0, c40); c41 = MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = MultiplyAdd(x, b0, c50); c51 = MultiplyAdd(x, b1, c51);
            a += MR;
            b += nr;
        }

        if (mValid == MR && nValid == nr)
        {
            Vector256<T> va = Vector256.Create(alpha);
            bool readC = !first || !T.IsZero(beta);
            Vector256<T> vb = first ? Vector256.Create(beta) : Vector256<T>.One;
            WriteRow(c, w, c00, c01, va, vb, readC); c += ldc;
            WriteRow(c, w, c10, c11, va, vb, readC); c += ldc;
            WriteRow(c, w, c20, c21, va, vb, readC); c += ldc;
            WriteRow(c, w, c30, c31, va, vb, readC); c += ldc;
            WriteRow(c, w, c40, c41, va, vb, readC); c += ldc;
            WriteRow(c, w, c50, c51, va, vb, readC);
            return;
        }

        // A partial tile: spill the registers, then write only the valid part.
        Vector256.Store(c00, edge); Vector256.Store(c01, edge + w);
        Vector256.Store(c10, edge + nr); Vector256.Store(c11, edge + nr + w);
        Vector256.Store(c20, edge + 2 * nr); Vector256.Store(c21, edge + 2 * nr + w);
        Vector256.Store(c30, edge + 3 * nr); Vector256.Store(c31, edge + 3 * nr + w);
        Vector256.Store(c40, edge + 4 * nr); Vector256.Store(c41, edge + 4 * nr + w);
        Vector256.Store(c50, edge + 5 * nr); Vector256.Store(c51, edge + 5 * nr + w);
        bool read = !first || !T.IsZero(beta);
        T scale = first ? beta : T.One;
        for (int i = 0; i < mValid; i++)
        {
            T* row = c + (long)i * ldc;
            T* acc = edge + i * nr;
            for (int j = 0; j < nValid; j++)
            {
                row[j] = read ? alpha * acc[j] + scale * row[j] : alpha * acc[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(T* c, int w, Vector256<T> lo, Vector256<T> hi, Vector256<T> alpha, Vector256<T> beta, bool readC)
    {
        if (readC)
        {
            Vector256.Store(MultiplyAdd(lo, alpha, Vector256.Load(c) * beta), c);
            Vector256.Store(MultiplyAdd(hi, alpha, Vector256.Load(c + w) * beta), c + w);
        }
        else
        {
            Vector256.Store(lo * alpha, c);
            Vector256.Store(hi * alpha, c + w);
        }
    }

    /// <summary>k = 0: C ← β·C (with β = 0 writing zeros without reading C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleC(in GemmProblem<T> p)
    {
        for (int i = 0; i < p.M; i++)
        {
            T* row = p.C + (long)i * p.Ldc;
            for (int j = 0; j < p.N; j++) row[j] = T.IsZero(p.Beta) ? T.Zero : p.Beta * row[j];
        }
    }
}
