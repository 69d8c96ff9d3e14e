using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// ZFNet (Zeiler &amp; Fergus 2013, figure 3): AlexNet with a 7x7 stride-2 first layer and a stride-2 second layer.
/// The 3x3/2 max poolings pad by 1 and round down (and conv1 pads by 1), which gives the figure's sizes
/// 110 -> 55 -> 26 -> 13 -> 6. The paper's contrast normalization is written as LRN.
/// </summary>
[Network(3, 224, 224)]
[Conv(96, 7, Activation.ReLU, Stride = 2, Pad = 1, DropRemainder = true, Name = "conv1")]   // 96@110x110
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "pool1")]                     // 96@55x55
[LocalResponseNorm(5, Alpha = 1e-4, Beta = 0.75, K = 2, Name = "norm1")]
[Conv(256, 5, Activation.ReLU, Stride = 2, Name = "conv2")]                                 // 256@26x26
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "pool2")]                     // 256@13x13
[LocalResponseNorm(5, Alpha = 1e-4, Beta = 0.75, K = 2, Name = "norm2")]
[Conv(384, 3, Activation.ReLU, Pad = 1, Name = "conv3")]
[Conv(384, 3, Activation.ReLU, Pad = 1, Name = "conv4")]
[Conv(256, 3, Activation.ReLU, Pad = 1, Name = "conv5")]                                    // 256@13x13
[MaxPool(3, Stride = 2, Name = "pool5")]                                                    // 256@6x6
[Dense(4096, Activation.ReLU, Name = "fc6")]
[Dropout(0.5, Name = "drop6")]
[Dense(4096, Activation.ReLU, Name = "fc7")]
[Dropout(0.5, Name = "drop7")]
[Dense(1000, Name = "fc8")]
[Softmax(Name = "prob")]
public partial class ZfNet { }
