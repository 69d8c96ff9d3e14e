using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Depthwise convolutions (the planner's Depthwise strategy: Groups == input maps == output maps) at awkward sizes:
/// 3x3 and 5x5 windows at stride 1 and 2, odd heights and widths (rows of 37 and 19 positions: whole vectors plus an
/// overlapping last one; rows of 10 and 8, narrower than 16 lanes: the wide-map path), odd padded widths at stride 2
/// (the parity planes' short odd column), map counts off any vector width (6, 11), no padding, no bias, and fused
/// activations undone from the output.
/// </summary>
[Network(6, 13, 37)]
[Conv(6, 3, Activation.Tanh, Pad = 1, Groups = 6)]                 // C1 6@13x37, 3x3 /1
[Conv(6, 5, Activation.ReLU, Stride = 2, Pad = 2, Groups = 6)]     // C2 6@7x19, 5x5 /2 (padded 17x41)
[Conv(11, 1)]                                                      // C3 11@7x19
[Conv(11, 3, Stride = 2, Pad = 1, Groups = 11, Bias = false)]      // C4 11@4x10, 3x3 /2 (padded 9x21)
[Conv(11, 5, Activation.Sigmoid, Pad = 2, Groups = 11)]            // C5 11@4x10, 5x5 /1
[Conv(11, 3, Groups = 11)]                                         // C6 11@2x8, 3x3 /1, no padding
[GlobalAvgPool]                                                    // G7 11@1x1
[Dense(3)]                                                         // F8
public partial class DepthwiseNet { }
