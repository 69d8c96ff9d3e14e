using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// EfficientNet-B0 (Tan and Le 2019, table 1; torchvision's efficientnet_b0): a 3x3 stride-2 stem, sixteen MBConv blocks
/// in seven stages (expansion, kernel, stride, maps, repeats: 1-3-1-16-1, 6-3-2-24-2, 6-5-2-40-2, 6-3-2-80-3, 6-5-1-112-3,
/// 6-5-2-192-4, 6-3-1-320-1), a 1x1 convolution to 1280 maps, global average pooling and the classifier. SiLU throughout;
/// each block squeezes-and-excites to a quarter of its INPUT maps (SiLU, Sigmoid gate). Batch norm uses PyTorch's defaults
/// (torchvision passes epsilon 0.001 only from B5 on). Stochastic depth (torchvision's StochasticDepth, "row" mode: while
/// training, each sample's residual branch is dropped with probability 0.2 x block index / 16 and the kept ones scaled by
/// 1 / (1 - p)) is the identity at inference and is not modelled: training this network trains without it.
/// Layer names follow torchvision's state_dict (features.2.0.block.0.0.weight, features.2.0.block.2.fc1.weight...).
/// </summary>
[Network(3, 224, 224)]
[Conv(32, 3, Stride = 2, Pad = 1, Bias = false, DropRemainder = true, Name = "features.0.0")]  // 32@112x112
[BatchNorm(Activation.Silu, Name = "features.0.1")]
[InvertedResidual(16, Activation = Activation.Silu, SqueezeMaps = 8, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.1.0")]  // 16@112x112
[InvertedResidual(24, Stride = 2, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 4, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.2.0")]  // 24@56x56
[InvertedResidual(24, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 6, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.2.1")]  // 24@56x56 + input
[InvertedResidual(40, 5, Stride = 2, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 6, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.3.0")]  // 40@28x28
[InvertedResidual(40, 5, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 10, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.3.1")]  // 40@28x28 + input
[InvertedResidual(80, Stride = 2, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 10, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.4.0")]  // 80@14x14
[InvertedResidual(80, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 20, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.4.1")]  // 80@14x14 + input
[InvertedResidual(80, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 20, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.4.2")]  // 80@14x14 + input
[InvertedResidual(112, 5, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 20, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.5.0")]  // 112@14x14
[InvertedResidual(112, 5, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 28, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.5.1")]  // 112@14x14 + input
[InvertedResidual(112, 5, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 28, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.5.2")]  // 112@14x14 + input
[InvertedResidual(192, 5, Stride = 2, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 28, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.6.0")]  // 192@7x7
[InvertedResidual(192, 5, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 48, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.6.1")]  // 192@7x7 + input
[InvertedResidual(192, 5, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 48, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.6.2")]  // 192@7x7 + input
[InvertedResidual(192, 5, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 48, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.6.3")]  // 192@7x7 + input
[InvertedResidual(320, Expansion = 6, Activation = Activation.Silu, SqueezeMaps = 48, SqueezeActivation = Activation.Silu,
    Naming = InvertedResidualNames.Block, Name = "features.7.0")]  // 320@7x7
[Conv(1280, 1, Bias = false, Name = "features.8.0")]  // 1280@7x7
[BatchNorm(Activation.Silu, Name = "features.8.1")]
[GlobalAvgPool(Name = "avgpool")]
[Dropout(0.2, Name = "classifier.0")]
[Dense(1000, Name = "classifier.1")]
[Softmax(Name = "prob")]
public partial class EfficientNetB0 { }
