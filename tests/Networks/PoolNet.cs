using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>The 2x2 stride-2 fast paths of max and mean pooling, after a same-padded convolution with three input maps.</summary>
[Network(3, 12, 36)]
[Conv(4, 3, Activation.Tanh, Padding = Padding.Same)]  // C1 4@12x36
[MaxPool(2)]                                          // S2 4@6x18
[AvgPool(2)]                                          // S3 4@3x9
[Dense(3, Activation.Sigmoid)]                        // F4
public partial class PoolNet { }
