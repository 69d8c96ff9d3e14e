using NetGen.Losses;

namespace NetGen.Batching;

/// <summary>
/// Trains networks with batch norm on batch statistics: each sample of a batch runs on its own network (the primary for
/// sample 0, replicas for the others) and thread, and the samples meet at every batch norm to sum their statistics
/// (<see cref="IBatchNormSync"/>). Gradients are added into the primary's in sample order, so results are
/// deterministic. Costs one network per sample of the largest batch; for networks without batch norm use
/// <see cref="BatchRunner"/>, which needs only one per thread.
/// </summary>
public sealed class LockstepBatchRunner : IDisposable
{
    private readonly INetwork[] _networks;
    private readonly float[][] _outputs, _outputGradients;
    private readonly double[] _losses;
    private readonly Rendezvous _rendezvous;
    private readonly WorkerPool _pool;
    private readonly Action<int> _sample;
    private ReadOnlyMemory<float> _inputs;
    private ReadOnlyMemory<int> _labels;
    private ILoss? _loss;

    public LockstepBatchRunner(INetwork primary, Func<INetwork> replicaFactory, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _networks = new INetwork[maxBatch];
        _networks[0] = primary;
        for (int s = 1; s < maxBatch; s++)
        {
            _networks[s] = replicaFactory();
            if (_networks[s].Architecture != primary.Architecture)
                throw new ArgumentException($"The factory made '{_networks[s].Architecture}', the primary is '{primary.Architecture}'.", nameof(replicaFactory));
        }
        _rendezvous = new Rendezvous(maxBatch);
        for (int s = 0; s < maxBatch; s++) _networks[s].BatchNormSync = new Rendezvous.Seat(_rendezvous, s);
        _outputs = _networks.Select(n => new float[n.OutputLength]).ToArray();
        _outputGradients = _networks.Select(n => new float[n.OutputLength]).ToArray();
        _losses = new double[maxBatch];
        _pool = new WorkerPool(maxBatch);
        _sample = Sample;
    }

    public INetwork Primary => _networks[0];

    /// <summary>
    /// Forward (batch statistics), loss and Backward of every sample: ADDS the summed gradients into the primary's
    /// <see cref="INetwork.Gradients"/>, moves its running statistics, and returns the summed loss.
    /// </summary>
    public double AccumulateGradients(ReadOnlyMemory<float> inputs, ReadOnlyMemory<int> labels, ILoss loss)
    {
        int n = labels.Length;
        if (n < 1 || n > _networks.Length)
            throw new ArgumentException($"A batch of {n} samples; this runner takes 1 to {_networks.Length}.", nameof(labels));
        if (inputs.Length != n * Primary.InputLength)
            throw new ArgumentException($"Expected {n * Primary.InputLength} input floats for {n} samples, got {inputs.Length}.", nameof(inputs));
        (_inputs, _labels, _loss) = (inputs, labels, loss);
        bool training = Primary.Training;
        _rendezvous.Reset(n);
        try
        {
            _pool.Run(_sample);
        }
        finally
        {
            (_inputs, _labels, _loss) = (default, default, null);
            Primary.Training = training;
        }
        double total = _losses[0];
        for (int s = 1; s < n; s++)
        {
            Replicas.Add(Primary.Gradients, _networks[s].Gradients);
            total += _losses[s];
        }
        return total;
    }

    private void Sample(int s)
    {
        if (s >= _labels.Length) return;
        try
        {
            Run(s);
        }
        catch
        {
            _rendezvous.Leave();   // let the other samples past their next meetings instead of waiting forever
            throw;
        }
    }

    private void Run(int s)
    {
        var net = _networks[s];
        if (s > 0)
        {
            Replicas.Follow(Primary, net);
            net.Gradients.Clear();
        }
        net.Training = true;
        int inputLength = net.InputLength;
        net.Forward(_inputs.Span.Slice(s * inputLength, inputLength), _outputs[s]);
        _losses[s] = _loss!.Compute(_outputs[s], _labels.Span[s], _outputGradients[s]);
        net.Backward(_outputGradients[s]);
    }

    public void Dispose() => _pool.Dispose();
}
