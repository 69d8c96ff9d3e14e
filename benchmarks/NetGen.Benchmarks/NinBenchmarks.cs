using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Batching;
using NetGen.Benchmarks.Infrastructure;
using NetGen.Benchmarks.Peers;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Samples.ModelZoo;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// One Network-in-Network training step on a batch of 28x28 images (issue 18's wall time in context): forward with
/// dropout, softmax cross-entropy, backward, SGD with momentum. NetGen: BatchRunner + SgdOptimizer, as the LeNet5
/// sample's --variant nin trains; TorchSharp: the same network (<see cref="TorchNin"/>) from the same parameters.
/// Setup checks that both compute the same logits (inference, no dropout) before anything is timed.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class NinBenchmarks
{
    public const string Category = "NIN training";
    const int Pixels = 28 * 28;

    public static IEnumerable<NinCase> Cases => [new(64, 1), new(64, 2)];

    [ParamsSource(nameof(Cases))]
    public NinCase Case { get; set; } = new(64, 1);

    NinMnist _network = null!;
    BatchRunner _runner = null!;
    SgdOptimizer _optimizer = null!;
    readonly SoftmaxCrossEntropyLoss _loss = new();
    float[] _inputs = [];
    int[] _labels = [];
    TorchNin _torch = null!;
    TorchTrainer _torchTrainer = null!;
    Tensor _torchInput = null!, _torchTarget = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Case.Threads);
        var rng = new Random(11);
        _inputs = Enumerable.Range(0, Case.Batch * Pixels).Select(_ => rng.NextSingle()).ToArray();
        _labels = Enumerable.Range(0, Case.Batch).Select(_ => rng.Next(10)).ToArray();
        _network = new NinMnist(seed: 1);
        _runner = new BatchRunner(_network, Case.Threads > 1 ? () => new NinMnist(seed: 0) { Isa = _network.Isa } : null, Case.Threads);
        _optimizer = new SgdOptimizer(_network, new SgdOptions { Schedule = new ConstantSchedule(TrainingBenchmarks.LearningRate), Momentum = TrainingBenchmarks.Momentum });
        _torch = new TorchNin();
        TorchFlat.Load(_torch, _network.Parameters, NinMnist.ParameterTensors.Select(t => t.Length).ToArray());
        _torchTrainer = new TorchTrainer(_torch, TrainingBenchmarks.LearningRate, TrainingBenchmarks.Momentum);
        _torchInput = tensor(_inputs, [Case.Batch, 1, 28, 28]);
        _torchTarget = tensor(_labels.Select(l => (long)l).ToArray(), [Case.Batch]);
        CheckSameLogits();
    }

    /// <summary>Both peers' logits of the first image, without dropout, agree to float precision.</summary>
    void CheckSameLogits()
    {
        var netGen = new float[10];
        _network.Forward(_inputs.AsSpan(0, Pixels), netGen);
        _torch.eval();
        using var torchLogits = TorchTrainer.Infer(_torch, _torchInput.narrow(0, 0, 1));
        _torch.train();
        var torchValues = torchLogits.data<float>().ToArray();
        float scale = Math.Max(1e-3f, torchValues.Max(Math.Abs));
        float worst = netGen.Zip(torchValues, (a, b) => Math.Abs(a - b)).Max();
        if (worst > 1e-4f * scale + 1e-6f)
            throw new InvalidOperationException($"NIN logits differ: max |NetGen - TorchSharp| = {worst} (scale {scale}).");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torchInput.Dispose();
        _torchTarget.Dispose();
        _torchTrainer.Dispose();
        _torch.Dispose();
        _runner.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public float TorchSharp() => _torchTrainer.Step(_torchInput, _torchTarget);

    [Benchmark, BenchmarkCategory(Category)]
    public double NetGen()
    {
        _network.Gradients.Clear();
        double loss = _runner.AccumulateGradients(_inputs, _labels, _loss);
        _optimizer.Step(1f / _labels.Length);
        return loss / _labels.Length;
    }
}
