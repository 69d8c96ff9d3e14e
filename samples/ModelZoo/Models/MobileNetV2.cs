using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// MobileNetV2 (Sandler et al. 2018, table 2; torchvision's mobilenet_v2, width 1.0): a 3x3 stride-2 stem, seventeen
/// inverted residual blocks (expansion t, maps c, repeats n, stride s: 1-16-1-1, 6-24-2-2, 6-32-3-2, 6-64-4-2, 6-96-3-1,
/// 6-160-3-2, 6-320-1-1), a 1x1 convolution to 1280 maps, global average pooling and the classifier. Relu6 after every
/// batch norm but the projections'. Strided layers on even maps use PyTorch's floor rounding. Layer names follow
/// torchvision's state_dict (features.2.conv.0.0.weight, features.2.conv.1.1.running_mean, features.2.conv.2.weight...).
/// </summary>
[Network(3, 224, 224)]
[Conv(32, 3, Stride = 2, Pad = 1, Bias = false, DropRemainder = true, Name = "features.0.0")]  // 32@112x112
[BatchNorm(Activation.Relu6, Name = "features.0.1")]
[InvertedResidual(16, Name = "features.1")]                 // 16@112x112
[InvertedResidual(24, Stride = 2, Expansion = 6, Name = "features.2")]  // 24@56x56
[InvertedResidual(24, Expansion = 6, Name = "features.3")]  // 24@56x56 + input
[InvertedResidual(32, Stride = 2, Expansion = 6, Name = "features.4")]  // 32@28x28
[InvertedResidual(32, Expansion = 6, Name = "features.5")]  // 32@28x28 + input
[InvertedResidual(32, Expansion = 6, Name = "features.6")]  // 32@28x28 + input
[InvertedResidual(64, Stride = 2, Expansion = 6, Name = "features.7")]  // 64@14x14
[InvertedResidual(64, Expansion = 6, Name = "features.8")]  // 64@14x14 + input
[InvertedResidual(64, Expansion = 6, Name = "features.9")]  // 64@14x14 + input
[InvertedResidual(64, Expansion = 6, Name = "features.10")] // 64@14x14 + input
[InvertedResidual(96, Expansion = 6, Name = "features.11")] // 96@14x14
[InvertedResidual(96, Expansion = 6, Name = "features.12")] // 96@14x14 + input
[InvertedResidual(96, Expansion = 6, Name = "features.13")] // 96@14x14 + input
[InvertedResidual(160, Stride = 2, Expansion = 6, Name = "features.14")]  // 160@7x7
[InvertedResidual(160, Expansion = 6, Name = "features.15")]  // 160@7x7 + input
[InvertedResidual(160, Expansion = 6, Name = "features.16")]  // 160@7x7 + input
[InvertedResidual(320, Expansion = 6, Name = "features.17")]  // 320@7x7
[Conv(1280, 1, Bias = false, Name = "features.18.0")]                           // 1280@7x7
[BatchNorm(Activation.Relu6, Name = "features.18.1")]
[GlobalAvgPool(Name = "avgpool")]
[Dropout(0.2, Name = "classifier.0")]
[Dense(1000, Name = "classifier.1")]
[Softmax(Name = "prob")]
public partial class MobileNetV2 { }
