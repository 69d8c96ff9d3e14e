using NetGen.Losses;
using NetGen.Training;

namespace NetGen.Batching;

/// <summary>
/// The one batch engine (under <see cref="Trainer"/> and the samples): runs a network over a batch, data-parallel on
/// <see cref="Threads"/> workers (worker 0 the primary network on the calling thread, worker w a replica with its own
/// workspace and gradients). It owns <see cref="INetwork.Training"/>: gradient passes train (dropout drops, batch norm
/// uses batch statistics), <see cref="Forward"/> infers; the primary's own setting is restored afterwards.
/// <para>
/// Gradients are bit-identical for any thread count: the batch is cut into chunks of <see cref="SamplesPerChunk"/>
/// samples whatever the thread count, chunk c goes to worker c mod Threads, each chunk's gradient is summed from zero in
/// sample order, and the chunk sums are added to the primary's gradients in chunk order (a worker waits for its turn).
/// Dropout masks are drawn per sample from its index (<see cref="INetwork.DropoutState"/>), not per worker.
/// A network with batch norm trains in lockstep instead: one network per sample of the batch, meeting at every batch
/// norm, the gradients added in sample order (needs <c>replicaFactory</c>; the thread count does not matter).
/// Nothing is allocated per call once the first batch of the largest size has run.
/// </para>
/// </summary>
public sealed class BatchRunner : IDisposable
{
    /// <summary>Samples per chunk of the gradient reduction: fixed, so the float sums group the same way on any machine.</summary>
    public const int SamplesPerChunk = 8;

    private readonly INetwork[] _networks;
    private readonly Func<INetwork>? _replicaFactory;
    private readonly float[][] _inputs, _outputs, _outputGradients;
    private readonly float[] _sum;
    private readonly WorkerPool _pool;
    private readonly Action<int> _forwardSlice, _gradientChunks, _evaluateSlice;
    private readonly LabelledSamples _labelled = new();
    private readonly TargetSamples _targeted = new();
    private LockstepPass? _lockstep;
    // The current call's arguments and reduction state, read by the workers.
    private BatchSource? _source;
    private ReadOnlyMemory<float> _forwardInputs;
    private Memory<float> _results;
    private double[]? _sampleLosses;
    private int[]? _predictions;
    private int _chunks, _turn;
    private bool _first;   // the first chunk's sum is written, not added (overwrite)
    private uint _dropoutState;   // the primary's dropout state when the batch started (0: no dropout)
    private bool _direct;  // one chunk per worker at most: summed straight into the primary's gradients
    private volatile bool _failed;
    private double _lossSum;
    private int _errors;

    /// <param name="primary">The network whose parameters are used and whose gradients receive the sums.</param>
    /// <param name="replicaFactory">Makes a network of the same architecture per extra thread, and per sample of a batch for a network with batch norm.</param>
    public BatchRunner(INetwork primary, Func<INetwork>? replicaFactory = null, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (threads > 1 && replicaFactory is null)
            throw new ArgumentException("More than one thread needs a factory for the network replicas.", nameof(replicaFactory));
        _replicaFactory = replicaFactory;
        _networks = new INetwork[threads];
        _networks[0] = primary;
        for (int w = 1; w < threads; w++) _networks[w] = Replicas.Create(primary, replicaFactory!);
        _inputs = _networks.Select(n => new float[n.InputLength]).ToArray();
        _outputs = _networks.Select(n => new float[n.OutputLength]).ToArray();
        _outputGradients = _networks.Select(n => new float[n.OutputLength]).ToArray();
        _sum = new float[primary.ParameterCount];
        _pool = new WorkerPool(threads);
        _forwardSlice = ForwardSlice;
        _gradientChunks = GradientChunks;
        _evaluateSlice = EvaluateSlice;
    }

    public INetwork Primary => _networks[0];
    public int Threads => _networks.Length;
    /// <summary>Whether gradient passes run in lockstep on batch statistics (the network has batch norm).</summary>
    public bool BatchStatistics => Primary.StateTensors.Count > 0;

