using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Infrastructure;
using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// Inference (logits only, no autograd) of a whole batch: one operation = <see cref="BenchCase.Batch"/> images.
/// TorchSharp runs the batch as one [N,1,32,32] tensor on torch.set_num_threads(Threads); NetGen runs the runtime's
/// BatchRunner.Forward (Forward per sample over Threads workers); ONNX Runtime runs NetGen's exported graph on the
/// batch as one tensor with Threads intra-op threads (<see cref="OrtPeer"/>); the reference splits the batch as NetGen.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class InferenceBenchmarks
{
    public const string Category = "Inference";

    public static IEnumerable<BenchCase> Cases => [new(1, 1), new(64, 1), new(64, 2)];

    [ParamsSource(nameof(Cases))]
    public BenchCase Case { get; set; } = new(1, 1);

    BenchData _data = null!;
    float[] _outputs = [];
    NetGenInference _netGen = null!;
    NaiveInference _naive = null!;
    TorchLeNet5 _torch = null!;
    OrtPeer _ort = null!;
    Tensor _torchInput = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Case.Threads);
        _data = new BenchData(Case.Batch, seed: 7);
        _outputs = new float[Case.Batch * LeNet5Bench.OutputLength];
        var master = new LeNet5Bench(seed: 1);
        _netGen = new NetGenInference(master, Case.Threads);
        _naive = new NaiveInference(master.Parameters, Case.Threads);
        _torch = new TorchLeNet5();
        _torch.LoadFlat(master.Parameters, LeNet5Bench.ParameterTensors.Select(t => t.Length).ToArray());
        _torch.eval();
        _torchInput = tensor(_data.Inputs, [Case.Batch, 1, 32, 32]);
        _ort = new OrtPeer(master, Case.Batch, Case.Threads, _data.Inputs, _outputs);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ort.Dispose();
        _torchInput.Dispose();
        _torch.Dispose();
        _netGen.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public void TorchSharp()
    {
        using var scope = NewDisposeScope();
        TorchTrainer.Infer(_torch, _torchInput);
    }

    [Benchmark, BenchmarkCategory(Category)]
    public void OnnxRuntime() => _ort.Run();

    [Benchmark, BenchmarkCategory(Category)]
    public void NetGen() => _netGen.Run(_data.Inputs, _outputs);

    [Benchmark, BenchmarkCategory(Category)]
    public void Naive() => _naive.Run(_data.Inputs, _outputs, Case.Batch);
}
