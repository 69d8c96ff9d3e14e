using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>The leaky rectifier on maps (slope 0.2, after a convolution) and on a flat vector (PyTorch's default 0.01).</summary>
[Network(2, 8, 10)]
[Conv(3, 3, Activation.Identity, Padding = Padding.Same)]  // C1 3@8x10
[LeakyRelu(Slope = 0.2f)]                                // L2
[MaxPool(2)]                                             // S3 3@4x5
[Dense(5, Activation.Identity)]                          // F4
[LeakyRelu]                                              // L5
[Dense(3, Activation.Identity)]                          // F6
public partial class LeakyNet { }
