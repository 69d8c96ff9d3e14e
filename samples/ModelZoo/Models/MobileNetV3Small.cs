using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// MobileNetV3-Small (Howard et al. 2019, table 2; torchvision's mobilenet_v3_small): a 3x3 stride-2 stem with
/// Hardswish, eleven inverted residual blocks as the table, a 1x1 convolution to 576 maps, global average pooling, a
/// 1024-unit dense layer with Hardswish and the classifier. Squeeze-and-excitation, batch norm settings and names as
/// in <see cref="MobileNetV3Large"/>.
/// </summary>
[Network(3, 224, 224)]
[Conv(16, 3, Stride = 2, Pad = 1, Bias = false, DropRemainder = true, Name = "features.0.0")]  // 16@112x112
[BatchNorm(Activation.Hardswish, Epsilon = 0.001, Momentum = 0.01, Name = "features.0.1")]
[InvertedResidual(16, Stride = 2, Activation = Activation.ReLU, SqueezeMaps = 8, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.1")]  // 16@56x56
[InvertedResidual(24, Stride = 2, ExpandMaps = 72, Activation = Activation.ReLU,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.2")]  // 24@28x28
[InvertedResidual(24, ExpandMaps = 88, Activation = Activation.ReLU,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.3")]  // 24@28x28 + input
[InvertedResidual(40, 5, Stride = 2, ExpandMaps = 96, Activation = Activation.Hardswish, SqueezeMaps = 24, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.4")]  // 40@14x14
[InvertedResidual(40, 5, ExpandMaps = 240, Activation = Activation.Hardswish, SqueezeMaps = 64, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.5")]  // 40@14x14 + input
[InvertedResidual(40, 5, ExpandMaps = 240, Activation = Activation.Hardswish, SqueezeMaps = 64, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.6")]  // 40@14x14 + input
[InvertedResidual(48, 5, ExpandMaps = 120, Activation = Activation.Hardswish, SqueezeMaps = 32, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.7")]  // 48@14x14
[InvertedResidual(48, 5, ExpandMaps = 144, Activation = Activation.Hardswish, SqueezeMaps = 40, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.8")]  // 48@14x14 + input
[InvertedResidual(96, 5, Stride = 2, ExpandMaps = 288, Activation = Activation.Hardswish, SqueezeMaps = 72, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.9")]  // 96@7x7
[InvertedResidual(96, 5, ExpandMaps = 576, Activation = Activation.Hardswish, SqueezeMaps = 144, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.10")]  // 96@7x7 + input
[InvertedResidual(96, 5, ExpandMaps = 576, Activation = Activation.Hardswish, SqueezeMaps = 144, Gate = Activation.Hardsigmoid,
    Epsilon = 0.001, Momentum = 0.01, Naming = InvertedResidualNames.Block, Name = "features.11")]  // 96@7x7 + input
[Conv(576, 1, Bias = false, Name = "features.12.0")]  // 576@7x7
[BatchNorm(Activation.Hardswish, Epsilon = 0.001, Momentum = 0.01, Name = "features.12.1")]
[GlobalAvgPool(Name = "avgpool")]
[Dense(1024, Name = "classifier.0")]
[Activation(Activation.Hardswish, Name = "classifier.1")]
[Dropout(0.2, Name = "classifier.2")]
[Dense(1000, Name = "classifier.3")]
[Softmax(Name = "prob")]
public partial class MobileNetV3Small { }
