using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>The lecture's learned connections (softmax-mixed inputs) on a wide (stride 1, same) and a strided convolution.</summary>
[Network(3, 9, 11)]
[Conv(4, 3, Activation.Tanh, Padding = Padding.Same, LearnConnections = true)]  // C1 4@9x11
[Conv(2, 3, Activation.Sigmoid, Stride = 2, LearnConnections = true)]           // C2 2@4x5
[Dense(3)]
public partial class LearnedNet { }
