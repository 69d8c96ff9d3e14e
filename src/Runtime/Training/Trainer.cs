using NetGen.Batching;
using System.Diagnostics;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;

namespace NetGen.Training;

/// <summary>
/// Trains a network with a loss and an optimizer over a <see cref="DataLoader"/>: per batch, the gradients are
/// cleared, each sample runs Forward, the loss and Backward (which adds its gradient), then the optimizer steps with
/// the mean gradient. Reports through <see cref="IProgress{T}"/> and <see cref="EpochCompleted"/>, never the console.
/// <para>
/// With <see cref="Threads"/> &gt; 1 a batch is data-parallel: worker 0 runs on the master network, worker k on a
/// replica from the factory; each takes a contiguous slice of the batch into its own gradients, the replicas'
/// gradients are added into the master's in worker order, and the optimizer steps on the master. Each replica copies
/// the master's parameters before its slice, so replicas never drift. Results depend on the thread count (the float
/// sums are grouped differently) but are deterministic for a given count. With one thread there is no threading at all.
/// </para>
/// </summary>
public sealed class Trainer
{
    readonly TrainerWorker[] _workers;
    readonly List<EpochStats> _history = [];
    // Per-batch arguments of the parallel body, set before each Parallel.For: the body is one cached delegate.
    DataLoader? _batchLoader;
    int[] _batchIndices = [];
    int _batchCount;
    readonly Action<int> _trainSlice;

