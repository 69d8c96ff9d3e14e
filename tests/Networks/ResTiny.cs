using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// ResNet's pieces at toy size: a bias-free strided stem with floor rounding, batch norm, padded max pooling, basic
/// blocks with identity shortcuts, a strided basic block with a projection, and a bottleneck block.
/// </summary>
[Network(3, 10, 11)]
[Conv(4, 3, Stride = 2, Pad = 1, Bias = false, DropRemainder = true, Name = "conv1")]  // 4@5x6
[BatchNorm(Activation.ReLU, Name = "bn1")]
[MaxPool(3, Stride = 1, Pad = 1, Name = "maxpool")]                                    // 4@5x6
[Residual(4, Repeat = 2, Name = "layer1")]                                             // 4@5x6
[Residual(6, Stride = 2, Name = "layer2")]                                             // 6@3x3
[Residual(2, Bottleneck = true, Name = "layer3")]                                      // 8@3x3
[GlobalAvgPool(Name = "avgpool")]
[Dense(5, Name = "fc")]
public partial class ResTiny { }
