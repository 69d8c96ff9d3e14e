using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Every activation in a layer's fused position (convolution, batch norm, subsampling, dense) with its default arguments.
/// The invertible ones are undone from the layer's output; GELU, SiLU, Mish and Hardswish split off into a standalone
/// activation layer named after the layer (C1_silu).
/// </summary>
[Network(2, 6, 8)]
[Conv(4, 3, Activation.Silu, Padding = Padding.Same)]          // C1 4@6x8, C1_silu
[Conv(4, 1, Activation.Elu)]                                     // C2
[Conv(4, 1, Bias = false)]                                       // C3
[BatchNorm(Activation.Hardswish)]                                // B4, B4_hardswish
[Conv(4, 1, Activation.Selu)]                                    // C5
[Conv(4, 1, Bias = false)]                                       // C6
[BatchNorm(Activation.Softplus)]                                 // B7
[Conv(4, 1, Activation.Gelu)]                                    // C8, C8_gelu
[Conv(4, 1, Activation.Celu)]                                    // C9
[Conv(4, 1, Activation.Mish)]                                    // C10, C10_mish
[Conv(4, 1, Activation.LeakyRelu)]                               // C11
[Conv(4, 1, Activation.GeluTanh)]                                // C12, C12_gelutanh
[Subsample(2, Activation.Softsign)]                              // S13 4@3x4
[Dense(8, Activation.Hardsigmoid)]                               // F14
[Dense(8, Activation.Relu6)]                                     // F15
[Dense(3)]                                                       // F16
public partial class FusedActNet { }
