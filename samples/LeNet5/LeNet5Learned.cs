using NetGen;

namespace NetGen.Samples.LeNet5;

/// <summary>
/// LeNet-5 whose C3 learns its own connection table (the lecture's learned connections): every S2 map feeds every C3
/// map through alpha = softmax of trainable logits. After training, the sample prints the table the alphas form.
/// </summary>
[Network(1, 32, 32)]
[Conv(6, 5, Activation.ScaledTanh)]                                      // C1  6@28x28
[Subsample(2, Activation.ScaledTanh)]                                    // S2  6@14x14
[Conv(16, 5, Activation.ScaledTanh, LearnConnections = true)]            // C3 16@10x10, a learned table
[Subsample(2, Activation.ScaledTanh)]                                    // S4 16@5x5
[Conv(120, 5, Activation.ScaledTanh)]                                    // C5 120@1x1
[Dense(84, Activation.ScaledTanh)]                                       // F6
[Rbf(10)]                                                                // Euclidean RBF output
public partial class LeNet5Learned { }
