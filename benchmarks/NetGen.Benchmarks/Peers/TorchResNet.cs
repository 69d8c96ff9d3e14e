using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The libtorch peer of the model zoo's ResNets: an ordinary TorchSharp module written for this project, with
/// torchvision's module names (conv1, bn1, layer1.0.conv1, layer2.0.downsample.0, fc, ...) so its state_dict names
/// equal NetGen's tensor names (<see cref="TorchWeights.LoadFrom"/>). Built to compute NetGen's function, which differs
/// from torchvision's: the bottleneck carries its stride on the FIRST 1x1 convolution (the paper's v1; torchvision's
/// v1.5 strides the 3x3). Its forward gives logits; NetGen's network ends in a softmax, applied by the benchmark.
/// </summary>
public sealed class TorchResNet : nn.Module<Tensor, Tensor>
{
    readonly Conv2d _conv1;
    readonly BatchNorm2d _bn1;
    readonly MaxPool2d _maxpool;
    readonly Sequential[] _stages;
    readonly AdaptiveAvgPool2d _avgpool;
    readonly Linear _fc;

    /// <param name="blocks">Blocks per stage: 2-2-2-2 (ResNet-18), 3-4-6-3 (ResNet-50), ...</param>
    /// <param name="bottleneck">Bottleneck blocks (1x1, 3x3, 1x1 with expansion 4) instead of basic ones (two 3x3).</param>
    public TorchResNet(string name, IReadOnlyList<int> blocks, bool bottleneck, int classes = 1000) : base(name)
    {
        _conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        _bn1 = nn.BatchNorm2d(64);
        _maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("maxpool", _maxpool);
        _stages = new Sequential[blocks.Count];
        int inMaps = 64;
        for (int s = 0; s < blocks.Count; s++)
        {
            int maps = 64 << s, stride = s == 0 ? 1 : 2;
            var stage = nn.Sequential();
            for (int b = 0; b < blocks[s]; b++)
            {
                var block = new Block(inMaps, maps, b == 0 ? stride : 1, bottleneck);
                stage.append(b.ToString(System.Globalization.CultureInfo.InvariantCulture), block);
                inMaps = block.OutMaps;
            }
            _stages[s] = stage;
            register_module($"layer{s + 1}", stage);
        }
        _avgpool = nn.AdaptiveAvgPool2d(1);
        _fc = nn.Linear(inMaps, classes);
        register_module("avgpool", _avgpool);
        register_module("fc", _fc);
    }

    public static TorchResNet ResNet18() => new("ResNet18", [2, 2, 2, 2], bottleneck: false);
    public static TorchResNet ResNet50() => new("ResNet50", [3, 4, 6, 3], bottleneck: true);

    /// <summary>Logits [N,1000] of [N,3,H,W] (the benchmark applies the softmax NetGen ends with).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = _maxpool.forward(nn.functional.relu(_bn1.forward(_conv1.forward(x))));
        foreach (var stage in _stages)
            x = stage.forward(x);
        x = _avgpool.forward(x).flatten(1);
        return _fc.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>A residual block with torchvision's child names (conv1, bn1, ..., downsample.0/.1).</summary>
    sealed class Block : nn.Module<Tensor, Tensor>
    {
        readonly Conv2d _conv1, _conv2;
        readonly Conv2d? _conv3;
        readonly BatchNorm2d _bn1, _bn2;
        readonly BatchNorm2d? _bn3;
        readonly Sequential? _downsample;

        public int OutMaps { get; }

        public Block(int inMaps, int maps, int stride, bool bottleneck) : base("Block")
        {
            OutMaps = bottleneck ? 4 * maps : maps;
            if (bottleneck)
            {
                // The paper's v1 bottleneck: stride on the first 1x1, as NetGen's [Residual(Bottleneck = true)] expands it.
                _conv1 = nn.Conv2d(inMaps, maps, 1, stride: stride, bias: false);
                _conv2 = nn.Conv2d(maps, maps, 3, padding: 1, bias: false);
                _conv3 = nn.Conv2d(maps, OutMaps, 1, bias: false);
                _bn3 = nn.BatchNorm2d(OutMaps);
            }
            else
            {
                _conv1 = nn.Conv2d(inMaps, maps, 3, stride: stride, padding: 1, bias: false);
                _conv2 = nn.Conv2d(maps, maps, 3, padding: 1, bias: false);
            }
            _bn1 = nn.BatchNorm2d(maps);
            _bn2 = nn.BatchNorm2d(maps);
            register_module("conv1", _conv1);
            register_module("bn1", _bn1);
            register_module("conv2", _conv2);
            register_module("bn2", _bn2);
            if (_conv3 is not null && _bn3 is not null)
            {
                register_module("conv3", _conv3);
                register_module("bn3", _bn3);
            }
            if (stride != 1 || inMaps != OutMaps)
            {
                _downsample = nn.Sequential(("0", nn.Conv2d(inMaps, OutMaps, 1, stride: stride, bias: false)), ("1", nn.BatchNorm2d(OutMaps)));
                register_module("downsample", _downsample);
            }
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var y = nn.functional.relu(_bn1.forward(_conv1.forward(x)));
            y = _bn2.forward(_conv2.forward(y));
            if (_conv3 is not null && _bn3 is not null)
                y = _bn3.forward(_conv3.forward(nn.functional.relu(y)));
            var shortcut = _downsample is null ? x : _downsample.forward(x);
            return nn.functional.relu(y.add_(shortcut)).MoveToOuterDisposeScope();
        }
    }
}
