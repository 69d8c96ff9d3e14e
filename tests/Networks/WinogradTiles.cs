using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Both Winograd tiles of the planner's rule (src/Generator/Layers/WinogradRule.cs) in one network, each with its input
/// gradient on Winograd too (pad 1, 64x64 map pairs or more): C1 64 maps of 12x66 as F(4x4,3x3) (66 columns: 17 tiles a
/// row, more than one 16-lane vector; 3 tile rows, the last half outside, and columns past the padded input, all read as
/// zeros), C3 64 to 65 maps of 6x33 as F(2x2,3x3) (odd width: the last tile column half outside; 65 output maps: off the
/// 4-map product block, and in the gradient's mirror 65 input maps: the weight transform's one-map tail).
/// </summary>
[Network(64, 12, 66)]
[Conv(64, 3, Activation.ReLU, Pad = 1)]    // C1 64@12x66, F(4x4): 3x17 tiles
[MaxPool(2)]                               // S2 64@6x33
[Conv(65, 3, Activation.Tanh, Pad = 1)]    // C3 65@6x33, F(2x2): 3x17 tiles
[GlobalAvgPool]                            // G4 65@1x1
[Dense(3)]                                 // F5
public partial class WinogradTiles { }
