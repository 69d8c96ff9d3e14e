using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// The forward register blocks of fully connected wide convolutions: 5 maps (blocks of 4 plus one map alone), 6 (blocks
/// of 3, a 7-wide kernel with stride 2), 2 (blocks of 2, a 9-wide kernel looping over its taps), 8 without biases, then a 1x1 stride-2 convolution (gathered input); wide rows whose vector
/// counts leave remainders for both vector widths.
/// </summary>
[Network(3, 19, 37)]
[Conv(5, 3, Activation.Tanh, Padding = Padding.Same)]        // C1 5@19x37, 741 wide positions: 47 or 94 vectors
[Conv(6, 7, Activation.ReLU, Stride = 2, Pad = 3)]           // C2 6@10x19, a 7-wide stride-2 row: looped, not unrolled
[Conv(2, 9, Activation.Sigmoid, Padding = Padding.Same)]     // C3 2@10x19
[Conv(8, 3, Bias = false)]                                   // C4 8@8x17, identity
[Conv(5, 1, Activation.Tanh, Stride = 2, DropRemainder = true)] // C5 5@4x9: 1x1 stride 2 on the gathered even rows and columns
[Dense(3)]                                                   // F6
public partial class BlockNet { }
