using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Infrastructure;
using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// Full-size forward passes of the model zoo's ResNet-18 and ResNet-50 (issues 5 and 15): one 3x224x224 image to the
/// 1000 softmax probabilities. NetGen: the generated class's Forward (Isa.Auto, one thread). TorchSharp: the matching
/// <see cref="TorchResNet"/> in eval() under no_grad with torch.set_num_threads(Threads). ONNX Runtime: NetGen's exported
/// graph at its best settings (<see cref="OrtPeer"/>) on Threads intra-op threads. All hold the same parameters and
/// running statistics (NetGen's seed-1 initialization with randomized batch-norm statistics, copied by name) and see
/// the same input. One network instance per case, built in the global setup. The 2-thread case shows what the peers
/// gain from the second core, which NetGen cannot use on one image.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ResNetBenchmarks
{
    public const string Category = "ResNet";

    public static IEnumerable<ResNetCase> Cases => [ResNetCase.ResNet18, ResNetCase.ResNet50, ResNetCase.ResNet18TwoThreads];

    /// <summary>Each model once (for the cross-checks and profiles).</summary>
    public static IEnumerable<ResNetCase> Models => Cases.Where(c => c.Threads == 1);

    [ParamsSource(nameof(Cases))]
    public ResNetCase Case { get; set; } = ResNetCase.ResNet18;

    INetwork? _netGen;
    TorchResNet? _torch;
    OrtPeer? _ort;
    Tensor? _torchInput;
    float[] _input = [];
    float[] _output = [];

    [GlobalSetup(Target = nameof(NetGen))]
    public void SetupNetGen() => _netGen = ResNetPeers.CreateNetGen(Case, out _input, out _output);

    [GlobalSetup(Target = nameof(TorchSharp))]
    public void SetupTorchSharp()
    {
        torch.set_num_threads(Case.Threads);
        // The TorchSharp peer is loaded from a NetGen instance, which is dropped afterwards.
        var net = ResNetPeers.CreateNetGen(Case, out _input, out _);
        _torch = ResNetPeers.CreateTorch(Case, net);
        _torchInput = tensor(_input, [1, 3, 224, 224]);
    }

    [GlobalSetup(Target = nameof(OnnxRuntime))]
    public void SetupOnnxRuntime()
    {
        var net = ResNetPeers.CreateNetGen(Case, out _input, out _output);
        _ort = new OrtPeer(net, batch: 1, Case.Threads, _input, _output);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ort?.Dispose();
        _ort = null;
        _torchInput?.Dispose();
        _torch?.Dispose();
        _torchInput = null;
        _torch = null;
        _netGen = null;
        GC.Collect();
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public void TorchSharp()
    {
        using var noGrad = no_grad();
        using var probabilities = _torch!.forward(_torchInput!);
    }

    [Benchmark, BenchmarkCategory(Category)]
    public void OnnxRuntime() => _ort!.Run();

    [Benchmark, BenchmarkCategory(Category)]
    public void NetGen() => _netGen!.Forward(_input, _output);
}
