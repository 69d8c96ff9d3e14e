using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Infrastructure;
using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// Full-size forward passes of zoo networks: one 3x224x224 image to the 1000 softmax probabilities. NetGen: the
/// generated class's Forward (Isa.Auto, one thread). TorchSharp: the case's module (<see cref="ImageNetCase.CreateTorch"/>)
/// in eval() under no_grad with torch.set_num_threads(Threads), then softmax. ONNX Runtime: NetGen's exported graph at its
/// best settings (<see cref="OrtPeer"/>) on Threads intra-op threads. All hold the same parameters and running statistics
/// (NetGen's seed-1 initialization with randomized batch-norm statistics, copied by name) and see the same input. One
/// network instance per case, built in the global setup. Subclasses pick the cases.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public abstract class ImageNetBenchmarks
{
    public const string Category = "ImageNet";

    public abstract ImageNetCase Case { get; set; }

    INetwork? _netGen;
    nn.Module<Tensor, Tensor>? _torch;
    OrtPeer? _ort;
    Tensor? _torchInput;
    float[] _input = [];
    float[] _output = [];

    [GlobalSetup(Target = nameof(NetGen))]
    public void SetupNetGen() => _netGen = ImageNetPeers.CreateNetGen(Case, out _input, out _output);

    [GlobalSetup(Target = nameof(TorchSharp))]
    public void SetupTorchSharp()
    {
        torch.set_num_threads(Case.Threads);
        // The TorchSharp peer is loaded from a NetGen instance, which is dropped afterwards.
        var net = ImageNetPeers.CreateNetGen(Case, out _input, out _);
        _torch = ImageNetPeers.CreateTorch(Case, net);
        _torchInput = tensor(_input, [1, 3, 224, 224]);
    }

    [GlobalSetup(Target = nameof(OnnxRuntime))]
    public void SetupOnnxRuntime()
    {
        var net = ImageNetPeers.CreateNetGen(Case, out _input, out _output);
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
        using var logits = _torch!.forward(_torchInput!);
        using var probabilities = logits.softmax(1);
    }

    [Benchmark, BenchmarkCategory(Category)]
    public void OnnxRuntime() => _ort!.Run();

    [Benchmark, BenchmarkCategory(Category)]
    public void NetGen() => _netGen!.Forward(_input, _output);
}

/// <summary>ResNet-18 and ResNet-50 (issues 5 and 15); the 2-thread case shows what the peers gain from the second core, which NetGen cannot use on one image.</summary>
public class ResNetBenchmarks : ImageNetBenchmarks
{
    public static IEnumerable<ImageNetCase> Cases => [ImageNetCase.ResNet18, ImageNetCase.ResNet50, ImageNetCase.ResNet18TwoThreads];

    [ParamsSource(nameof(Cases))]
    public override ImageNetCase Case { get; set; } = ImageNetCase.ResNet18;
}

/// <summary>The mobile networks of issue 12: MobileNetV2 and MobileNetV3-Large (depthwise convolutions, squeeze-and-excitation, hardswish), libtorch peers from TorchSharp's torchvision, and EfficientNet-B0 (SiLU, 5x5 depthwise), whose peer is <see cref="TorchEfficientNet"/>.</summary>
public class MobileNetBenchmarks : ImageNetBenchmarks
{
    public static IEnumerable<ImageNetCase> Cases => [ImageNetCase.MobileNetV2, ImageNetCase.MobileNetV3Large, ImageNetCase.EfficientNetB0];

    [ParamsSource(nameof(Cases))]
    public override ImageNetCase Case { get; set; } = ImageNetCase.MobileNetV2;
}
