using System.Numerics;
using System.Runtime.InteropServices;
namespace NetGen.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015) as PyTorch's <c>torch.optim.Adam</c> and <c>torch.optim.AdamW</c> compute it on the CPU
/// (the single-tensor path), per trainable parameter p with gradient g = scale * grad, at step t = <see cref="Steps"/>
/// (counted from 1):
/// <code>
/// Adam:   g = g + wd * p                           (L2, only when wd != 0)
/// AdamW:  p = p * (1 - lr * wd)                    (decoupled weight decay, before the update)
/// m = lerp(m, g, 1 - beta1)                        (= beta1 * m + (1 - beta1) * g)
/// v = v * beta2 + (1 - beta2) * g * g
/// vmax = max(vmax, v); v' = vmax if amsgrad else v
/// p = p - (lr / (1 - beta1^t)) * m / (sqrt(v') / sqrt(1 - beta2^t) + eps)
/// </code>
/// As in PyTorch, the bias corrections and the step size are computed in double (from the schedule's float rate) and each scalar is rounded to float
/// where it meets the float tensors; each tensor operation is one float operation per element, in PyTorch's order
/// (eps added after the square root of the corrected second moment). lerp follows PyTorch's scalar rule
/// (m + w * (g - m) for a weight below 0.5, g - (g - m) * (1 - w) otherwise); PyTorch's vector kernel fuses that
/// multiply-add, so the two can differ in the last bit of m. The buffers are PyTorch's <c>exp_avg</c>,
/// <c>exp_avg_sq</c> (and <c>max_exp_avg_sq</c> with amsgrad), saved in checkpoints with the step count.
/// Untrainable parameters are never touched; <see cref="Step"/> allocates nothing and its vector body gives the same
/// bits as its scalar loop, so every vector width computes the same numbers.
/// </summary>
public abstract class AdaptiveMomentOptimizer : IOptimizer
{
    readonly INetwork _network;
    readonly float[][] _buffers;   // exp_avg, exp_avg_sq, [max_exp_avg_sq]
    readonly string[] _bufferNames;
    readonly (int Start, int Length)[] _trainableRuns;
    readonly bool _decoupled;

    private protected AdaptiveMomentOptimizer(INetwork network, AdamFamilyOptions options, bool decoupled)
    {
        options.Check();
        _network = network;
        Options = options;
        _decoupled = decoupled;
        _bufferNames = options.AmsGrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"];
        _buffers = _bufferNames.Select(_ => new float[network.ParameterCount]).ToArray();
        _trainableRuns = TrainableRuns.Of(network);
        SetEpoch(0);
    }

    public AdamFamilyOptions Options { get; }
    public float LearningRate { get; private set; }
    public int Epoch { get; private set; }
    public int TrainableParameterCount => _trainableRuns.Sum(r => r.Length);
    /// <summary>How many times <see cref="Step"/> ran since construction or <see cref="Reset"/> (the t of the bias corrections).</summary>
    public long Steps { get; private set; }
    /// <summary>The first moment <c>exp_avg</c>, same layout as the parameters.</summary>
    public Span<float> ExpAvg => _buffers[0];
    /// <summary>The second moment <c>exp_avg_sq</c>, same layout as the parameters.</summary>
    public Span<float> ExpAvgSq => _buffers[1];
    /// <summary>AMSGrad's running maximum of <see cref="ExpAvgSq"/>; empty without amsgrad.</summary>
    public Span<float> MaxExpAvgSq => Options.AmsGrad ? _buffers[2] : Span<float>.Empty;

    public abstract string Kind { get; }
    public IReadOnlyList<string> BufferNames => _bufferNames;
    public Span<float> Buffer(int index) => (uint)index < (uint)_buffers.Length
        ? _buffers[index] : throw new ArgumentOutOfRangeException(nameof(index), $"{Kind} has {_buffers.Length} buffers.");
    long IOptimizerState.Steps { get => Steps; set => Steps = value; }

    /// <summary>Selects the schedule's rate for <paramref name="epoch"/> (0-based).</summary>
    public void SetEpoch(int epoch)
    {
        Epoch = epoch;
        LearningRate = Options.Schedule.Rate(epoch);
    }

    /// <summary>Forgets the moments and the step count; the epoch is kept.</summary>
    public void Reset()
    {
        foreach (var b in _buffers)
            Array.Clear(b);
        Steps = 0;
    }

