using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Every convolution window of PyTorch's nn.Conv2d and ONNX's Conv beyond the square one: rectangular kernels, even
/// kernels under Same (ONNX SAME_UPPER) and SameLower, per-axis strides 2 and 3 with DropRemainder, explicit uneven
/// pads, dilation per axis and on both, Full padding of a dilated kernel, groups and no bias. Rows wide enough that
/// the stride-2 layer runs whole vectors on every ISA. The softmax keeps the outputs away from 0, where ONNX
/// Runtime's agreement is measured relative to the value.
/// </summary>
[Network(2, 8, 50)]
[Conv(3, 2, 3, Activation.Tanh, Padding = Padding.Same)]                                                        // C1 3@8x50, pads 0,1,1,1
[Conv(4, 3, 2, Activation.ReLU, Stride = 2, DilationH = 2, PadTop = 2, PadBottom = 1, PadRight = 1, DropRemainder = true)] // C2 4@4x25
[Conv(4, 2, Activation.Sigmoid, Padding = Padding.SameLower, StrideW = 3, DilationW = 2, Groups = 2, Bias = false)] // C3 4@4x9, pads 1,1,0,1
[Conv(2, 3, Dilation = 2, Padding = Padding.Full)]                                                              // C4 2@8x13, pads 4
[Conv(3, 4, Activation.Tanh, Stride = 2, Padding = Padding.Same)]                                              // C5 3@4x7, pads 1,1,1,2
[Dense(3, Activation.Tanh)]                                                                                      // F6
[Softmax]                                                                                                        // Output: probabilities, away from 0
public partial class GeometryNet { }
