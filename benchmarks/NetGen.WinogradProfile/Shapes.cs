using NetGen;

namespace NetGen.WinogradProfile;

// Single 3x3 pad-1 layers, maps x side, for the planner's rule: ResNet's own shapes come from the zoo networks.
[Network(16, 56, 56)] [Conv(16, 3, Activation.ReLU, Pad = 1)] public partial class S16x56 { }
[Network(32, 56, 56)] [Conv(32, 3, Activation.ReLU, Pad = 1)] public partial class S32x56 { }
[Network(16, 28, 28)] [Conv(16, 3, Activation.ReLU, Pad = 1)] public partial class S16x28 { }
[Network(32, 28, 28)] [Conv(32, 3, Activation.ReLU, Pad = 1)] public partial class S32x28 { }
[Network(64, 28, 28)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class S64x28 { }
[Network(16, 14, 14)] [Conv(16, 3, Activation.ReLU, Pad = 1)] public partial class S16x14 { }
[Network(32, 14, 14)] [Conv(32, 3, Activation.ReLU, Pad = 1)] public partial class S32x14 { }
[Network(64, 14, 14)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class S64x14 { }
[Network(128, 14, 14)] [Conv(128, 3, Activation.ReLU, Pad = 1)] public partial class S128x14 { }
[Network(32, 7, 7)] [Conv(32, 3, Activation.ReLU, Pad = 1)] public partial class S32x7 { }
[Network(64, 7, 7)] [Conv(64, 3, Activation.ReLU, Pad = 1)] public partial class S64x7 { }
[Network(128, 7, 7)] [Conv(128, 3, Activation.ReLU, Pad = 1)] public partial class S128x7 { }
[Network(256, 7, 7)] [Conv(256, 3, Activation.ReLU, Pad = 1)] public partial class S256x7 { }
