using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The libtorch peer of the model zoo's EfficientNet-B0 (TorchSharp's TorchVision 0.107 has no efficientnet_b0): an
/// ordinary TorchSharp module written for this project with the structure and module names of torchvision's
/// efficientnet_b0, so its state_dict names (features.0.0.weight, features.2.0.block.0.1.running_mean,
/// features.2.0.block.2.fc1.bias, classifier.1.weight...) are NetGen's tensor names and <see cref="TorchWeights.LoadFrom"/>
/// matches every tensor one to one. torchvision's layout: features.0 a Conv2dNormActivation (3x3 stride 2, 32 maps,
/// BatchNorm2d, SiLU); features.1-7 stages of MBConv blocks; features.8 a 1x1 conv-norm-SiLU to 1280 maps; avgpool;
/// classifier = Dropout(0.2), Linear(1280, 1000). BatchNorm2d with PyTorch's defaults (eps 1e-5; torchvision passes
/// eps 1e-3 only from B5 on). In eval() dropout and stochastic depth are the identity, so neither is modelled beyond
/// the Dropout module (which eval() turns off). Its forward gives logits; NetGen's network ends in a softmax, applied
/// by the benchmark.
/// </summary>
public sealed class TorchEfficientNet : nn.Module<Tensor, Tensor>
{
    /// <summary>Per stage: expansion, kernel, stride, output maps, blocks (the paper's table 1, torchvision's B0 configuration).</summary>
    static readonly (int Expansion, int Kernel, int Stride, int Maps, int Blocks)[] Stages =
        [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3), (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)];

    readonly Sequential _features;
    readonly AdaptiveAvgPool2d _avgpool;
    readonly Sequential _classifier;

    public TorchEfficientNet(int classes = 1000) : base("EfficientNetB0")
    {
        _features = nn.Sequential();
        _features.append("0", ConvNormActivation(3, 32, 3, stride: 2, groups: 1, silu: true));
        int inMaps = 32;
        for (int s = 0; s < Stages.Length; s++)
        {
            var (expansion, kernel, stride, maps, blocks) = Stages[s];
            var stage = nn.Sequential();
            for (int b = 0; b < blocks; b++)
            {
                stage.append(b.ToString(CultureInfo.InvariantCulture), new MBConv(inMaps, maps, expansion, kernel, b == 0 ? stride : 1));
                inMaps = maps;
            }
            _features.append((s + 1).ToString(CultureInfo.InvariantCulture), stage);
        }
        _features.append("8", ConvNormActivation(inMaps, 1280, 1, stride: 1, groups: 1, silu: true));
        _avgpool = nn.AdaptiveAvgPool2d(1);
        _classifier = nn.Sequential(("0", nn.Dropout(0.2)), ("1", nn.Linear(1280, classes)));
        register_module("features", _features);
        register_module("avgpool", _avgpool);
        register_module("classifier", _classifier);
    }

    /// <summary>Logits [N,1000] of [N,3,224,224].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = _avgpool.forward(_features.forward(x)).flatten(1);
        return _classifier.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>torchvision's Conv2dNormActivation: conv (no bias, padding (k-1)/2) "0", BatchNorm2d "1", SiLU "2" when <paramref name="silu"/>.</summary>
    static Sequential ConvNormActivation(int inMaps, int outMaps, int kernel, int stride, int groups, bool silu)
    {
        var conv = nn.Conv2d(inMaps, outMaps, kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false);
        return silu
            ? nn.Sequential(("0", conv), ("1", nn.BatchNorm2d(outMaps)), ("2", nn.SiLU()))
            : nn.Sequential(("0", conv), ("1", nn.BatchNorm2d(outMaps)));
    }

    /// <summary>
    /// torchvision's MBConv: block = [expand 1x1 conv-norm-SiLU (only when the expansion is not 1)], depthwise k x k
    /// conv-norm-SiLU with the stride, squeeze-and-excitation to max(1, input maps / 4), project 1x1 conv-norm; the input
    /// is added when the stride is 1 and the maps are kept (stochastic depth is the identity in eval()).
    /// </summary>
    sealed class MBConv : nn.Module<Tensor, Tensor>
    {
        readonly Sequential _block;
        readonly bool _residual;

        public MBConv(int inMaps, int outMaps, int expansion, int kernel, int stride) : base("MBConv")
        {
            int hidden = inMaps * expansion;
            _residual = stride == 1 && inMaps == outMaps;
            _block = nn.Sequential();
            int part = 0;
            if (hidden != inMaps)
                _block.append((part++).ToString(CultureInfo.InvariantCulture), ConvNormActivation(inMaps, hidden, 1, stride: 1, groups: 1, silu: true));
            _block.append((part++).ToString(CultureInfo.InvariantCulture), ConvNormActivation(hidden, hidden, kernel, stride, groups: hidden, silu: true));
            _block.append((part++).ToString(CultureInfo.InvariantCulture), new SqueezeExcitation(hidden, Math.Max(1, inMaps / 4)));
            _block.append(part.ToString(CultureInfo.InvariantCulture), ConvNormActivation(hidden, outMaps, 1, stride: 1, groups: 1, silu: false));
            register_module("block", _block);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var y = _block.forward(x);
            if (_residual)
                y = y.add_(x);
            return y.MoveToOuterDisposeScope();
        }
    }

    /// <summary>torchvision's SqueezeExcitation: x * sigmoid(fc2(SiLU(fc1(avgpool(x))))), fc1 and fc2 1x1 convolutions with bias.</summary>
    sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
    {
        readonly AdaptiveAvgPool2d _avgpool = nn.AdaptiveAvgPool2d(1);
        readonly Conv2d _fc1, _fc2;

        public SqueezeExcitation(int maps, int squeezeMaps) : base("SqueezeExcitation")
        {
            _fc1 = nn.Conv2d(maps, squeezeMaps, 1);
            _fc2 = nn.Conv2d(squeezeMaps, maps, 1);
            register_module("avgpool", _avgpool);
            register_module("fc1", _fc1);
            register_module("fc2", _fc2);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var scale = _fc2.forward(nn.functional.silu(_fc1.forward(_avgpool.forward(x)))).sigmoid_();
            return x.mul(scale).MoveToOuterDisposeScope();
        }
    }
}
