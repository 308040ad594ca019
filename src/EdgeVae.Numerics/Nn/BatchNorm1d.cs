using System.Numerics;
using EdgeVae.Numerics.Tensors;

namespace EdgeVae.Numerics.Nn;

/// <summary>
/// Batch normalisation over features (PyTorch's <c>nn.BatchNorm1d</c> on [batch, features]): while training, each feature
/// is standardised by the batch's mean and biased variance and the running statistics move towards them
/// (running = (1 − momentum)·running + momentum·batch, the variance unbiased, as PyTorch keeps it); in evaluation the
/// running statistics are used. y = γ·(x − μ)/√(σ² + ε) + β. On a device it does not exist: the exporter folds it into the
/// dense layer before it.
/// </summary>
public sealed class BatchNorm1d<T> : Module<T> where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IHyperbolicFunctions<T>, IRootFunctions<T>
{
    private readonly Tensor<T> _output = Tensor<T>.Zeros(0, 0);
    private readonly Tensor<T> _gradInput = Tensor<T>.Zeros(0, 0);
    private readonly T[] _inverseStd;
    private T[] _xhat = [];
    private int _batch;
    private bool _trainedForward;

    public BatchNorm1d(int features, double momentum = 0.1, double eps = 1e-5, string name = "batch_norm")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        Features = features;
        Momentum = T.CreateChecked(momentum);
        Eps = eps;
        Weight = new Parameter<T>($"{name}.weight", Tensor<T>.Zeros(features));
        Bias = new Parameter<T>($"{name}.bias", Tensor<T>.Zeros(features));
        Weight.Value.Span.Fill(T.One);
        RunningMean = Tensor<T>.Zeros(features);
        RunningVar = Tensor<T>.Zeros(features);
        RunningVar.Span.Fill(T.One);
        _inverseStd = new T[features];
    }

    public int Features { get; }

    public T Momentum { get; }

    public double Eps { get; }

    /// <summary>γ, [features].</summary>
    public Parameter<T> Weight { get; }

    /// <summary>β, [features].</summary>
    public Parameter<T> Bias { get; }

    /// <summary>The running mean, [features] (state, not trained by the optimizer).</summary>
    public Tensor<T> RunningMean { get; }

    /// <summary>The running (unbiased) variance, [features].</summary>
    public Tensor<T> RunningVar { get; }

    /// <summary>Batch statistics (and their update) while true; the running statistics while false (evaluation).</summary>
    public bool Training { get; set; }

    public override Tensor<T> Forward(Tensor<T> input)
    {
        if (input.Cols != Features) throw new ArgumentException($"BatchNorm1d({Features}) got input with {input.Cols} features.", nameof(input));
        int batch = input.Rows, f = Features;
        _batch = batch;
        _output.EnsureShape(batch, f);
        ReadOnlySpan<T> x = input.Span;
        Span<T> y = _output.Span;
        ReadOnlySpan<T> gamma = Weight.Value.Span, beta = Bias.Value.Span;
        T eps = T.CreateChecked(Eps);
        _trainedForward = Training && batch > 1;
        if (_trainedForward)
        {
            if (_xhat.Length != batch * f) _xhat = new T[batch * f];
            T n = T.CreateChecked(batch);
            Span<T> runningMean = RunningMean.Span, runningVar = RunningVar.Span;
            for (int j = 0; j < f; j++)
            {
                T sum = T.Zero;
                for (int i = 0; i < batch; i++) sum += x[i * f + j];
                T mean = sum / n, squares = T.Zero;
                for (int i = 0; i < batch; i++)
                {
                    T d = x[i * f + j] - mean;
                    squares += d * d;
                }
                T variance = squares / n;
                _inverseStd[j] = T.One / T.Sqrt(variance + eps);
                runningMean[j] = (T.One - Momentum) * runningMean[j] + Momentum * mean;
                runningVar[j] = (T.One - Momentum) * runningVar[j] + Momentum * squares / (n - T.One);
                for (int i = 0; i < batch; i++)
                {
                    T h = (x[i * f + j] - mean) * _inverseStd[j];
                    _xhat[i * f + j] = h;
                    y[i * f + j] = gamma[j] * h + beta[j];
                }
            }
            return _output;
        }
        ReadOnlySpan<T> m = RunningMean.Span, v = RunningVar.Span;
        for (int j = 0; j < f; j++) _inverseStd[j] = T.One / T.Sqrt(v[j] + eps);
        for (int i = 0; i < batch; i++)
            for (int j = 0; j < f; j++) y[i * f + j] = gamma[j] * (x[i * f + j] - m[j]) * _inverseStd[j] + beta[j];
        if (_xhat.Length != batch * f) _xhat = new T[batch * f];
        for (int i = 0; i < batch; i++)
            for (int j = 0; j < f; j++) _xhat[i * f + j] = (x[i * f + j] - m[j]) * _inverseStd[j];
        return _output;
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        if (gradOutput.Rows != _batch || gradOutput.Cols != Features)
            throw new ArgumentException($"BatchNorm1d.Backward expected a gradient of shape [{_batch}, {Features}], got [{gradOutput.Rows}, {gradOutput.Cols}].");
        int batch = _batch, f = Features;
        ReadOnlySpan<T> dy = gradOutput.Span, gamma = Weight.Value.Span;
        Span<T> dGamma = Weight.Grad.Span, dBeta = Bias.Grad.Span;
        _gradInput.EnsureShape(batch, f);
        Span<T> dx = _gradInput.Span;
        T n = T.CreateChecked(batch);
        for (int j = 0; j < f; j++)
        {
            T sumDy = T.Zero, sumDyXhat = T.Zero;
            for (int i = 0; i < batch; i++)
            {
                sumDy += dy[i * f + j];
                sumDyXhat += dy[i * f + j] * _xhat[i * f + j];
            }
            dGamma[j] += sumDyXhat;
            dBeta[j] += sumDy;
            T scale = gamma[j] * _inverseStd[j];
            for (int i = 0; i < batch; i++)
                dx[i * f + j] = _trainedForward
                    ? scale / n * (n * dy[i * f + j] - sumDy - _xhat[i * f + j] * sumDyXhat)
                    : scale * dy[i * f + j];
        }
        return _gradInput;
    }

    public override IEnumerable<Parameter<T>> Parameters() => [Weight, Bias];
}
