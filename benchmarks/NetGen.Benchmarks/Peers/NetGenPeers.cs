using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// NetGen batch inference: Forward per sample (the generated code has no batch API yet). With more than one thread the
/// batch is cut into contiguous slices over per-thread replicas (a generated network holds one sample's activations,
/// so it cannot be shared); replicas copy the master's parameters once, at construction.
/// </summary>
public sealed class NetGenInference
{
    readonly LeNet5Bench[] _workers;
    readonly Action<int> _slice;
    float[] _inputs = [], _outputs = [];
    int _count;

    public NetGenInference(LeNet5Bench master, int threads)
    {
        _workers = new LeNet5Bench[threads];
        _workers[0] = master;
        for (int w = 1; w < threads; w++)
        {
            _workers[w] = new LeNet5Bench(seed: 0) { Isa = master.Isa };
            master.Parameters.CopyTo(_workers[w].Parameters);
        }
        _slice = RunSlice;
    }

    /// <summary>Logits of <paramref name="count"/> samples (1024 floats each) into <paramref name="outputs"/> (10 each).</summary>
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
        var net = _workers[w];
        int start = (int)((long)_count * w / _workers.Length), end = (int)((long)_count * (w + 1) / _workers.Length);
        for (int s = start; s < end; s++)
            net.Forward(_inputs.AsSpan(s * LeNet5Bench.InputLength, LeNet5Bench.InputLength),
                _outputs.AsSpan(s * LeNet5Bench.OutputLength, LeNet5Bench.OutputLength));
    }
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
/// NetGen's training step, through the runtime's own API: <see cref="Trainer.TrainBatch"/> (clear gradients, per sample
/// Forward, softmax cross-entropy, Backward; with threads &gt; 1 data-parallel over replicas reduced in worker order)
/// then <see cref="SgdOptimizer"/> with momentum. The samples come from an in-memory <see cref="Dataset"/> whose loader
/// neither pads, shuffles nor rescales (identity normalization), so the network sees exactly the floats the other peers see.
/// </summary>
public sealed class NetGenTraining
{
    readonly DataLoader _loader;
    readonly int[] _indices;

    public NetGenTraining(LeNet5Bench network, BenchData data, int batch, int threads, float learningRate, float momentum)
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
