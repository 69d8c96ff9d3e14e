using NetGen;

namespace NetGen.Samples.LeNet5;

/// <summary>
/// A small MobileNet-style network for 28x28 images (issue 12, item 8): a 3x3 stem, then five depthwise-separable
/// blocks (a depthwise 3x3 convolution, Groups = maps, and a pointwise 1x1 convolution, each followed by batch norm),
/// two of them with stride 2, hardswish after the pointwise convolutions as MobileNetV3 uses it, global average pooling,
/// dropout and ten logits (the loss applies the softmax). No squeeze-and-excitation yet (NetGen has no channel
/// multiply). Map counts are ours. --variant mobile trains it, best with --optimizer adamw --dataset fashion.
/// </summary>
[Network(1, 28, 28)]
[Conv(16, 3, Padding = Padding.Same, Bias = false, Name = "stem")]                                       // 16@28x28
[BatchNorm(Activation.Hardswish, Name = "stem_bn")]
[Conv(16, 3, Padding = Padding.Same, Groups = 16, Bias = false, Name = "b1_dw")]                          // depthwise
[BatchNorm(Activation.ReLU, Name = "b1_dw_bn")]
[Conv(32, 1, Bias = false, Name = "b1_pw")]                                                              // 32@28x28
[BatchNorm(Activation.Hardswish, Name = "b1_pw_bn")]
[Conv(32, 3, Stride = 2, Pad = 1, Groups = 32, Bias = false, DropRemainder = true, Name = "b2_dw")]        // 32@14x14
[BatchNorm(Activation.ReLU, Name = "b2_dw_bn")]
[Conv(64, 1, Bias = false, Name = "b2_pw")]                                                              // 64@14x14
[BatchNorm(Activation.Hardswish, Name = "b2_pw_bn")]
[Conv(64, 3, Padding = Padding.Same, Groups = 64, Bias = false, Name = "b3_dw")]
[BatchNorm(Activation.ReLU, Name = "b3_dw_bn")]
[Conv(64, 1, Bias = false, Name = "b3_pw")]
[BatchNorm(Activation.Hardswish, Name = "b3_pw_bn")]
[Conv(64, 3, Stride = 2, Pad = 1, Groups = 64, Bias = false, DropRemainder = true, Name = "b4_dw")]        // 64@7x7
[BatchNorm(Activation.ReLU, Name = "b4_dw_bn")]
[Conv(128, 1, Bias = false, Name = "b4_pw")]                                                             // 128@7x7
[BatchNorm(Activation.Hardswish, Name = "b4_pw_bn")]
[Conv(128, 3, Padding = Padding.Same, Groups = 128, Bias = false, Name = "b5_dw")]
[BatchNorm(Activation.ReLU, Name = "b5_dw_bn")]
[Conv(128, 1, Bias = false, Name = "b5_pw")]
[BatchNorm(Activation.Hardswish, Name = "b5_pw_bn")]
[GlobalAvgPool(Name = "gap")]                                                                            // 128@1x1
[Dropout(0.2, Name = "drop")]
[Dense(10, Name = "fc")]                                                                                 // logits
public partial class MobileFashion { }
