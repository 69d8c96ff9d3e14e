using NetGen.Losses;

namespace NetGen.Batching;

/// <summary>
/// Runs a network over a batch of samples, data-parallel: worker 0 uses the primary network, worker w a replica
/// (its own workspace and gradients); each takes a contiguous slice of the batch. Replica gradients are added into
/// the primary's in worker order, so results are deterministic for a given thread count. One thread means a plain
/// loop: no threads, no replicas. Nothing is allocated per call.
/// </summary>
public sealed class BatchRunner : IDisposable
{
    private readonly INetwork[] _networks;
    private readonly float[][] _outputs, _outputGradients;
    private readonly double[] _losses;
    private readonly WorkerPool _pool;
    private readonly Action<int> _forwardSlice, _gradientSlice;
    // The current call's arguments, read by the workers (spans cannot be stored, so Memory).
    private ReadOnlyMemory<float> _inputs;
    private Memory<float> _results;
    private ReadOnlyMemory<int> _labels;
    private ILoss? _loss;
    private ReadOnlyMemory<float> _targets;
    private ReconstructionLoss? _reconstruction;

    /// <param name="primary">The network whose parameters are used and whose gradients receive the sums.</param>
    /// <param name="replicaFactory">Makes a network of the same architecture per extra thread (needed when threads &gt; 1).</param>
    public BatchRunner(INetwork primary, Func<INetwork>? replicaFactory = null, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (threads > 1 && replicaFactory is null)
            throw new ArgumentException("More than one thread needs a factory for the network replicas.", nameof(replicaFactory));
        _networks = new INetwork[threads];
        _networks[0] = primary;
        for (int w = 1; w < threads; w++)
        {
            var replica = replicaFactory!();
            if (replica.Architecture != primary.Architecture)
                throw new ArgumentException($"The factory made '{replica.Architecture}', the primary is '{primary.Architecture}'.", nameof(replicaFactory));
            _networks[w] = replica;
        }
        _outputs = _networks.Select(n => new float[n.OutputLength]).ToArray();
        _outputGradients = _networks.Select(n => new float[n.OutputLength]).ToArray();
        _losses = new double[threads];
        _pool = new WorkerPool(threads);
        _forwardSlice = ForwardSlice;
        _gradientSlice = GradientSlice;
    }

    public INetwork Primary => _networks[0];
    public int Threads => _networks.Length;

    /// <summary>Outputs of every sample: <paramref name="inputs"/> holds n samples back to back, <paramref name="outputs"/> n outputs.</summary>
    public void Forward(ReadOnlyMemory<float> inputs, Memory<float> outputs)
    {
        int n = Count(inputs.Length, Primary.InputLength, nameof(inputs));
        if (outputs.Length != n * Primary.OutputLength)
            throw new ArgumentException($"Expected {n * Primary.OutputLength} output floats for {n} samples, got {outputs.Length}.", nameof(outputs));
        (_inputs, _results) = (inputs, outputs);
        _pool.Run(_forwardSlice);
        (_inputs, _results) = (default, default);
    }

    /// <summary>
    /// Forward, loss and Backward of every sample: ADDS the summed parameter gradients into the primary's
    /// <see cref="INetwork.Gradients"/> and returns the summed loss. Replicas first copy the primary's parameters.
    /// </summary>
    public double AccumulateGradients(ReadOnlyMemory<float> inputs, ReadOnlyMemory<int> labels, ILoss loss)
    {
        int n = Count(inputs.Length, Primary.InputLength, nameof(inputs));
        if (labels.Length != n)
            throw new ArgumentException($"Expected {n} labels, got {labels.Length}.", nameof(labels));
        (_inputs, _labels, _loss) = (inputs, labels, loss);
        _pool.Run(_gradientSlice);
        (_inputs, _labels, _loss) = (default, default, null);
        return ReduceGradients();
    }

    /// <summary>
    /// Like <see cref="AccumulateGradients(ReadOnlyMemory{float}, ReadOnlyMemory{int}, ILoss)"/> with a target per
    /// sample instead of a label (autoencoders: the target is usually the input): <paramref name="targets"/> holds n
    /// outputs' worth of floats back to back. ADDS the summed gradients into the primary's and returns the summed loss.
    /// </summary>
    public double AccumulateGradients(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, ReconstructionLoss loss)
    {
        int n = Count(inputs.Length, Primary.InputLength, nameof(inputs));
        if (targets.Length != n * Primary.OutputLength)
            throw new ArgumentException($"Expected {n * Primary.OutputLength} target floats for {n} samples, got {targets.Length}.", nameof(targets));
        (_inputs, _targets, _reconstruction) = (inputs, targets, loss);
        _pool.Run(_gradientSlice);
        (_inputs, _targets, _reconstruction) = (default, default, null);
        return ReduceGradients();
    }

    /// <summary>Adds the replicas' gradients into the primary's in worker order; returns the summed loss.</summary>
    private double ReduceGradients()
    {
        double total = _losses[0];
        var gradients = Primary.Gradients;
        for (int w = 1; w < _networks.Length; w++)
        {
            Replicas.Add(gradients, _networks[w].Gradients);
            total += _losses[w];
        }
        return total;
    }

    private void ForwardSlice(int w)
    {
        var net = _networks[w];
        if (w > 0) Replicas.Follow(Primary, net);
        var (start, end) = Slice(_inputs.Length / net.InputLength, w);
        for (int s = start; s < end; s++)
            net.Forward(_inputs.Span.Slice(s * net.InputLength, net.InputLength), _results.Span.Slice(s * net.OutputLength, net.OutputLength));
    }

    /// <summary>Worker w's samples: Forward, the loss against a label (or a target image), Backward into its gradients.</summary>
    private void GradientSlice(int w)
    {
        var net = _networks[w];
        if (w > 0)
        {
            Replicas.Follow(Primary, net);
            net.Gradients.Clear();
        }
        int outputs = net.OutputLength;
        var (start, end) = Slice(_loss is not null ? _labels.Length : _targets.Length / outputs, w);
        double loss = 0;
        for (int s = start; s < end; s++)
        {
            net.Forward(_inputs.Span.Slice(s * net.InputLength, net.InputLength), _outputs[w]);
            loss += _loss is not null
                ? _loss.Compute(_outputs[w], _labels.Span[s], _outputGradients[w])
                : _reconstruction!.Compute(_outputs[w], _targets.Span.Slice(s * outputs, outputs), _outputGradients[w]);
            net.Backward(_outputGradients[w]);
        }
        _losses[w] = loss;
    }

    /// <summary>Worker w's contiguous share of n samples.</summary>
    private (int Start, int End) Slice(int n, int w) =>
        ((int)((long)n * w / _networks.Length), (int)((long)n * (w + 1) / _networks.Length));

    private static int Count(int floats, int perSample, string name) =>
        floats % perSample == 0 ? floats / perSample
            : throw new ArgumentException($"{floats} floats is not a whole number of {perSample}-float samples.", name);

    public void Dispose() => _pool.Dispose();
}
