using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Infrastructure;
using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// One transposed convolution (issue 12, item 1), a decoder's upsampling layer 64x28x28 -> 32x56x56 (<see cref="ConvTransposeCase"/>),
/// batch 1, one thread. Forward: NetGen's generated Forward (Isa.Auto), TorchSharp's nn.ConvTranspose2d under no_grad
/// (baseline), ONNX Runtime on NetGen's exported graph. Forward+backward: NetGen's Forward then Backward with the input
/// gradient (weight and bias gradients added into Gradients, dE/dinput written); TorchSharp's forward then autograd's
/// backward from the same output gradient, with an input that requires its gradient (weight, bias and input gradients
/// accumulated into .grad, as NetGen adds into Gradients: neither side zeroes them). Same parameters (NetGen's seed 1,
/// copied by name), same input and output gradient (the cross-check's, <see cref="ConvTransposeCrossCheck"/>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ConvTransposeBenchmarks
{
    public const string ForwardCategory = "ConvT forward";
    /// <summary>The category whose operations <see cref="ThroughputColumn"/> counts as 3 forward passes.</summary>
    public const string ForwardBackwardCategory = "ConvT fwd+bwd";

    public static IEnumerable<ConvTransposeCase> Cases => ConvTransposeCase.All;

    [ParamsSource(nameof(Cases))]
    public ConvTransposeCase Case { get; set; } = ConvTransposeCase.Kernel4;

    INetwork? _net;
    float[] _input = [], _output = [], _outputGradient = [], _inputGradient = [], _ortOutput = [];
    nn.Module<Tensor, Tensor>? _torch;
    Tensor? _x, _xWithGrad, _gy;
    OrtPeer? _ort;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Case.Threads);
        _net = Case.CreateNetGen(ImageNetPeers.ParameterSeed);
        _input = ImageNetPeers.RandomInput(_net.InputLength, ConvTransposeCrossCheck.InputSeed);
        _outputGradient = ImageNetPeers.RandomInput(_net.OutputLength, ConvTransposeCrossCheck.GradientSeed).Select(v => 2 * v - 1).ToArray();
        _output = new float[_net.OutputLength];
        _ortOutput = new float[_net.OutputLength];
        _inputGradient = new float[_net.InputLength];
        _torch = Case.CreateTorch();
        TorchWeights.LoadFrom(_torch, _net);
        _x = tensor(_input, [1, ConvTransposeCase.InMaps, 28, 28]);
        _xWithGrad = tensor(_input, [1, ConvTransposeCase.InMaps, 28, 28]).requires_grad_(true);
        _gy = tensor(_outputGradient, [1, ConvTransposeCase.OutMaps, 56, 56]);
        _ort = new OrtPeer(_net, batch: 1, Case.Threads, _input, _ortOutput);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ort?.Dispose();
        _x?.Dispose();
        _xWithGrad?.Dispose();
        _gy?.Dispose();
        _torch?.Dispose();
        (_ort, _x, _xWithGrad, _gy, _torch, _net) = (null, null, null, null, null, null);
        GC.Collect();
    }

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public void TorchSharp()
    {
        using var noGrad = no_grad();
        using var y = _torch!.forward(_x!);
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public void OnnxRuntime() => _ort!.Run();

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public void NetGen() => _net!.Forward(_input, _output);

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardBackwardCategory)]
    public void TorchSharpFwdBwd()
    {
        using var y = _torch!.forward(_xWithGrad!);
        y.backward([_gy!]);
    }

    [Benchmark, BenchmarkCategory(ForwardBackwardCategory)]
    public void NetGenFwdBwd()
    {
        _net!.Forward(_input, _output);
        _net.Backward(_outputGradient, _inputGradient);
    }
}
