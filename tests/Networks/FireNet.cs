using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>Two SqueezeNet fire modules, the second reading the first's concatenation through a max pool.</summary>
[Network(3, 6, 7)]
[Conv(4, 3, Activation.ReLU, Padding = Padding.Same)]    // C1 4@6x7
[Fire(2, 3, 4, Name = "fire2")]                          // squeeze 2, expand 3 + 4: 7@6x7
[MaxPool(2, DropRemainder = true)]                       // S3 7@3x3
[Fire(3, 2, 2, Name = "fire4")]                          // 4@3x3
[Dense(3)]                                               // F5
public partial class FireNet { }
