using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// DenseNet's blocks at toy size, odd maps: a dense block growing its input's region in place, a transition (7x9 pools to
/// 3x4, PyTorch's floor), a second block in place, and a third block right after it, which copies its input in (the
/// second block's gradient slot sits after its region). Pre-activation batch norms read every concatenation.
/// </summary>
[Network(3, 7, 9)]
[Conv(4, 3, Pad = 1, Bias = false, Name = "features.conv0")]                        // 4@7x9
[DenseBlock(3, 5, BottleneckWidth = 2, Name = "features.denseblock1")]             // 4 + 3 x 5 = 19@7x9
[Transition(9, Name = "features.transition1")]                                     // 9@3x4
[DenseBlock(2, 3, Name = "features.denseblock2")]                                  // 9 + 2 x 3 = 15@3x4
[DenseBlock(1, 3, BottleneckWidth = 2, Name = "features.denseblock3")]             // 15 + 3 = 18@3x4
[BatchNorm(Activation.ReLU, Name = "features.norm5")]
[GlobalAvgPool(Name = "avgpool")]
[Dense(3, Name = "classifier")]
public partial class DenseNet { }
