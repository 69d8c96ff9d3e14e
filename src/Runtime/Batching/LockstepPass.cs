using NetGen.Training;

namespace NetGen.Batching;

/// <summary>
/// Training with batch norm on batch statistics, for <see cref="BatchRunner"/>: each sample of a batch runs on its own
/// network (the primary for sample 0, replicas for the others) and thread, and the samples meet at every batch norm to
/// sum their statistics (<see cref="IBatchNormSync"/>, in sample order). Gradients and losses are added into the
/// primary's in sample order, so results do not depend on scheduling. Costs one network per sample of the largest batch.
/// </summary>
internal sealed class LockstepPass : IDisposable
{
    private readonly INetwork[] _networks;
    private readonly float[][] _inputs, _outputs, _outputGradients;
    private readonly double[] _losses;
    private readonly int[] _predictions;
    private readonly Rendezvous _rendezvous;
    private readonly Rendezvous.Seat[] _seats;
    private readonly WorkerPool _pool;
    private readonly Action<int> _sample;
    private BatchSource? _source;
    private uint _dropoutState;

    public LockstepPass(INetwork primary, Func<INetwork> replicaFactory, int capacity)
    {
        _networks = new INetwork[capacity];
        _networks[0] = primary;
        for (int s = 1; s < capacity; s++) _networks[s] = Replicas.Create(primary, replicaFactory);
        _rendezvous = new Rendezvous(capacity);
        _seats = Enumerable.Range(0, capacity).Select(s => new Rendezvous.Seat(_rendezvous, s)).ToArray();
        _inputs = _networks.Select(n => new float[n.InputLength]).ToArray();
        _outputs = _networks.Select(n => new float[n.OutputLength]).ToArray();
        _outputGradients = _networks.Select(n => new float[n.OutputLength]).ToArray();
        _losses = new double[capacity];
        _predictions = new int[capacity];
        _pool = new WorkerPool(capacity);
        _sample = Sample;
    }

    public int Capacity => _networks.Length;
    private INetwork Primary => _networks[0];

    /// <summary>One training pass (the primary is in training mode): gradients ADDED into the primary's.</summary>
    public BatchResult Run(BatchSource source)
    {
        int n = source.Count;
        _source = source;
        _dropoutState = Primary.DropoutState;
        _rendezvous.Reset(n);
        for (int s = 0; s < Capacity; s++) _networks[s].BatchNormSync = _seats[s];
        try
        {
            _pool.Run(_sample);
        }
        finally
        {
            _source = null;
            Replicas.AdvanceDropout(Primary, _dropoutState, n);
            foreach (var net in _networks) net.BatchNormSync = null;   // inference and per-sample passes use running statistics
        }
        double loss = _losses[0];
        int errors = _predictions[0] != source.Label(0) ? 1 : 0;
        for (int s = 1; s < n; s++)
        {
            Replicas.Add(Primary.Gradients, _networks[s].Gradients);
            loss += _losses[s];
            if (_predictions[s] != source.Label(s)) errors++;
        }
        return new BatchResult(loss, errors, n);
    }

    private void Sample(int s)
    {
        if (s >= _source!.Count) return;
        try
        {
            var net = _networks[s];
            if (s > 0)
            {
                Replicas.Follow(Primary, net);
                net.Gradients.Clear();
            }
            _source.WriteInput(s, s, _inputs[s]);
            Replicas.SeedDropout(net, _dropoutState, s);
            net.Forward(_inputs[s], _outputs[s]);
            _losses[s] = _source.Loss(s, _outputs[s], _outputGradients[s], out _predictions[s]);
            net.Backward(_outputGradients[s]);
        }
        catch
        {
            _rendezvous.Leave();   // let the other samples past their next meetings instead of waiting forever
            throw;
        }
    }

    public void Dispose() => _pool.Dispose();
}
