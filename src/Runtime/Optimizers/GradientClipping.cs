using System.Numerics;
using System.Runtime.InteropServices;
namespace NetGen.Optimizers;

/// <summary>
/// Gradient clipping by global norm, as PyTorch's <c>torch.nn.utils.clip_grad_norm_(parameters, max_norm)</c> with
/// the 2-norm: the total norm is the L2 norm of all trainable gradients together (of the scaled gradient the optimizer
/// uses, the batch mean under the trainer), and when it is large the gradients are multiplied by
/// clip = max_norm / (total + 1e-6). PyTorch multiplies by min(clip, 1) always; here a clip of 1 or more (the norm at
/// most max_norm - 1e-6) leaves the scale alone, which is the same numbers. A NaN or infinite norm propagates as in
/// PyTorch (error_if_nonfinite=False): the scale becomes NaN or 0. Rather than rewriting the gradients, the factor is
/// folded into the optimizer's gradient scale, so the gradients stay as the backward pass left them.
/// <para>
/// The sum of squares is accumulated in double in a fixed order over the network's gradient span (PyTorch
/// accumulates per tensor in float; the difference is rounding), on the calling thread after the batch runner's
/// deterministic reduction: the norm is the same for any thread count.
/// </para>
/// </summary>
public sealed class GradientClipping
{
    /// <summary>PyTorch's guard against division by zero in the clip coefficient.</summary>
    public const float Guard = 1e-6f;

    readonly INetwork _network;
    readonly (int Start, int Length)[] _trainableRuns;

    /// <param name="maxNorm">The largest total norm let through, positive.</param>
    public GradientClipping(INetwork network, float maxNorm)
    {
        if (!(maxNorm > 0) || float.IsInfinity(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum gradient norm must be positive and finite.");
        _network = network;
        MaxNorm = maxNorm;
        _trainableRuns = TrainableRuns.Of(network);
    }

    public float MaxNorm { get; }

    /// <summary>The total norm the last <see cref="Apply"/> found, before clipping (what clip_grad_norm_ returns); NaN before any.</summary>
    public float LastNorm { get; private set; } = float.NaN;

    /// <summary>The L2 norm of the trainable gradients times <paramref name="gradientScale"/>, in float as PyTorch returns it.</summary>
    public float TotalNorm(float gradientScale = 1f)
    {
        double sum = 0;
        var gradients = _network.Gradients;
        foreach (var (start, length) in _trainableRuns)
            sum += SumOfSquares(gradients.Slice(start, length));
        return (float)(Math.Abs((double)gradientScale) * Math.Sqrt(sum));
    }

    /// <summary>
    /// The gradient scale to step with: <paramref name="gradientScale"/> times the clip coefficient when the total norm
    /// is over <see cref="MaxNorm"/>, else <paramref name="gradientScale"/> itself. Sets <see cref="LastNorm"/>.
    /// </summary>
    public float Apply(float gradientScale = 1f)
    {
        float total = TotalNorm(gradientScale);
        LastNorm = total;
        float clip = MaxNorm / (total + Guard);
        return clip >= 1f ? gradientScale : gradientScale * clip;   // NaN fails the test and propagates, as in PyTorch
    }

    /// <summary>Sum of squares in double; the vector lanes are added up at the end, so the order depends only on the width.</summary>
    static double SumOfSquares(ReadOnlySpan<float> values)
    {
        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<double>.Count > 1)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            Vector<double> a = Vector<double>.Zero, b = Vector<double>.Zero;
            foreach (var v in vectors)
            {
                Vector.Widen(v, out var low, out var high);
                a += low * low;
                b += high * high;
            }
            sum = Vector.Sum(a + b);
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < values.Length; i++)
            sum += (double)values[i] * values[i];
        return sum;
    }
}
