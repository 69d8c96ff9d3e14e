using NetGen;

namespace NetGen.Samples.LeNet5;

/// <summary>
/// A small MobileNetV3-style network for 28x28 images (issue 12, item 8), scaled down from MobileNetV3-Small: a 3x3
/// stem with batch norm and hardswish, six inverted residual blocks (1x1 expansion, depthwise 3x3 or 5x5, Groups =
/// maps, 1x1 projection, each convolution followed by batch norm; residual adds where the shape is kept), squeeze-and-
/// excitation with a hard-sigmoid gate in the 5x5 blocks (and the first), ReLU in the early blocks and hardswish in the
/// later ones as MobileNetV3 does, a 1x1 convolution to 192 maps, global average pooling, dropout and ten logits (the
/// loss applies the softmax). Map counts are ours. --variant mobile trains it, best with --optimizer adamw --dataset fashion.
/// </summary>
[Network(1, 28, 28)]
[Conv(16, 3, Padding = Padding.Same, Bias = false, Name = "stem.0")]                                      // 16@28x28
[BatchNorm(Activation.Hardswish, Name = "stem.1")]
[InvertedResidual(16, ExpandMaps = 32, Activation = Activation.ReLU, SqueezeMaps = 8, Gate = Activation.Hardsigmoid,
    Naming = InvertedResidualNames.Block, Name = "blocks.0")]                                             // 16@28x28 + input
[InvertedResidual(24, Stride = 2, ExpandMaps = 64, Activation = Activation.ReLU,
    Naming = InvertedResidualNames.Block, Name = "blocks.1")]                                             // 24@14x14
[InvertedResidual(24, ExpandMaps = 72, Activation = Activation.ReLU,
    Naming = InvertedResidualNames.Block, Name = "blocks.2")]                                             // 24@14x14 + input
[InvertedResidual(40, 5, Stride = 2, ExpandMaps = 96, Activation = Activation.Hardswish, SqueezeMaps = 24, Gate = Activation.Hardsigmoid,
    Naming = InvertedResidualNames.Block, Name = "blocks.3")]                                             // 40@7x7
[InvertedResidual(40, 5, ExpandMaps = 120, Activation = Activation.Hardswish, SqueezeMaps = 32, Gate = Activation.Hardsigmoid,
    Naming = InvertedResidualNames.Block, Name = "blocks.4")]                                             // 40@7x7 + input
[InvertedResidual(48, 5, ExpandMaps = 144, Activation = Activation.Hardswish, SqueezeMaps = 40, Gate = Activation.Hardsigmoid,
    Naming = InvertedResidualNames.Block, Name = "blocks.5")]                                             // 48@7x7
[Conv(192, 1, Bias = false, Name = "head.0")]                                                             // 192@7x7
[BatchNorm(Activation.Hardswish, Name = "head.1")]
[GlobalAvgPool(Name = "pool")]                                                                            // 192@1x1
[Dropout(0.2, Name = "drop")]
[Dense(10, Name = "fc")]                                                                                  // logits
public partial class MobileFashion { }
