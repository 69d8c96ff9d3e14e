using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// MobileNetV3-Large (Howard et al. 2019, table 1; torchvision's mobilenet_v3_large): a 3x3 stride-2 stem with
/// Hardswish, fifteen inverted residual blocks (kernel, hidden "exp size", maps, squeeze-and-excitation, ReLU or
/// Hardswish, stride as the table), a 1x1 convolution to 960 maps, global average pooling, a 1280-unit dense layer with
/// Hardswish and the classifier. The squeeze-and-excitation squeezes to the hidden maps / 4 rounded to a multiple of 8
/// (torchvision's _make_divisible), with ReLU and a Hardsigmoid gate. Batch norms use epsilon 0.001 and momentum 0.01 as
/// torchvision's. Layer names follow torchvision's state_dict (features.4.block.2.fc1.weight...).
/// </summary>
[Network(3, 224, 224)]
[Conv(16, 3, Stride = 2, Pad = 1, Bias = false, DropRemainder = true, Name = "features.0.0")]  // 16@112x112
[BatchNorm(Activation.Hardswish, Epsilon = 0.001, Momentum = 0.01, Name = "features.0.1")]
[InvertedResidual(16, Activation = Activation.ReLU,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.1")]  // 16@112x112 + input
[InvertedResidual(24, Stride = 2, ExpandMaps = 64, Activation = Activation.ReLU,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.2")]  // 24@56x56
[InvertedResidual(24, ExpandMaps = 72, Activation = Activation.ReLU,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.3")]  // 24@56x56 + input
[InvertedResidual(40, 5, Stride = 2, ExpandMaps = 72, Activation = Activation.ReLU, SqueezeMaps = 24, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.4")]  // 40@28x28
[InvertedResidual(40, 5, ExpandMaps = 120, Activation = Activation.ReLU, SqueezeMaps = 32, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.5")]  // 40@28x28 + input
[InvertedResidual(40, 5, ExpandMaps = 120, Activation = Activation.ReLU, SqueezeMaps = 32, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.6")]  // 40@28x28 + input
[InvertedResidual(80, Stride = 2, ExpandMaps = 240, Activation = Activation.Hardswish,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.7")]  // 80@14x14
[InvertedResidual(80, ExpandMaps = 200, Activation = Activation.Hardswish,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.8")]  // 80@14x14 + input
[InvertedResidual(80, ExpandMaps = 184, Activation = Activation.Hardswish,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.9")]  // 80@14x14 + input
[InvertedResidual(80, ExpandMaps = 184, Activation = Activation.Hardswish,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.10")]  // 80@14x14 + input
[InvertedResidual(112, ExpandMaps = 480, Activation = Activation.Hardswish, SqueezeMaps = 120, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.11")]  // 112@14x14
[InvertedResidual(112, ExpandMaps = 672, Activation = Activation.Hardswish, SqueezeMaps = 168, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.12")]  // 112@14x14 + input
[InvertedResidual(160, 5, Stride = 2, ExpandMaps = 672, Activation = Activation.Hardswish, SqueezeMaps = 168, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.13")]  // 160@7x7
[InvertedResidual(160, 5, ExpandMaps = 960, Activation = Activation.Hardswish, SqueezeMaps = 240, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.14")]  // 160@7x7 + input
[InvertedResidual(160, 5, ExpandMaps = 960, Activation = Activation.Hardswish, SqueezeMaps = 240, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.15")]  // 160@7x7 + input
[Conv(960, 1, Bias = false, Name = "features.16.0")]  // 960@7x7
[BatchNorm(Activation.Hardswish, Epsilon = 0.001, Momentum = 0.01, Name = "features.16.1")]
[GlobalAvgPool(Name = "avgpool")]
[Dense(1280, Name = "classifier.0")]
[Activation(Activation.Hardswish, Name = "classifier.1")]
[Dropout(0.2, Name = "classifier.2")]
[Dense(1000, Name = "classifier.3")]
[Softmax(Name = "prob")]
public partial class MobileNetV3Large { }
