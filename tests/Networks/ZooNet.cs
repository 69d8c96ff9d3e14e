using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>The model zoo's extra layer kinds: grouped convolutions (wide and strided), LRN (odd and even sizes), dropout, global average pooling.</summary>
[Network(4, 9, 21)]
[Conv(6, 3, Activation.ReLU, Groups = 2, Padding = Padding.Same)]  // C1 6@9x21
[LocalResponseNorm(3)]                                            // N2
[Conv(4, 3, Activation.Tanh, Groups = 2, Stride = 2)]             // C3 4@4x10
[Dropout(0.3)]                                                    // D4
[LocalResponseNorm(4, Alpha = 0.01, Beta = 0.6, K = 1)]           // N5
[GlobalAvgPool]                                                   // G6 4@1x1
[Dense(3, Activation.Sigmoid)]                                    // F7
public partial class ZooNet { }
