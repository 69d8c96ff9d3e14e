using NetGen;

namespace NetGen.Samples.LeNet5;

/// <summary>
/// LeNet-5's shape as people build it today: full connectivity, ReLU, max pooling, and ten logits for a softmax
/// cross-entropy loss (the loss applies the softmax, so the net ends in a plain Dense(10) rather than [Softmax]).
/// </summary>
[Network(1, 32, 32)]
[Conv(6, 5, Activation.ReLU)]      // C1 6@28x28
[MaxPool(2)]                       // S2 6@14x14
[Conv(16, 5, Activation.ReLU)]     // C3 16@10x10
[MaxPool(2)]                       // S4 16@5x5
[Conv(120, 5, Activation.ReLU)]    // C5 120@1x1
[Dense(84, Activation.ReLU)]       // F6
[Dense(10)]                        // logits
public partial class LeNet5Modern { }