    /// <summary>The second moments (and their maximum) are means of squares: never negative, never NaN.</summary>
    public (int Position, string Rule)? FindImpossible(int index, ReadOnlySpan<float> values)
    {
        if (index == 0)
            return null;
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] >= 0))
                return (i, $"{_bufferNames[index]} is a mean of squares, never negative or NaN");
        return null;
    }

    /// <summary>One Adam step (see the class summary) with gradients scaled by <paramref name="gradientScale"/>; does not clear them.</summary>
    public void Step(float gradientScale = 1f)
    {
        Steps++;
        var o = Options;
        double lr = LearningRate, t = Steps;
        var k = new Coefficients
        {
            Scale = gradientScale,
            L2 = _decoupled ? 0f : (float)o.WeightDecay,
            Shrink = _decoupled ? (float)(1 - lr * o.WeightDecay) : 1f,
            Lerp = (float)(1 - o.Beta1),
            Beta2 = (float)o.Beta2,
            OneMinusBeta2 = (float)(1 - o.Beta2),
            Correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(o.Beta2, t)),
            Epsilon = (float)o.Epsilon,
            MinusStepSize = (float)-(lr / (1 - Math.Pow(o.Beta1, t))),
        };
        k.LerpSmall = Math.Abs(k.Lerp) < 0.5f;
        k.LerpComplement = 1f - k.Lerp;
        bool l2 = !_decoupled && o.WeightDecay != 0, amsgrad = o.AmsGrad;
        var parameters = _network.Parameters;
        var gradients = _network.Gradients;
        foreach (var (start, length) in _trainableRuns)
        {
            var w = parameters.Slice(start, length);
            var g = gradients.Slice(start, length);
            var m = _buffers[0].AsSpan(start, length);
            var v = _buffers[1].AsSpan(start, length);
            var vmax = amsgrad ? _buffers[2].AsSpan(start, length) : v;
            int i = Vector.IsHardwareAccelerated ? UpdateVectors(w, g, m, v, vmax, k, l2, amsgrad) : 0;
            UpdateScalars(w[i..], g[i..], m[i..], v[i..], vmax[i..], k, l2, amsgrad);
        }
    }

    /// <summary>The step's float constants, rounded from double once per step as PyTorch rounds its Python scalars.</summary>
    struct Coefficients
    {
        public float Scale, L2, Shrink, Lerp, LerpComplement, Beta2, OneMinusBeta2, Correction2Sqrt, Epsilon, MinusStepSize;
        public bool LerpSmall;
    }

    /// <summary>
    /// The update on the whole vectors of the slices; returns how many floats it covered. Each lane computes exactly
    /// what <see cref="UpdateScalars"/> computes (the same float operations, no fused multiply-add).
    /// <paramref name="vmax"/> aliases <paramref name="v"/> without amsgrad.
    /// </summary>
    static int UpdateVectors(Span<float> w, Span<float> g, Span<float> m, Span<float> v, Span<float> vmax, in Coefficients k, bool l2, bool amsgrad)
    {
        var wv = MemoryMarshal.Cast<float, Vector<float>>(w);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var xv = MemoryMarshal.Cast<float, Vector<float>>(vmax);
        Vector<float> scale = new(k.Scale), decay = new(k.L2), shrink = new(k.Shrink), lerp = new(k.Lerp), lerpComplement = new(k.LerpComplement),
            beta2 = new(k.Beta2), oneMinusBeta2 = new(k.OneMinusBeta2), correction2Sqrt = new(k.Correction2Sqrt), epsilon = new(k.Epsilon),
            minusStepSize = new(k.MinusStepSize);
        for (int i = 0; i < wv.Length; i++)
        {
            var grad = scale * gv[i];
            if (l2)
                grad += decay * wv[i];
            var p = wv[i] * shrink;
            var mi = mv[i];
            mi = k.LerpSmall ? mi + lerp * (grad - mi) : grad - (grad - mi) * lerpComplement;
            mv[i] = mi;
            var vi = vv[i] * beta2;
            vi += oneMinusBeta2 * grad * grad;
            vv[i] = vi;
            if (amsgrad)
                xv[i] = vi = Vector.Max(xv[i], vi);
            var denominator = Vector.SquareRoot(vi) / correction2Sqrt + epsilon;
            wv[i] = p + minusStepSize * mi / denominator;
        }
        return wv.Length * Vector<float>.Count;
    }

    /// <summary>The update one float at a time: the tail of each run, or everything when vectors are not accelerated.</summary>
    static void UpdateScalars(Span<float> w, Span<float> g, Span<float> m, Span<float> v, Span<float> vmax, in Coefficients k, bool l2, bool amsgrad)
    {
        for (int i = 0; i < w.Length; i++)
        {
            float grad = k.Scale * g[i];
            if (l2)
                grad += k.L2 * w[i];
            float p = w[i] * k.Shrink;
            float mi = m[i];
            mi = k.LerpSmall ? mi + k.Lerp * (grad - mi) : grad - (grad - mi) * k.LerpComplement;
            m[i] = mi;
            float vi = v[i] * k.Beta2;
            vi += k.OneMinusBeta2 * grad * grad;
            v[i] = vi;
            if (amsgrad)
                vmax[i] = vi = MathF.Max(vmax[i], vi);
            float denominator = MathF.Sqrt(vi) / k.Correction2Sqrt + k.Epsilon;
            w[i] = p + k.MinusStepSize * mi / denominator;
        }
    }
}

/// <summary>
/// <c>torch.optim.Adam</c>: Adam with the weight decay added to the gradient as an L2 term (default 0); see
/// <see cref="AdaptiveMomentOptimizer"/> for the update. Checkpoint kind "adam".
/// </summary>
public sealed class AdamOptimizer(INetwork network, AdamOptions? options = null)
    : AdaptiveMomentOptimizer(network, options ?? new AdamOptions(), decoupled: false)
{
    public override string Kind => "adam";
}

/// <summary>
/// <c>torch.optim.AdamW</c> (Loshchilov and Hutter 2019): Adam with decoupled weight decay (default 1e-2), each
/// parameter multiplied by 1 - lr * wd before the update, the gradient left alone; see
/// <see cref="AdaptiveMomentOptimizer"/> for the update. Checkpoint kind "adamw".
/// </summary>
public sealed class AdamWOptimizer(INetwork network, AdamWOptions? options = null)
    : AdaptiveMomentOptimizer(network, options ?? new AdamWOptions(), decoupled: true)
{
    public override string Kind => "adamw";
}
