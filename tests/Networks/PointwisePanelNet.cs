using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// 1x1 convolutions whose sources pass the cache budgets (Emit/PointwiseConvEmitter.cs): 40 and 38 maps of 3509
/// positions run the forward, the input gradient and the weight gradient in panels of positions, the last panel partial.
/// </summary>
[Network(40, 29, 121)]
[Conv(38, 1, Activation.Tanh)]     // C1 38@29x121: smooth (a ReLU kink is crossed by the finite differences of a bias over 3509 positions)
[Conv(3, 1, Activation.Tanh)]      // C2 3@29x121
[GlobalAvgPool]                    // G3 3@1x1
public partial class PointwisePanelNet { }