    /// <summary>Outputs of every sample (inference: <see cref="INetwork.Training"/> off): <paramref name="inputs"/> holds n samples back to back.</summary>
    public void Forward(ReadOnlyMemory<float> inputs, Memory<float> outputs)
    {
        int n = Count(inputs.Length, Primary.InputLength, nameof(inputs));
        if (outputs.Length != n * Primary.OutputLength)
            throw new ArgumentException($"Expected {n * Primary.OutputLength} output floats for {n} samples, got {outputs.Length}.", nameof(outputs));
        (_forwardInputs, _results) = (inputs, outputs);
        try
        {
            RunAs(training: false, _forwardSlice);
        }
        finally
        {
            (_forwardInputs, _results) = (default, default);
        }
    }

    /// <summary>
    /// Forward, loss and Backward of every sample, training: ADDS the summed parameter gradients into the primary's
    /// <see cref="INetwork.Gradients"/> and returns the summed loss. Replicas first copy the primary's parameters.
    /// </summary>
    public double AccumulateGradients(ReadOnlyMemory<float> inputs, ReadOnlyMemory<int> labels, ILoss loss)
    {
        int n = Count(inputs.Length, Primary.InputLength, nameof(inputs));
        if (labels.Length != n)
            throw new ArgumentException($"Expected {n} labels, got {labels.Length}.", nameof(labels));
        try
        {
            return Accumulate(_labelled.Set(inputs, labels, loss, Primary.InputLength)).LossSum;
        }
        finally
        {
            _labelled.Release();
        }
    }

    /// <summary>
    /// Like <see cref="AccumulateGradients(ReadOnlyMemory{float}, ReadOnlyMemory{int}, ILoss)"/> with a target per
    /// sample instead of a label (autoencoders: the target is usually the input): <paramref name="targets"/> holds n
    /// outputs' worth of floats back to back.
    /// </summary>
    public double AccumulateGradients(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, ReconstructionLoss loss)
    {
        int n = Count(inputs.Length, Primary.InputLength, nameof(inputs));
        if (targets.Length != n * Primary.OutputLength)
            throw new ArgumentException($"Expected {n * Primary.OutputLength} target floats for {n} samples, got {targets.Length}.", nameof(targets));
        try
        {
            return Accumulate(_targeted.Set(inputs, targets, loss, Primary.InputLength, Primary.OutputLength)).LossSum;
        }
        finally
        {
            _targeted.Release();
        }
    }

    /// <summary>
    /// The training pass over any source: gradients added into the primary's (or written over them, which saves the
    /// caller a clear and this a copy), loss and errors summed in sample order.
    /// </summary>
    internal BatchResult Accumulate(BatchSource source, bool overwrite = false)
    {
        int n = source.Count;
        if (n == 0) return default;
        if (BatchStatistics)
        {
            var lockstep = LockstepFor(n);
            source.PrepareWorkers(n);
            if (overwrite) Primary.Gradients.Clear();
            bool was = Primary.Training;
            Primary.Training = true;
            try
            {
                return lockstep.Run(source);
            }
            finally
            {
                Primary.Training = was;
            }
        }
        source.PrepareWorkers(Threads);
        int chunks = (n + SamplesPerChunk - 1) / SamplesPerChunk;
        // Direct: when every worker has at most one chunk and the caller's gradients may be overwritten, chunk 0 is
        // summed in the primary's gradients themselves and the others are added there: no accumulator, no copies.
        // Same floats as the accumulator (which starts as an exact copy of chunk 0), one pass less per chunk.
        bool direct = overwrite && chunks <= Threads;
        var gradients = Primary.Gradients;
        if (!overwrite) gradients.CopyTo(_sum);   // the caller's gradients first: the chunk sums are added after them, in order
        gradients.Clear();
        (_source, _chunks, _turn, _failed, _lossSum, _errors, _first, _direct) = (source, chunks, 0, false, 0, 0, overwrite, direct);
        _dropoutState = Primary.DropoutState;
        try
        {
            RunAs(training: true, _gradientChunks);
        }
        finally
        {
            if (!direct) _sum.CopyTo(Primary.Gradients);
            Replicas.AdvanceDropout(Primary, _dropoutState, n);
            _source = null;
        }
        return new BatchResult(_lossSum, _errors, n);
    }

