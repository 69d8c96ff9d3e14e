using NetGen;

namespace PackageConsumer;

/// <summary>A LeNet-like net small enough to build fast: 104 + 8 + 296 + 330 = 738 parameters.</summary>
[Network(1, 16, 16)]
[Conv(4, 5, Activation.ScaledTanh)]      // C1 4@12x12: 4*25 + 4
[Subsample(2, Activation.ScaledTanh)]    // S2 4@6x6: 2*4
[Conv(8, 3, Activation.ReLU)]            // C3 8@4x4: 8*4*9 + 8
[MaxPool(2)]                             // 8@2x2
[Dense(10)]                              // 10*32 + 10
[Softmax]
public partial class TinyLeNet { }
