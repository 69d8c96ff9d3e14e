using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>Strides 3 and 2, an explicit pad, subsampling with overlapping windows, named layers, a linear output.</summary>
[Network(1, 13, 55)]
[Conv(2, 3, Activation.Tanh, Stride = 3, Pad = 1, Name = "conv1")]   // 2@5x19
[Conv(3, 3, Activation.Sigmoid, Stride = 2, Name = "conv2")]         // 3@2x9
[Subsample(2, Activation.ScaledTanh, Stride = 1, Name = "sub3")]     // 3@1x8
[Dense(4, Name = "fc4")]                                             // 4, identity
public partial class StrideNet { }
