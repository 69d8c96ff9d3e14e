using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// The pointwise kernels' 8-row blocks (AVX-512 only): a forward of 160 input maps (blocks of 8 output maps from 160
/// inputs on) fused with the batch norm after it, and an input gradient of 160 maps of 14x14 (8-row blocks from 14x14
/// maps on), with map counts off the 8-row block (12 outputs, 5 outputs).
/// </summary>
[Network(160, 14, 14)]
[Conv(12, 1, Bias = false)]                // C1 12@14x14 from 160 maps: 8 + 4 rows
[BatchNorm(Activation.Relu6)]              // B2, fused into C1 outside batch statistics
[Conv(5, 1, Activation.Tanh)]              // C3 5@14x14
[GlobalAvgPool]                            // G4 5@1x1
public partial class PointwiseWideNet { }
