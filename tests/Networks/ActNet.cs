using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Every activation of today's small CNNs as a standalone [Activation] layer, on maps and on flat vectors, with their
/// arguments (a negative leaky slope, ELU's and CELU's alpha, PReLU's starting slope). 1x1 convolutions between them
/// mix the maps so each function sees values of both signs.
/// </summary>
[Network(2, 6, 8)]
[Conv(4, 3, Activation.Identity, Padding = Padding.Same)]   // C1 4@6x8
[Activation(Activation.Gelu)]                               // A2
[Activation(Activation.Prelu)]                              // A3 (slopes 0.25, learned)
[Conv(4, 1)]                                                // C4
[Activation(Activation.Silu)]                               // A5
[Activation(Activation.Elu, Alpha = 0.5f)]                  // A6
[Conv(4, 1)]                                                // C7
[Activation(Activation.Mish)]                               // A8
[Activation(Activation.Selu)]                               // A9
[Conv(4, 1)]                                                // C10
[Activation(Activation.Hardswish)]                          // A11
[Activation(Activation.Celu, Alpha = 2f)]                   // A12
[Conv(4, 1)]                                                // C13
[Activation(Activation.GeluTanh)]                           // A14
[Activation(Activation.LeakyRelu, Slope = -0.5f)]           // A15
[MaxPool(2)]                                                // S16 4@3x4
[Activation(Activation.Softsign)]                           // A17
[Dense(8)]                                                  // F18
[Activation(Activation.Hardsigmoid)]                        // A19
[Dense(8)]                                                  // F20
[Activation(Activation.Relu6)]                              // A21
[Dense(8)]                                                  // F22
[Activation(Activation.Prelu, Slope = 0.1f)]                // A23 (flat: one slope per unit)
[Activation(Activation.Softplus)]                           // A24
[Dense(3)]                                                  // F25
public partial class ActNet { }
