using NetGen.Batching;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// NetGen batch inference through the runtime's <see cref="BatchRunner.Forward"/>: Forward per sample, on Threads
/// workers of a warm pool (the caller is worker 0), each over a contiguous slice with its own network replica.
/// </summary>
public sealed class NetGenInference : IDisposable
{
    readonly BatchRunner _runner;

    public NetGenInference(LeNet5Bench primary, int threads) =>
        _runner = new BatchRunner(primary, threads > 1 ? () => new LeNet5Bench(seed: 0) { Isa = primary.Isa } : null, threads);

    /// <summary>Logits of all samples of <paramref name="inputs"/> (1024 floats each) into <paramref name="outputs"/> (10 each).</summary>
    public void Run(float[] inputs, float[] outputs) => _runner.Forward(inputs, outputs);

    public void Dispose() => _runner.Dispose();
}

/// <summary>
/// NetGen's training step through the runtime's batch API: clear the gradients, <see cref="BatchRunner.AccumulateGradients"/>
/// (Forward, softmax cross-entropy, Backward per sample, data-parallel over Threads workers, replica gradients added in
/// worker order), then <see cref="SgdOptimizer.Step"/> with the mean gradient.
/// </summary>
public sealed class NetGenBatchTraining : IDisposable
{
    readonly LeNet5Bench _network;
    readonly BatchRunner _runner;
    readonly SgdOptimizer _optimizer;
    readonly SoftmaxCrossEntropyLoss _loss = new();
    readonly float[] _inputs;
    readonly int[] _labels;

    public NetGenBatchTraining(LeNet5Bench network, BenchData data, int threads, float learningRate, float momentum)
    {
        _network = network;
        _runner = new BatchRunner(network, threads > 1 ? () => new LeNet5Bench(seed: 0) { Isa = network.Isa } : null, threads);
        _optimizer = new SgdOptimizer(network, new SgdOptions { Schedule = new ConstantSchedule(learningRate), Momentum = momentum });
        (_inputs, _labels) = (data.Inputs, data.Labels);
    }

    /// <summary>One step on all samples of the data; returns the mean loss.</summary>
    public double Step()
    {
        _network.Gradients.Clear();
        double loss = _runner.AccumulateGradients(_inputs, _labels, _loss);
        _optimizer.Step(1f / _labels.Length);
        return loss / _labels.Length;
    }

    public void Dispose() => _runner.Dispose();
}

/// <summary>The same split over replicas of the plain reference, for its inference cases.</summary>
public sealed class NaiveInference
{
    readonly NaiveLeNet5[] _workers;
    readonly Action<int> _slice;
    float[] _inputs = [], _outputs = [];
    int _count;

    public NaiveInference(ReadOnlySpan<float> parameters, int threads)
    {
        _workers = new NaiveLeNet5[threads];
        for (int w = 0; w < threads; w++)
        {
            _workers[w] = new NaiveLeNet5();
            parameters.CopyTo(_workers[w].Parameters);
        }
        _slice = RunSlice;
    }

    public void Run(float[] inputs, float[] outputs, int count)
    {
        (_inputs, _outputs, _count) = (inputs, outputs, count);
        if (_workers.Length == 1)
            RunSlice(0);
        else
            Parallel.For(0, _workers.Length, _slice);
    }

    void RunSlice(int w)
    {
        int start = (int)((long)_count * w / _workers.Length), end = (int)((long)_count * (w + 1) / _workers.Length);
        for (int s = start; s < end; s++)
            _workers[w].Forward(_inputs.AsSpan(s * NaiveLeNet5.InputLength, NaiveLeNet5.InputLength),
                _outputs.AsSpan(s * NaiveLeNet5.OutputLength, NaiveLeNet5.OutputLength));
    }
}

/// <summary>
/// NetGen's training step through the runtime's epoch trainer: <see cref="Trainer.TrainBatch"/> (clear gradients, per sample
/// Forward, softmax cross-entropy, Backward; with threads &gt; 1 data-parallel over replicas reduced in worker order)
/// then <see cref="SgdOptimizer"/> with momentum. The samples come from an in-memory <see cref="Dataset"/> whose loader
/// neither pads, shuffles nor rescales (identity normalization), so the network sees exactly the floats the other peers see.
/// </summary>
public sealed class NetGenTrainerTraining
{
    readonly DataLoader _loader;
    readonly int[] _indices;

    public NetGenTrainerTraining(LeNet5Bench network, BenchData data, int batch, int threads, float learningRate, float momentum)
    {
        var dataset = new Dataset("synthetic", data.Inputs, data.Labels.Select(l => (byte)l).ToArray(), 32, 32);
        _loader = new DataLoader(dataset, new DataLoaderOptions
        {
            BatchSize = batch, Shuffle = false, PadTo = 0, Normalization = new Normalization(1f, 0f),
        });
        _indices = Enumerable.Range(0, batch).ToArray();
        var optimizer = new SgdOptimizer(network, new SgdOptions { Schedule = new ConstantSchedule(learningRate), Momentum = momentum });
        Trainer = new Trainer(network, new SoftmaxCrossEntropyLoss(), optimizer, threads,
            threads > 1 ? () => new LeNet5Bench(seed: 0) { Isa = network.Isa } : null);
    }

    public Trainer Trainer { get; }

    /// <summary>One step on samples 0 .. batch-1; returns the mean loss.</summary>
    public double Step()
    {
        var result = Trainer.TrainBatch(_loader, _indices);
        return result.LossSum / result.Count;
    }
}

/// <summary>Random samples shared by all peers: pixels uniform in [0, 1), labels uniform in 0..9, from a fixed seed.</summary>
public sealed class BenchData
{
    public BenchData(int count, int seed)
    {
        var rng = new Random(seed);
        Count = count;
        Inputs = new float[count * 1024];
        for (int i = 0; i < Inputs.Length; i++)
            Inputs[i] = rng.NextSingle();
        Labels = new int[count];
        for (int i = 0; i < count; i++)
            Labels[i] = rng.Next(10);
    }

    public int Count { get; }
    public float[] Inputs { get; }
    public int[] Labels { get; }
}
