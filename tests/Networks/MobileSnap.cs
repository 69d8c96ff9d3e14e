using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// The generated text of the mobile blocks, small enough to read (the generator snapshot): an inverted residual block
/// with expansion, Hardswish, squeeze-and-excitation (per-map product) and the residual add, then a standalone
/// squeeze-and-excitation on pooled values (the same-shape product).
/// </summary>
[Network(4, 6, 6)]
[InvertedResidual(4, Expansion = 2, Activation = Activation.Hardswish, SqueezeMaps = 2, Gate = Activation.Hardsigmoid,
    Naming = InvertedResidualNames.Block, Name = "block")]   // 8 hidden, 4@6x6, + input
[GlobalAvgPool(Name = "pool")]                                // 4@1x1
[SqueezeExcite(2, Name = "se")]                               // 4@1x1
[Dense(2, Name = "fc")]
public partial class MobileSnap { }
