using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// PyTorch's pooling options: ceil mode (windows reading past the far padding, and a last window dropped because it
/// would start in the right padding), rectangular windows and strides, and both mean divisors.
/// </summary>
[Network(2, 14, 12)]
[Conv(3, 3, Activation.Tanh, Padding = Padding.Same)]                                    // C1 3@14x12
[AvgPool(3, Stride = 2, Pad = 1, CeilMode = true)]                                       // S2 3@8x7: one row and column past the padding, not counted
[MaxPool(3, SizeW = 2, StrideH = 2, StrideW = 1, Pad = 1, CeilMode = true)]              // S3 3@5x8
[AvgPool(2, SizeW = 3, Stride = 2, Pad = 1, CeilMode = true, CountIncludePad = false)]   // S4 3@3x5: ceil's last row dropped; padding not counted
[AvgPool(2, StrideW = 1, CeilMode = true)]                                               // S5 3@2x4: a row past an unpadded input, not counted
[Dense(3, Activation.Sigmoid)]                                                           // F6
public partial class PoolCeilNet { }
