using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Transposed convolutions as PyTorch's nn.ConvTranspose2d and ONNX's ConvTranspose define them, on odd sizes: the
/// decoder's stride-2 pad-1 output-padding-1 layer that undoes C1's stride-2 halving (4x19 -> 8x38), a stride-1 layer
/// with 2 groups and no bias, and a rectangular, per-axis-strided (2, 3), column-dilated one with uneven pads and an
/// output padding beyond its end pad on both axes (rows and columns that hold the bias only). Each transposed layer's
/// input rows are at least 16 wide, so the vector loops run on every ISA; the softmax keeps the outputs away from 0.
/// </summary>
[Network(2, 7, 37)]
[Conv(4, 3, Activation.Tanh, Stride = 2, Pad = 1)]                                            // C1 4@4x19
[ConvTranspose(4, 3, Activation.Sigmoid, Stride = 2, Pad = 1, OutputPadding = 1)]             // CT2 4@8x38
[ConvTranspose(6, 3, Activation.Tanh, Groups = 2, Bias = false)]                              // CT3 6@10x40
[ConvTranspose(3, 2, 3, StrideH = 2, StrideW = 3, DilationW = 2, PadTop = 1, PadRight = 1, OutputPaddingH = 1, OutputPaddingW = 2)] // CT4 3@20x123
[Dense(3, Activation.Tanh)]                                                                   // F5
[Softmax]                                                                                     // Output
public partial class ConvTNet { }
