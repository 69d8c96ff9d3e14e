using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>Batch norm reading an inception module's concatenated output, so batch statistics cross the branches.</summary>
[Network(3, 5, 6)]
[Conv(4, 3, Padding = Padding.Same, Bias = false)]             // C1 4@5x6
[BatchNorm(Activation.ReLU)]                                   // B2
[Inception(2, 2, 3, 1, 2, 2, Name = "inception3")]             // 9@5x6
[BatchNorm(Momentum = 0.3)]                                    // B4
[GlobalAvgPool]
[Dense(3)]
public partial class InceptionBn { }
