using System.Numerics;
using System.Runtime.InteropServices;
namespace NetGen.Optimizers;

/// <summary>Hyper-parameters of <see cref="SgdOptimizer"/>.</summary>
public sealed record SgdOptions
{
    public ILearningRateSchedule Schedule { get; init; } = new ConstantSchedule(0.01f);
    /// <summary>0 for plain SGD.</summary>
    public float Momentum { get; init; }
    /// <summary>L2 penalty coefficient: adds WeightDecay * w to every trainable parameter's gradient.</summary>
    public float WeightDecay { get; init; }
}

/// <summary>
/// Stochastic gradient descent with momentum and weight decay, on a network's flat parameter and gradient spans.
/// Per trainable parameter (PyTorch's convention): g = scale * grad + decay * w; v = momentum * v + g; w -= lr * v.
/// Parameters the network marks untrainable (<see cref="INetwork.IsTrainable"/>) are never touched; the
/// mask is read once, at construction, into contiguous runs. <see cref="Step"/> allocates nothing.
/// A checkpoint saves its velocity as PyTorch's <c>momentum_buffer</c> (same convention) through <see cref="IOptimizerState"/>.
/// </summary>
public sealed class SgdOptimizer : IOptimizer
{
    static readonly string[] Buffers = ["momentum_buffer"];

    readonly INetwork _network;
    readonly float[] _velocity;
    readonly (int Start, int Length)[] _trainableRuns;

    public SgdOptimizer(INetwork network, SgdOptions? options = null)
    {
        _network = network;
        Options = options ?? new SgdOptions();
        _velocity = new float[network.ParameterCount];
        _trainableRuns = TrainableRuns.Of(network);
        SetEpoch(0);
    }

    public SgdOptions Options { get; }
    /// <summary>The learning rate the next <see cref="Step"/> uses.</summary>
    public float LearningRate { get; private set; }
    public int Epoch { get; private set; }
    public int TrainableParameterCount => _trainableRuns.Sum(r => r.Length);
    /// <summary>The momentum buffer, same layout as the parameters.</summary>
    public Span<float> Velocity => _velocity;
    /// <summary>How many times <see cref="Step"/> ran since construction or <see cref="Reset"/>.</summary>
    public long Steps { get; private set; }

    public string Kind => "sgd";
    public IReadOnlyList<string> BufferNames => Buffers;
    public Span<float> Buffer(int index) => index == 0 ? _velocity : throw new ArgumentOutOfRangeException(nameof(index), "SGD has one buffer, the velocity.");
    long IOptimizerState.Steps { get => Steps; set => Steps = value; }

    /// <summary>Selects the schedule's rate for <paramref name="epoch"/> (0-based).</summary>
    public void SetEpoch(int epoch)
    {
        Epoch = epoch;
        LearningRate = Options.Schedule.Rate(epoch);
    }

    /// <summary>
    /// Updates the trainable parameters from the network's <see cref="INetwork.Gradients"/>, multiplied first by
    /// <paramref name="gradientScale"/>: pass 1/batchSize when the gradients are summed over a batch (the trainer does).
    /// Does not clear the gradients.
    /// </summary>
    public void Step(float gradientScale = 1f)
    {
        var parameters = _network.Parameters;
        var gradients = _network.Gradients;
        float lr = LearningRate, momentum = Options.Momentum, decay = Options.WeightDecay;
        Steps++;
        foreach (var (start, length) in _trainableRuns)
        {
            var w = parameters.Slice(start, length);
            var g = gradients.Slice(start, length);
            var v = _velocity.AsSpan(start, length);
            int i = 0;
            // Vector body (the update is elementwise, so the lanes give the same numbers as the scalar loop).
            if (Vector.IsHardwareAccelerated)
            {
                var wv = MemoryMarshal.Cast<float, Vector<float>>(w);
                var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
                var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
                for (int k = 0; k < wv.Length; k++)
                {
                    var step = gradientScale * gv[k] + decay * wv[k];
                    vv[k] = momentum * vv[k] + step;
                    wv[k] -= lr * vv[k];
                }
                i = wv.Length * Vector<float>.Count;
            }
            for (; i < w.Length; i++)
            {
                float step = gradientScale * g[i] + decay * w[i];
                v[i] = momentum * v[i] + step;
                w[i] -= lr * v[i];
            }
        }
    }

    /// <summary>Forgets the momentum and the step count; the epoch is kept.</summary>
    public void Reset()
    {
        Array.Clear(_velocity);
        Steps = 0;
    }
}
