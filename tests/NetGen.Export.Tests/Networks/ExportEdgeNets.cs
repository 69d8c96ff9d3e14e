using NetGen;

namespace NetGen.Export.Tests.Networks;

/// <summary>
/// Local response normalization with strong alpha so the window matters, even (PyTorch window, written out) and odd
/// (ONNX LRN) sizes; the output stays [N,C,H,W].
/// </summary>
[Network(5, 3, 4)]
[Conv(6, 1, Activation.Tanh)]                                 // C1 6@3x4
[LocalResponseNorm(4, Alpha = 2, Beta = 0.75, K = 1)]         // N2 PyTorch window c-2 .. c+1
[LocalResponseNorm(3, Alpha = 1.5, Beta = 0.5, K = 2)]        // N3 ONNX LRN
[LocalResponseNorm(2, Alpha = 3, Beta = 1, K = 1.5)]          // N4 window c-1 .. c
public partial class LrnNet { }

/// <summary>A dense layer feeding spatial layers (a Reshape back to [N,C,1,1]), dropout last.</summary>
[Network(2, 4, 4)]
[Dense(6, Activation.ReLU)]                                   // F1 6@1x1
[Conv(3, 1, Activation.Sigmoid)]                              // C2 3@1x1
[GlobalAvgPool]                                               // G3 3@1x1
[Dropout(0.5)]                                                // D4
public partial class DenseToConvNet { }
