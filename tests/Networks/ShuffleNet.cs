using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// ShuffleNetV2's pieces at toy size: a stride-2 unit on an odd 11x9 map (both branches read the input; 7 maps in,
/// 10 out), a stride-1 unit (the split: maps 0..4 copied, 5..9 through branch2), and a standalone shuffle of 5 groups;
/// map counts far from multiples of the vector width.
/// </summary>
[Network(3, 11, 9)]
[Conv(7, 3, Pad = 1, Bias = false, Name = "conv1.0")]    // 7@11x9
[BatchNorm(Activation.ReLU, Name = "conv1.1")]
[ShuffleUnit(10, Stride = 2, Name = "stage2.0")]         // 10@6x5
[ShuffleUnit(10, Name = "stage2.1")]                     // 10@6x5, split
[ChannelShuffle(5, Name = "shuffle")]                    // 10@6x5
[Conv(6, 1, Activation.Tanh, Name = "conv5")]            // 6@6x5
[GlobalAvgPool(Name = "mean")]
[Dense(3, Name = "fc")]
public partial class ShuffleNet { }
