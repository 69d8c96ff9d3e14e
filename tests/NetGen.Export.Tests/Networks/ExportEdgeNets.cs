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

/// <summary>
/// Blocks right at the network input: a residual stage whose first block projects the input (its shortcut convolution
/// reads the network input with a null Input), then one whose identity shortcut is a named layer.
/// </summary>
[Network(3, 5, 6)]
[Residual(4, Name = "layer1")]                                // 4@5x6, projection from the input
[Residual(4, Name = "layer2")]                                // 4@5x6, identity shortcut
[GlobalAvgPool]                                               // G3 4@1x1
[Dense(3)]                                                    // F4
public partial class InputResidualNet { }

/// <summary>An identity residual block on the network input itself: the join's second input is the input (Input2 null).</summary>
[Network(2, 4, 5)]
[Residual(2, Name = "layer1")]                                // 2@4x5
[Dense(3)]
public partial class IdentityInputResidualNet { }

/// <summary>
/// An inception module on the network input. The branches' last layers have as many maps as the input, so only the
/// slice rule, not the shapes, tells that the layer after one reads the network input.
/// </summary>
[Network(3, 4, 5)]
[Inception(3, 2, 3, 1, 3, 1, Name = "mixed")]                 // 10@4x5
[GlobalAvgPool]                                               // G2 10@1x1
public partial class InputInceptionNet { }

/// <summary>A network that ends in an inception module: its output should be the concatenation.</summary>
[Network(3, 4, 5)]
[Inception(3, 2, 3, 1, 3, 1, Name = "mixed")]                 // 10@4x5
public partial class InceptionLastNet { }
