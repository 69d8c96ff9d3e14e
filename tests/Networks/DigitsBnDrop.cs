using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>One-channel networks that a <c>DataLoader</c> can feed, with batch norm and with dropout, for the Trainer's modes.</summary>
[Network(1, 12, 12)]
[Conv(4, 3, Bias = false)]                      // C1 4@10x10
[BatchNorm(Activation.ReLU, Momentum = 0.25)]   // B2
[MaxPool(2)]                                    // S3 4@5x5
[Dense(10)]                                     // F4
public partial class DigitsBn { }

[Network(1, 12, 12)]
[Conv(4, 3, Activation.Tanh)]                   // C1 4@10x10
[MaxPool(2)]                                    // S2 4@5x5
[Dropout(0.5)]                                  // D3
[Dense(10)]                                     // F4
public partial class DigitsDrop { }
