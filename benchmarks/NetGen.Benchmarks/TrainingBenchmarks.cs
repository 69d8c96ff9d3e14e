using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Infrastructure;
using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// One training step on a batch: forward, softmax cross-entropy (batch mean), backward, SGD with momentum 0.9 and
/// learning rate 0.01. One operation = one step of <see cref="BenchCase.Batch"/> images. All peers start from the same
/// parameters and see the same batch at every step. NetGen: the runtime's BatchRunner.AccumulateGradients + SgdOptimizer
/// (the batch API of issue 4); NetGenTrainer: the same step through the runtime's Trainer.TrainBatch.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class TrainingBenchmarks
{
    public const string Category = "Training";
    public const float LearningRate = 0.01f, Momentum = 0.9f;

    public static IEnumerable<BenchCase> Cases =>
        from batch in new[] { 1, 16, 64 } from threads in new[] { 1, 2 } select new BenchCase(batch, threads);

    [ParamsSource(nameof(Cases))]
    public BenchCase Case { get; set; } = new(1, 1);

    NetGenBatchTraining _netGen = null!;
    NetGenTrainerTraining _netGenTrainer = null!;
    NaiveTrainer _naive = null!;
    BenchData _data = null!;
    TorchLeNet5 _torch = null!;
    TorchTrainer _torchTrainer = null!;
    Tensor _torchInput = null!, _torchTarget = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Case.Threads);
        _data = new BenchData(Case.Batch, seed: 11);
        var master = new LeNet5Bench(seed: 1);
        var trainerMaster = new LeNet5Bench(seed: 1);
        var naive = new NaiveLeNet5();
        master.Parameters.CopyTo(naive.Parameters);
        _torch = new TorchLeNet5();
        _torch.LoadFlat(master.Parameters, LeNet5Bench.ParameterTensors.Select(t => t.Length).ToArray());
        _netGen = new NetGenBatchTraining(master, _data, Case.Threads, LearningRate, Momentum);
        _netGenTrainer = new NetGenTrainerTraining(trainerMaster, _data, Case.Batch, Case.Threads, LearningRate, Momentum);
        _naive = new NaiveTrainer(naive, Case.Threads, LearningRate, Momentum);
        _torchTrainer = new TorchTrainer(_torch, LearningRate, Momentum);
        _torchInput = tensor(_data.Inputs, [Case.Batch, 1, 32, 32]);
        _torchTarget = tensor(_data.Labels.Select(l => (long)l).ToArray(), [Case.Batch]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torchInput.Dispose();
        _torchTarget.Dispose();
        _torchTrainer.Dispose();
        _torch.Dispose();
        _netGen.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public float TorchSharp() => _torchTrainer.Step(_torchInput, _torchTarget);

    [Benchmark, BenchmarkCategory(Category)]
    public double NetGen() => _netGen.Step();

    /// <summary>The same step through the runtime's epoch trainer (Trainer.TrainBatch: DataLoader samples, Parallel.For workers).</summary>
    [Benchmark, BenchmarkCategory(Category)]
    public double NetGenTrainer() => _netGenTrainer.Step();

    [Benchmark, BenchmarkCategory(Category)]
    public double Naive() => _naive.Step(_data.Inputs, _data.Labels, Case.Batch);
}
