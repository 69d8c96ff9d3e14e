using NetGen;

namespace NetGen.Samples.LeNet5;

/// <summary>LeNet-5 as LeCun et al. (1998) describe it: C3's connection table, trainable subsampling, RBF output.</summary>
[Network(1, 32, 32)]                                    // input: channels, height, width
[Conv(6, 5, Activation.ScaledTanh)]                      // C1  6@28x28
[Subsample(2, Activation.ScaledTanh)]                    // S2  6@14x14, trainable coefficient + bias per map
[Conv(16, 5, Activation.ScaledTanh, Connections = new[] {
    // one row per input map (S2), one column per output map (C3): LeCun 1998, table I
    "X   XXX  XXXX XX",
    "XX   XXX  XXXX X",
    "XXX   XXX  X XXX",
    " XXX  XXXX  X XX",
    "  XXX  XXXX XX X",
    "   XXX  XXXX XXX" })]                               // C3 16@10x10
[Subsample(2, Activation.ScaledTanh)]                    // S4 16@5x5
[Conv(120, 5, Activation.ScaledTanh)]                    // C5 120@1x1
[Dense(84, Activation.ScaledTanh)]                       // F6
[Rbf(10)]                                                // Euclidean RBF output
public partial class LeNet5 { }
