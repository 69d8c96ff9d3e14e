using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// MobileNet's layers just above the grain at which a forward splits across Threads: pointwise expansions and
/// projections (with fused batch norms) beside depthwise layers that stay on one thread, a split residual add, a
/// strided Hardswish block (its activation a layer of its own) and a 1x1 head.
/// </summary>
[Network(16, 28, 28)]
[Conv(48, 1, Activation.ReLU, Name = "stem")]                                           // 48@28x28
[InvertedResidual(48, Expansion = 4, Name = "b1")]                                      // 192 hidden, 48@28x28, + input
[InvertedResidual(40, Stride = 2, Expansion = 3, Activation = Activation.Hardswish, Name = "b2")]  // 144 hidden, 40@14x14
[Conv(72, 1, Name = "head")]                                                            // 72@14x14
[GlobalAvgPool(Name = "pool")]
[Dense(3, Name = "fc")]
public partial class ThreadsMobile { }
