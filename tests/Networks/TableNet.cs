using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>Connection table, trainable subsampling, scaled tanh / tanh / sigmoid / ReLU, dense, trainable RBF.</summary>
[Network(2, 10, 20)]
[Conv(3, 3, Activation.ScaledTanh)]                   // C1 3@8x18
[Subsample(2, Activation.Tanh)]                       // S2 3@4x9
[Conv(4, 2, Activation.Sigmoid, Connections = new[] {
    "XX X",
    " XXX",
    "X  X" })]                                        // C3 4@3x8
[Dense(6, Activation.ReLU)]                           // F4
[Rbf(3, Trainable = true)]                            // Output
public partial class TableNet { }
