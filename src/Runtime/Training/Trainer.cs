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
/// Batches run on a <see cref="BatchRunner"/>, which sets <see cref="INetwork.Training"/> (dropout drops while
/// training, not while evaluating), trains a network with batch norm on batch statistics (one network per sample, so
/// <c>replicaFactory</c> is then needed even on one thread), and gives bit-identical results for any thread count.
/// </para>
/// </summary>
public sealed class Trainer : IDisposable
{
    readonly BatchRunner _runner;
    readonly LoaderSamples _samples = new();
    readonly List<EpochStats> _history = [];
    GradientClipping? _clipping;

    /// <param name="threads">Workers per batch (and per evaluation); 1 trains on <paramref name="network"/> alone.</param>
    /// <param name="replicaFactory">Creates a network of the same architecture for each extra worker (needed when threads &gt; 1, or for batch norm).</param>
    public Trainer(INetwork network, ILoss loss, IOptimizer optimizer, int threads = 1, Func<INetwork>? replicaFactory = null)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), "At least one thread is needed.");
        if (threads > 1 && replicaFactory is null)
            throw new ArgumentException("Training on more than one thread needs a factory for the network replicas.", nameof(replicaFactory));
        if (network.StateTensors.Count > 0 && replicaFactory is null)
            throw new ArgumentException($"{network.GetType().Name} has batch norm, which trains on batch statistics with one network per sample: pass a factory for the replicas.", nameof(replicaFactory));
        Network = network;
        Loss = loss;
        Optimizer = optimizer;
        _runner = new BatchRunner(network, replicaFactory, threads);
    }

    public INetwork Network { get; }
    public ILoss Loss { get; }
    /// <summary>The optimizer stepped after each batch: <see cref="SgdOptimizer"/>, <see cref="AdamOptimizer"/>, <see cref="AdamWOptimizer"/>.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>
    /// When set, each batch's mean gradient is clipped to this global L2 norm before the step, as PyTorch's
    /// <c>clip_grad_norm_</c> (see <see cref="GradientClipping"/>); null (the default) steps unclipped. Positive.
    /// </summary>
    public float? MaxGradientNorm
    {
        get => _clipping?.MaxNorm;
        set => _clipping = value is { } max ? new GradientClipping(Network, max) : null;
    }

    /// <summary>The last batch's total gradient norm before clipping (clip_grad_norm_'s result); NaN without clipping.</summary>
    public float LastGradientNorm => _clipping?.LastNorm ?? float.NaN;
    /// <summary>How many workers share each batch.</summary>
    public int Threads => _runner.Threads;
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
    /// the workers), and steps the optimizer with scale 1/count (the mean gradient), times the clip coefficient when
    /// <see cref="MaxGradientNorm"/> is set. Allocates nothing after the first batch.
    /// </summary>
    public BatchResult TrainBatch(DataLoader loader, ReadOnlySpan<int> indices)
    {
        var result = _runner.Accumulate(_samples.Set(loader, indices, Loss), overwrite: true);
        if (indices.Length > 0)
        {
            float scale = 1f / indices.Length;
            Optimizer.Step(_clipping?.Apply(scale) ?? scale);
        }
        return result;
    }

    /// <summary>
    /// Error rate, mean loss, confusion matrix and misclassified samples of the network on <paramref name="data"/> (in
    /// dataset order), in inference mode. The loss is summed in sample order, so it does not depend on the thread count.
    /// </summary>
    public Evaluation Evaluate(DataLoader data)
    {
        CheckLoader(data);
        int classes = Math.Max(data.Dataset.Classes, Network.OutputLength);
        var losses = new double[data.Count];
        var predictions = new int[data.Count];
        _runner.Evaluate(_samples.SetRange(data, 0, data.Count, Loss), losses, predictions);
        var confusion = new int[classes, classes];
        var wrong = new List<Misclassification>();
        double lossSum = 0;
        for (int i = 0; i < data.Count; i++)
        {
            int label = data.Label(i);
            confusion[label, predictions[i]]++;
            if (predictions[i] != label)
                wrong.Add(new Misclassification(i, label, predictions[i]));
            lossSum += losses[i];
        }
        return new Evaluation(data.Count, wrong.Count, lossSum / Math.Max(1, data.Count), confusion, wrong);
    }

    void CheckLoader(DataLoader loader)
    {
        if (loader.InputLength != Network.InputLength)
            throw new ArgumentException($"The loader prepares {loader.InputLength} floats per sample ({loader.Rows}x{loader.Cols}), the network takes {Network.InputLength}.");
    }

    /// <summary>Stops the batch runner's worker threads.</summary>
    public void Dispose() => _runner.Dispose();
}
