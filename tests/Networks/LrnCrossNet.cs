using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Local response normalization with alpha large enough that the cross term (each map's gradient through its
/// neighbours' sums) is as large as the direct one: a window covering every map, and an even window (n = 2: the
/// map and the one before it) with beta above 1.
/// </summary>
[Network(5, 3, 4)]
[Conv(6, 3, Activation.Tanh, Padding = Padding.Same)]          // C1 6@3x4
[LocalResponseNorm(5, Alpha = 4, Beta = 0.75, K = 1)]          // N2
[LocalResponseNorm(2, Alpha = 1.5, Beta = 1.3, K = 0.5)]       // N3
[Dense(4)]                                                     // F4
public partial class LrnCrossNet { }
