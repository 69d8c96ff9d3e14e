using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Convolutions whose kernel gradients run as im2col matrix products (Layers/Im2colRule.cs: maps of at most 16x16, at
/// least 32 columns): the first layer (50 columns, a vector straddles the last), a Winograd forward, 1200 columns in two panels of 113 and 112
/// positions with 7 output maps (a block of 4 and one of 3), 63 columns on 5x5 maps, and 288 (whole vectors).
/// </summary>
[Network(2, 15, 15)]
[Conv(48, 5, Activation.Tanh, Padding = Padding.Same)]   // C1 48@15x15, the first layer: 50 columns
[Conv(48, 3, Activation.Tanh, Padding = Padding.Same)]   // C2 48@15x15: Winograd forward, 432 columns
[Conv(7, 5, Activation.Tanh, Padding = Padding.Same)]    // C3 7@15x15: 1200 columns, two panels
[MaxPool(3)]                                              // P4 7@5x5
[Conv(32, 3, Activation.Tanh, Padding = Padding.Same)]   // C5 32@5x5: 63 columns
[Conv(32, 3, Activation.Tanh, Padding = Padding.Same)]   // C6 32@5x5: 288 columns
[GlobalAvgPool]                                           // G7 32@1x1
[Dense(3)]                                                // F8 3
public partial class Im2colNet { }
