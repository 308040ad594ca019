namespace EdgeVae.Numerics.Losses;

/// <summary>How a loss folds its per-element terms into one number (PyTorch's <c>reduction</c>).</summary>
public enum Reduction
{
    /// <summary>Mean over every element (PyTorch's default).</summary>
    Mean,

    /// <summary>Sum over every element.</summary>
    Sum,

    /// <summary>Sum over features, mean over the batch rows: a per-sample total, as the ELBO uses.</summary>
    BatchMean,
}
