using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// 3x3 stride-1 convolutions on the planner's Winograd path (Winograd F(2x2,3x3)) at awkward sizes: odd output heights
/// and widths (a last tile row and column half outside), rows of 18 and 17 tiles (more than one 16-lane vector, the
/// last one mostly past the row), 17 input maps (off every vector width: the weight transform's
/// one-map tail), 18 and 19 output maps (off the 4-map product block), one layer fused with
/// the batch norm after it, and one unpadded.
/// </summary>
[Network(17, 9, 35)]
[Conv(18, 3, Activation.ReLU, Pad = 1)]    // C1 18@9x35: 5x18 tiles, the last tile row and column half outside
[Conv(16, 3, Pad = 1, Bias = false)]       // C2 16@9x35, identity: applies B3 outside batch statistics
[BatchNorm(Activation.Tanh)]               // B3
[Conv(19, 3, Activation.Sigmoid)]          // C4 19@7x33, unpadded: 4x17 tiles, the last tile row and column half outside
[GlobalAvgPool]                            // G5 19@1x1
[Dense(3)]                                 // F6
public partial class WinogradNet { }
