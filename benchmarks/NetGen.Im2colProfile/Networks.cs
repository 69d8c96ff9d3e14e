using NetGen;

namespace NetGen.Im2colProfile;

// A first layer's backward is its bias and kernel gradients alone (no input gradient); the same layer after a 1x1
// convolution also computes its input gradient. NIN's three kernel shapes, and two others on small maps.

/// <summary>NIN's mlpconv3 alone: 3x3 pad 1, 96 -> 96 at 7x7 (kernel gradient only).</summary>
[Network(96, 7, 7)]
[Conv(96, 3, Activation.ReLU, Padding = Padding.Same)]
public partial class K3At7 { }

/// <summary>mlpconv3 after a 1x1 convolution: kernel and input gradients.</summary>
[Network(96, 7, 7)]
[Conv(96, 1, Activation.ReLU)]
[Conv(96, 3, Activation.ReLU, Padding = Padding.Same)]
public partial class K3At7Input { }

/// <summary>NIN's mlpconv2 alone: 5x5 pad 2, 96 -> 96 at 14x14.</summary>
[Network(96, 14, 14)]
[Conv(96, 5, Activation.ReLU, Padding = Padding.Same)]
public partial class K5At14 { }

/// <summary>mlpconv2 after a 1x1 convolution.</summary>
[Network(96, 14, 14)]
[Conv(96, 1, Activation.ReLU)]
[Conv(96, 5, Activation.ReLU, Padding = Padding.Same)]
public partial class K5At14Input { }

/// <summary>NIN's mlpconv1: 5x5 pad 2, 1 -> 96 at 28x28.</summary>
[Network(1, 28, 28)]
[Conv(96, 5, Activation.ReLU, Padding = Padding.Same)]
public partial class K5At28 { }

/// <summary>3x3 pad 1, 32 -> 32 at 28x28 (a larger map with few maps).</summary>
[Network(32, 28, 28)]
[Conv(32, 3, Activation.ReLU, Padding = Padding.Same)]
public partial class K3At28 { }

/// <summary>3x3 pad 1, 128 -> 128 at 14x14.</summary>
[Network(128, 14, 14)]
[Conv(128, 3, Activation.ReLU, Padding = Padding.Same)]
public partial class K3At14 { }

/// <summary>3x3 pad 1, 64 -> 64 at 56x56 (ResNet's first stage).</summary>
[Network(64, 56, 56)]
[Conv(64, 3, Activation.ReLU, Padding = Padding.Same)]
public partial class K3At56 { }

/// <summary>Few columns: 3x3 pad 1, 2 -> 16 at 14x14 (18 columns).</summary>
[Network(2, 14, 14)]
[Conv(16, 3, Activation.ReLU, Padding = Padding.Same)]
public partial class Few18At14 { }

/// <summary>Few columns: 3x3 pad 1, 4 -> 32 at 7x7 (36 columns).</summary>
[Network(4, 7, 7)]
[Conv(32, 3, Activation.ReLU, Padding = Padding.Same)]
public partial class Few36At7 { }

/// <summary>Few columns: 5x5 pad 2, 1 -> 32 at 14x14 (25 columns).</summary>
[Network(1, 14, 14)]
[Conv(32, 5, Activation.ReLU, Padding = Padding.Same)]
public partial class Few25At14 { }
