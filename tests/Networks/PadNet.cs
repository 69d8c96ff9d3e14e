using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>Same and full padding, overlapping max pooling, mean pooling with stride 1, softmax output.</summary>
[Network(2, 7, 17)]
[Conv(3, 3, Activation.ReLU, Padding = Padding.Same)]  // C1 3@7x17
[MaxPool(3, Stride = 2)]                              // S2 3@3x8
[Conv(2, 2, Padding = Padding.Full)]                  // C3 2@4x9, identity
[AvgPool(2, Stride = 1)]                              // S4 2@3x8
[Dense(5, Activation.Tanh)]                           // F5
[Softmax]                                             // Output
public partial class PadNet { }