    /// <summary>
    /// Inference over a source: each sample's loss into <paramref name="losses"/> and predicted class into
    /// <paramref name="predictions"/> (by sample index), contiguous slices per worker.
    /// </summary>
    internal void Evaluate(BatchSource source, double[] losses, int[] predictions)
    {
        source.PrepareWorkers(Threads);
        (_source, _sampleLosses, _predictions) = (source, losses, predictions);
        try
        {
            RunAs(training: false, _evaluateSlice);
        }
        finally
        {
            (_source, _sampleLosses, _predictions) = (null, null, null);
        }
    }

    /// <summary>Runs a body on every worker with the primary (and so the replicas) in the given mode, then restores it.</summary>
    private void RunAs(bool training, Action<int> body)
    {
        bool was = Primary.Training;
        Primary.Training = training;
        try
        {
            _pool.Run(body);
        }
        finally
        {
            Primary.Training = was;
        }
    }

    private LockstepPass LockstepFor(int n)
    {
        if (_lockstep is { } existing && existing.Capacity >= n) return existing;
        if (_replicaFactory is null)
            throw new InvalidOperationException($"{Primary.GetType().Name} has batch norm: training on batch statistics runs one network per sample, so the batch runner needs a replicaFactory.");
        _lockstep?.Dispose();
        return _lockstep = new LockstepPass(Primary, _replicaFactory, n);
    }

    private void ForwardSlice(int w)
    {
        var net = Follow(w);
        var (start, end) = Slice(_forwardInputs.Length / net.InputLength, w);
        for (int s = start; s < end; s++)
            net.Forward(_forwardInputs.Span.Slice(s * net.InputLength, net.InputLength), _results.Span.Slice(s * net.OutputLength, net.OutputLength));
    }

    /// <summary>Worker w's chunks (w, w + Threads, ...): each summed from zero, then added into the total at its turn.</summary>
    private void GradientChunks(int w)
    {
        try
        {
            var net = Follow(w);
            net.Gradients.Clear();
            int n = _source!.Count;
            for (int c = w; c < _chunks; c += Threads)
            {
                double loss = 0;
                int errors = 0;
                for (int s = c * SamplesPerChunk; s < Math.Min(n, (c + 1) * SamplesPerChunk); s++)
                {
                    _source.WriteInput(w, s, _inputs[w]);
                    Replicas.SeedDropout(net, _dropoutState, s);
                    net.Forward(_inputs[w], _outputs[w]);
                    loss += _source.Loss(s, _outputs[w], _outputGradients[w], out int predicted);
                    if (predicted != _source.Label(s)) errors++;
                    net.Backward(_outputGradients[w]);
                }
                if (!WaitForTurn(c)) return;
                if (!_direct) Replicas.Drain(_sum, net.Gradients, first: _first && c == 0);
                else if (c > 0) Replicas.Drain(Primary.Gradients, net.Gradients, first: false);
                _lossSum += loss;
                _errors += errors;
                Volatile.Write(ref _turn, c + 1);
            }
        }
        catch
        {
            _failed = true;   // the workers waiting for this one's turn give up instead of waiting forever
            throw;
        }
    }

    private bool WaitForTurn(int chunk)
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref _turn) != chunk)
        {
            if (_failed) return false;
            spin.SpinOnce(sleep1Threshold: -1);   // never Sleep(1): a turn comes within one chunk drain, a millisecond sleep would stall the batch
        }
        return true;
    }

    private void EvaluateSlice(int w)
    {
        var net = Follow(w);
        var (start, end) = Slice(_source!.Count, w);
        for (int s = start; s < end; s++)
        {
            _source.WriteInput(w, s, _inputs[w]);
            net.Forward(_inputs[w], _outputs[w]);
            _sampleLosses![s] = _source.Loss(s, _outputs[w], _outputGradients[w], out _predictions![s]);
        }
    }

    private INetwork Follow(int w)
    {
        if (w > 0) Replicas.Follow(Primary, _networks[w]);
        return _networks[w];
    }

    /// <summary>Worker w's contiguous share of n samples.</summary>
    private (int Start, int End) Slice(int n, int w) =>
        ((int)((long)n * w / _networks.Length), (int)((long)n * (w + 1) / _networks.Length));

    private static int Count(int floats, int perSample, string name) =>
        floats % perSample == 0 ? floats / perSample
            : throw new ArgumentException($"{floats} floats is not a whole number of {perSample}-float samples.", name);

    public void Dispose()
    {
        _pool.Dispose();
        _lockstep?.Dispose();
    }
}
