using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// 1x1 convolutions as matrix products (the planner's Pointwise strategy) at awkward sizes: 54 positions (no multiple
/// of 4, 8 or 16 lanes: an overlapping last vector), map counts off the 4-map block (7, 6, 9, 5) and input counts off
/// the 4-input gradient block, one fused with the batch norm after it, and 6 positions (narrower than 8 or 16 lanes).
/// </summary>
[Network(5, 6, 9)]
[Conv(7, 1, Activation.ReLU)]              // C1 7@6x9: 54 positions
[Conv(6, 1, Bias = false)]                 // C2 6@6x9, identity: applies B3 outside batch statistics
[BatchNorm(Activation.Tanh)]               // B3
[Conv(9, 1, Activation.Sigmoid)]           // C4 9@6x9: blocks of 4 + 4 + 1 maps
[MaxPool(3)]                               // P5 9@2x3
[Conv(5, 1, Activation.Tanh)]              // C6 5@2x3: 6 positions
[GlobalAvgPool]                            // G7 5@1x1
[Dense(3)]                                 // F8
public partial class PointwiseNet { }
