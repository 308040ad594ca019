namespace EdgeVae.Numerics.LinearAlgebra;

/// <summary>Whether a GEMM operand is used as stored (row-major) or transposed, as BLAS's <c>trans</c> flags.</summary>
public enum Transpose
{
    /// <summary>op(X) = X.</summary>
    None,

    /// <summary>op(X) = Xᵀ.</summary>
    Transpose,
}
