using NetGen;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// A decoder's upsampling layer as a one-layer network (issue 12, item 1): 64 maps of 28x28 to 32 maps of 56x56 by a
/// 4x4 transposed convolution, stride 2, padding 1 (the DCGAN/U-Net choice: (28 - 1) x 2 - 2 x 1 + 4 = 56), with bias
/// and no activation, so it is PyTorch's nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1) exactly. The layer is
/// named "up" so <see cref="TorchWeights"/> maps its tensors to a TorchSharp Sequential's "up" child.
/// </summary>
[Network(64, 28, 28)]
[ConvTranspose(32, 4, Stride = 2, Pad = 1, Name = "up")]  // 32@56x56
public partial class DecoderUpK4 { }

/// <summary>
/// The other common decoder choice: a 3x3 transposed convolution, stride 2, padding 1, output padding 1 (the inverse
/// shape of a 3x3 stride-2 pad-1 convolution: (28 - 1) x 2 - 2 + 3 + 1 = 56); PyTorch's
/// nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1).
/// </summary>
[Network(64, 28, 28)]
[ConvTranspose(32, 3, Stride = 2, Pad = 1, OutputPadding = 1, Name = "up")]  // 32@56x56
public partial class DecoderUpK3 { }
