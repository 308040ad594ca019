namespace EdgeVae.Trainer.Models;

/// <summary>
/// One batch's objective and its parts. For the VAE: <see cref="Total"/> = −ELBO-style loss (recon + weighted KL),
/// per-sample nats; <see cref="Reconstruction"/> = −log p(x|z); <see cref="Regularizer"/> = KL(q(z|x) ‖ N(0, I)).
/// For sparse AEs the regulariser is the sparsity penalty (already weighted); else 0.
/// </summary>
public readonly record struct LossParts(double Total, double Reconstruction, double Regularizer)
{
    public bool IsFinite => double.IsFinite(Total) && double.IsFinite(Reconstruction) && double.IsFinite(Regularizer);

    public static LossParts operator +(LossParts a, LossParts b) => new(a.Total + b.Total, a.Reconstruction + b.Reconstruction, a.Regularizer + b.Regularizer);

    public static LossParts operator *(LossParts a, double s) => new(a.Total * s, a.Reconstruction * s, a.Regularizer * s);
}
