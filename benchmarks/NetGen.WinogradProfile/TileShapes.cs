using NetGen;

namespace NetGen.WinogradProfile;

// A/B/C triples for the tile rule (run with `-- rounds tiles`), built while WinogradRule read the maps' parity:
// A c->c (F(4x4) forward, F(4x4) input gradient), B c-1->c-1 (F(2x2), F(2x2)), C c+1->c (F(4x4) forward, wide-row
// input gradient). Under the committed rule they take whatever it picks: the output names the strategy per layer.
[Network(64, 56, 56)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class A64x56 { }
[Network(63, 56, 56)] [Conv(63, 3, Activation.ReLU, Pad = 1)] public partial class B64x56 { }
[Network(65, 56, 56)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class C64x56 { }
[Network(16, 56, 56)] [Conv(16, 3, Activation.ReLU, Pad = 1)] public partial class A16x56 { }
[Network(15, 56, 56)] [Conv(15, 3, Activation.ReLU, Pad = 1)] public partial class B16x56 { }
[Network(17, 56, 56)] [Conv(16, 3, Activation.ReLU, Pad = 1)] public partial class C16x56 { }
[Network(32, 28, 28)] [Conv(32, 3, Activation.ReLU, Pad = 1)] public partial class A32x28 { }
[Network(31, 28, 28)] [Conv(31, 3, Activation.ReLU, Pad = 1)] public partial class B32x28 { }
[Network(33, 28, 28)] [Conv(32, 3, Activation.ReLU, Pad = 1)] public partial class C32x28 { }
[Network(64, 28, 28)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class A64x28 { }
[Network(63, 28, 28)] [Conv(63, 3, Activation.ReLU, Pad = 1)] public partial class B64x28 { }
[Network(65, 28, 28)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class C64x28 { }
[Network(128, 28, 28)] [Conv(128, 3, Activation.ReLU, Pad = 1)] public partial class A128x28 { }
[Network(127, 28, 28)] [Conv(127, 3, Activation.ReLU, Pad = 1)] public partial class B128x28 { }
[Network(129, 28, 28)] [Conv(128, 3, Activation.ReLU, Pad = 1)] public partial class C128x28 { }
[Network(32, 14, 14)] [Conv(32, 3, Activation.ReLU, Pad = 1)] public partial class A32x14 { }
[Network(31, 14, 14)] [Conv(31, 3, Activation.ReLU, Pad = 1)] public partial class B32x14 { }
[Network(33, 14, 14)] [Conv(32, 3, Activation.ReLU, Pad = 1)] public partial class C32x14 { }
[Network(64, 14, 14)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class A64x14 { }
[Network(63, 14, 14)] [Conv(63, 3, Activation.ReLU, Pad = 1)] public partial class B64x14 { }
[Network(65, 14, 14)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class C64x14 { }
[Network(128, 14, 14)] [Conv(128, 3, Activation.ReLU, Pad = 1)] public partial class A128x14 { }
[Network(127, 14, 14)] [Conv(127, 3, Activation.ReLU, Pad = 1)] public partial class B128x14 { }
[Network(129, 14, 14)] [Conv(128, 3, Activation.ReLU, Pad = 1)] public partial class C128x14 { }
