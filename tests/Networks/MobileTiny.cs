using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// The mobile networks' blocks at toy size: an inverted residual block without expansion but with squeeze-and-excitation
/// (per-map product over 90 positions) and the residual add; a strided 5x5 one with Hardswish on an even height (floor
/// rounding) and no add; an EfficientNet-style one (SiLU, squeeze SiLU, Hardsigmoid gate) with the add; and a standalone
/// squeeze-and-excitation on 18 pooled values (the same-shape product).
/// </summary>
[Network(3, 10, 9)]
[Conv(8, 3, Pad = 1, Bias = false, Name = "stem")]                                  // 8@10x9
[BatchNorm(Activation.Relu6, Name = "stem_bn")]
[InvertedResidual(8, SqueezeMaps = 2, Name = "b1")]                                 // 8@10x9, + input
[InvertedResidual(6, 5, Stride = 2, Expansion = 2, Activation = Activation.Hardswish,
    Naming = InvertedResidualNames.Block, Name = "b2")]                             // 16 hidden, 6@5x5
[InvertedResidual(6, ExpandMaps = 10, Activation = Activation.Silu, SqueezeMaps = 3, SqueezeActivation = Activation.Silu,
    Gate = Activation.Hardsigmoid, Naming = InvertedResidualNames.Block, Name = "b3")]  // 6@5x5, + input
[Conv(18, 1, Name = "head")]                                                        // 18@5x5
[GlobalAvgPool(Name = "pool")]                                                      // 18@1x1
[SqueezeExcite(4, Name = "se")]                                                     // 18@1x1
[Dense(3, Name = "fc")]
public partial class MobileTiny { }
