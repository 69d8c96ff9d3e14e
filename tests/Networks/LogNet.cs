using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>A log-softmax output: seven log-probabilities (an odd count, so the vector kernels run a tail).</summary>
[Network(2, 5, 6)]
[Conv(3, 3, Activation.Tanh)]       // C1 3@3x4
[Dense(7)]                          // F2
[LogSoftmax]                        // Output
public partial class LogNet { }
