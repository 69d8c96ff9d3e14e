using NetGen.Batching;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;

namespace NetGen.Samples.Autoencoder;

/// <summary>
/// Trains a network to reproduce its input: each sample's pixels (in [0, 1], used as they are) are both the input
/// and the target of <see cref="ReconstructionLoss"/>. Batches run data-parallel on a <see cref="BatchRunner"/>;
/// the order is the <see cref="DataLoader"/>'s seeded shuffle, so a run is reproducible for a thread count.
/// </summary>
public sealed class ReconstructionTrainer : IDisposable
{
    const int EvaluationChunk = 256;
    readonly BatchRunner _runner;
    readonly SgdOptimizer _optimizer;
    readonly ReconstructionLoss _loss = new();
    readonly float[] _batch, _outputs;

    public ReconstructionTrainer(INetwork network, Func<INetwork> replicaFactory, TrainerSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1);
        Network = network;
        Settings = settings;
        _runner = new BatchRunner(network, replicaFactory, settings.Threads);
        _optimizer = new SgdOptimizer(network, new SgdOptions
        {
            Schedule = new ConstantSchedule(settings.LearningRate),
            Momentum = settings.Momentum,
        });
        _batch = new float[settings.BatchSize * network.InputLength];
        _outputs = new float[EvaluationChunk * network.OutputLength];
    }

    public INetwork Network { get; }
    public TrainerSettings Settings { get; }

    /// <summary>One pass over <paramref name="data"/> in the epoch's shuffled order; returns the mean training MSE.</summary>
    public double TrainEpoch(Dataset data, int epoch, CancellationToken cancellation = default)
    {
        CheckShape(data);
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = Settings.BatchSize, Seed = Settings.Seed, PadTo = 0 });
        loader.StartEpoch(epoch);
        int pixels = Network.InputLength;
        double total = 0;
        Network.Training = true;
        for (int b = 0; b < loader.BatchCount; b++)
        {
            cancellation.ThrowIfCancellationRequested();
            var indices = loader.Batch(b);
            for (int i = 0; i < indices.Length; i++)
                data.Image(indices[i]).CopyTo(_batch.AsSpan(i * pixels, pixels));
            var samples = _batch.AsMemory(0, indices.Length * pixels);
            Network.Gradients.Clear();
            // The target is the input itself.
            total += _runner.AccumulateGradients(samples, samples, _loss);
            _optimizer.Step(1f / indices.Length);
        }
        Network.Training = false;
        return total / data.Count;
    }

    /// <summary>The mean reconstruction MSE per pixel over every image of <paramref name="data"/>.</summary>
    public double Evaluate(Dataset data)
    {
        CheckShape(data);
        int pixels = Network.InputLength;
        double total = 0;
        for (int start = 0; start < data.Count; start += EvaluationChunk)
        {
            int n = Math.Min(EvaluationChunk, data.Count - start);
            var inputs = data.Images.AsMemory(start * pixels, n * pixels);
            _runner.Forward(inputs, _outputs.AsMemory(0, n * pixels));
            for (int s = 0; s < n; s++)
                total += _loss.Compute(_outputs.AsSpan(s * pixels, pixels), inputs.Span.Slice(s * pixels, pixels));
        }
        return total / data.Count;
    }

    /// <summary>The reconstruction of one image.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> image)
    {
        var output = new float[Network.OutputLength];
        Network.Forward(image, output);
        return output;
    }

    void CheckShape(Dataset data)
    {
        if (data.PixelsPerImage != Network.InputLength || Network.OutputLength != Network.InputLength)
            throw new ArgumentException($"{data.Name} has {data.PixelsPerImage} pixels per image; the network maps {Network.InputLength} inputs to {Network.OutputLength} outputs.", nameof(data));
    }

    public void Dispose() => _runner.Dispose();
}

/// <summary>How <see cref="ReconstructionTrainer"/> trains: SGD with momentum on batches split across threads.</summary>
public sealed record TrainerSettings
{
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 0.05f;
    public float Momentum { get; init; } = 0.9f;
    public int Seed { get; init; } = 1;
    public int Threads { get; init; } = 1;
}
