using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// ResNet's layers just above the grain at which a forward splits across Threads (Model/Planner.SplitsForward), so the
/// split kernels run at awkward sizes: a 5x5 stride-2 stem on parity planes with a fused batch norm; a padded 3x3 max pool split by maps; a Winograd F(2x2)
/// layer of 38 maps (off the 4-map block: the last part's remainder) on 20x19 (odd tile rows); a strided bottleneck
/// block (pointwise, parity planes on 10x10 maps narrower than a 16-lane vector, the gathered 1x1 projection, a split
/// add); and a tanh wide layer of 33 maps (blocks of 3) on 10x10, whose one-vector rows spill into the next rows.
/// </summary>
[Network(3, 40, 38)]
[Conv(24, 5, Stride = 2, Pad = 2, Bias = false, DropRemainder = true, Name = "conv1")]// 24@20x19
[BatchNorm(Activation.ReLU, Name = "bn1")]
[MaxPool(3, Stride = 1, Pad = 1, Name = "maxpool")]               // 24@20x19, padded with -infinity
[Conv(38, 3, Activation.ReLU, Pad = 1, Name = "wino")]            // 38@20x19, Winograd F(2x2)
[Residual(48, Stride = 2, Bottleneck = true, Name = "layer")]      // 192@10x10
[Conv(33, 3, Activation.Tanh, Pad = 1, Name = "head")]            // 33@10x10, wide rows
[GlobalAvgPool(Name = "avgpool")]
[Dense(5, Name = "fc")]
public partial class ThreadsResNet { }