    /// <param name="threads">Workers per batch (and per evaluation); 1 trains on <paramref name="network"/> alone.</param>
    /// <param name="replicaFactory">Creates a network of the same architecture for each extra worker (needed when threads &gt; 1).</param>
    public Trainer(INetwork network, ILoss loss, SgdOptimizer optimizer, int threads = 1, Func<INetwork>? replicaFactory = null)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), "At least one thread is needed.");
        if (threads > 1 && replicaFactory is null)
            throw new ArgumentException("Training on more than one thread needs a factory for the network replicas.", nameof(replicaFactory));
        Network = network;
        Loss = loss;
        Optimizer = optimizer;
        _workers = new TrainerWorker[threads];
        _workers[0] = new TrainerWorker(network);
        for (int w = 1; w < threads; w++)
        {
            var replica = replicaFactory!();
            if (replica.Architecture != network.Architecture || replica.ParameterCount != network.ParameterCount)
                throw new ArgumentException($"The factory made '{replica.Architecture}', the master is '{network.Architecture}'.", nameof(replicaFactory));
            _workers[w] = new TrainerWorker(replica);
        }
        _trainSlice = TrainSlice;
    }

    public INetwork Network { get; }
    public ILoss Loss { get; }
    public SgdOptimizer Optimizer { get; }
    /// <summary>How many workers share each batch.</summary>
    public int Threads => _workers.Length;
    /// <summary>Every epoch trained so far by this trainer.</summary>
    public IReadOnlyList<EpochStats> History => _history;
    /// <summary>The evaluation of the test set after the last epoch, if there was one.</summary>
    public Evaluation? LastTestEvaluation { get; private set; }
    /// <summary>Raised after each epoch (with its test evaluation done).</summary>
    public event Action<EpochStats>? EpochCompleted;

    /// <summary>How many progress reports per epoch (about).</summary>
    public int ProgressReportsPerEpoch { get; set; } = 100;

    /// <summary>Trains epochs <paramref name="startEpoch"/> .. <paramref name="startEpoch"/> + <paramref name="epochs"/> - 1, evaluating on <paramref name="test"/> after each.</summary>
    public IReadOnlyList<EpochStats> Fit(DataLoader train, DataLoader? test, int epochs, int startEpoch = 0,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var stats = new List<EpochStats>();
        for (int e = startEpoch; e < startEpoch + epochs; e++)
            stats.Add(TrainEpoch(train, test, e, progress, cancellation));
        return stats;
    }

    /// <summary>One epoch over <paramref name="train"/> (reshuffled for <paramref name="epoch"/>), then an evaluation of <paramref name="test"/>.</summary>
    public EpochStats TrainEpoch(DataLoader train, DataLoader? test, int epoch,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckLoader(train);
        train.StartEpoch(epoch);
        Optimizer.SetEpoch(epoch);
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        int errors = 0, done = 0;
        int reportEvery = Math.Max(1, train.BatchCount / Math.Max(1, ProgressReportsPerEpoch));
        for (int b = 0; b < train.BatchCount; b++)
        {
            cancellation.ThrowIfCancellationRequested();
            var result = TrainBatch(train, train.Batch(b));
            lossSum += result.LossSum;
            errors += result.Errors;
            done += result.Count;
            if (progress is not null && ((b + 1) % reportEvery == 0 || b == train.BatchCount - 1))
                progress.Report(new TrainingProgress(epoch, b + 1, train.BatchCount, done, train.Count,
                    lossSum / done, (double)errors / done, done / clock.Elapsed.TotalSeconds, clock.Elapsed));
        }
        double seconds = clock.Elapsed.TotalSeconds;

        Evaluation? evaluation = test is null ? null : Evaluate(test);
        LastTestEvaluation = evaluation ?? LastTestEvaluation;
        var stats = new EpochStats(epoch, Optimizer.LearningRate, lossSum / Math.Max(1, done), (double)errors / Math.Max(1, done),
            evaluation?.MeanLoss, evaluation?.ErrorRate, seconds, done / Math.Max(seconds, 1e-9));
        _history.Add(stats);
        EpochCompleted?.Invoke(stats);
        return stats;
    }

    /// <summary>
    /// The training step: clears the gradients, sums them over the samples of <paramref name="indices"/> (split across
    /// the workers), and steps the optimizer with scale 1/count (the mean gradient). With one thread it allocates nothing.
    /// </summary>
    public BatchResult TrainBatch(DataLoader loader, ReadOnlySpan<int> indices)
    {
        double lossSum;
        int errors;
        if (_workers.Length == 1)
        {
            Network.Gradients.Clear();
            _workers[0].Train(loader, indices, Loss);
            (lossSum, errors) = (_workers[0].LossSum, _workers[0].Errors);
        }
        else
        {
            if (_batchIndices.Length < indices.Length)
                _batchIndices = new int[indices.Length];
            indices.CopyTo(_batchIndices);
            _batchLoader = loader;
            _batchCount = indices.Length;
            Parallel.For(0, _workers.Length, _trainSlice);
            (lossSum, errors) = ReduceIntoMaster();
        }
        if (indices.Length > 0)
            Optimizer.Step(1f / indices.Length);
        return new BatchResult(lossSum, errors, indices.Length);
    }

    /// <summary>Worker <paramref name="w"/>'s part of a parallel batch: a contiguous slice, on fresh copies of the master's parameters.</summary>
    void TrainSlice(int w)
    {
        var worker = _workers[w];
        if (w > 0)
            Replicas.Follow(Network, worker.Network);
        worker.Network.Gradients.Clear();
        var (start, end) = Slice(_batchCount, w, _workers.Length);
        worker.Train(_batchLoader!, _batchIndices.AsSpan(start, end - start), Loss);
    }

    /// <summary>Adds the replicas' gradients into the master's in worker order (so the float sums are reproducible).</summary>
    (double LossSum, int Errors) ReduceIntoMaster()
    {
        var master = Network.Gradients;
        double lossSum = _workers[0].LossSum;
        int errors = _workers[0].Errors;
        for (int w = 1; w < _workers.Length; w++)
        {
            Replicas.Add(master, _workers[w].Network.Gradients);
            lossSum += _workers[w].LossSum;
            errors += _workers[w].Errors;
        }
        return (lossSum, errors);
    }

    /// <summary>[start, end) of worker <paramref name="w"/>'s contiguous share of <paramref name="count"/> items.</summary>
    static (int Start, int End) Slice(int count, int w, int workers) =>
        ((int)((long)count * w / workers), (int)((long)count * (w + 1) / workers));

    /// <summary>
    /// Error rate, mean loss, confusion matrix and misclassified samples of the network on <paramref name="data"/> (in
    /// dataset order). Split into contiguous slices across the workers when there are several.
    /// </summary>
    public Evaluation Evaluate(DataLoader data)
    {
        CheckLoader(data);
        int classes = Math.Max(data.Dataset.Classes, Network.OutputLength);
        int workers = _workers.Length;
        var confusions = new int[workers][,];
        var wrongs = new List<Misclassification>[workers];
        void Run(int w)
        {
            if (w > 0)
                Replicas.Follow(Network, _workers[w].Network);
            confusions[w] = new int[classes, classes];
            wrongs[w] = [];
            var (start, end) = Slice(data.Count, w, workers);
            _workers[w].Evaluate(data, start, end, Loss, confusions[w], wrongs[w]);
        }
        if (workers == 1)
            Run(0);
        else
            Parallel.For(0, workers, Run);

        var confusion = confusions[0];
        var wrong = wrongs[0];
        double lossSum = _workers[0].LossSum;
        for (int w = 1; w < workers; w++)
        {
            for (int t = 0; t < classes; t++)
                for (int p = 0; p < classes; p++)
                    confusion[t, p] += confusions[w][t, p];
            wrong.AddRange(wrongs[w]);
            lossSum += _workers[w].LossSum;
        }
        return new Evaluation(data.Count, wrong.Count, lossSum / Math.Max(1, data.Count), confusion, wrong);
    }

    void CheckLoader(DataLoader loader)
    {
        if (loader.InputLength != Network.InputLength)
            throw new ArgumentException($"The loader prepares {loader.InputLength} floats per sample ({loader.Rows}x{loader.Cols}), the network takes {Network.InputLength}.");
    }
}
