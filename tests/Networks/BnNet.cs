using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>Batch norm on batch statistics: a bias-free wide convolution, batch norm with ReLU, a strided one, batch norm.</summary>
[Network(2, 6, 7)]
[Conv(3, 3, Padding = Padding.Same, Bias = false)]              // C1 3@6x7
[BatchNorm(Activation.ReLU, Momentum = 0.2)]                     // B2
[Conv(2, 3, Stride = 2, Bias = false, DropRemainder = true)]     // C3 2@2x3
[BatchNorm(Epsilon = 1e-3)]                                      // B4
[Dense(3)]                                                       // F5
public partial class BnNet { }
