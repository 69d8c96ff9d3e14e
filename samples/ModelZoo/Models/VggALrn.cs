using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>VGG configuration A-LRN, 11 weight layers with LRN after the first convolution (Simonyan &amp; Zisserman 2014, table 1): 3x3 same-padded convolutions, 2x2 max pooling.</summary>
[Network(3, 224, 224)]
[Conv(64, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv1_1")]  // 64@224x224
[LocalResponseNorm(5, Alpha = 1e-4, Beta = 0.75, K = 2, Name = "lrn1")]
[MaxPool(2, Name = "pool1")]  // 64@112x112
[Conv(128, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv2_1")]  // 128@112x112
[MaxPool(2, Name = "pool2")]  // 128@56x56
[Conv(256, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv3_1")]  // 256@56x56
[Conv(256, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv3_2")]
[MaxPool(2, Name = "pool3")]  // 256@28x28
[Conv(512, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv4_1")]  // 512@28x28
[Conv(512, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv4_2")]
[MaxPool(2, Name = "pool4")]  // 512@14x14
[Conv(512, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv5_1")]  // 512@14x14
[Conv(512, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv5_2")]
[MaxPool(2, Name = "pool5")]  // 512@7x7
[Dense(4096, Activation.ReLU, Name = "fc6")]
[Dropout(0.5, Name = "drop6")]
[Dense(4096, Activation.ReLU, Name = "fc7")]
[Dropout(0.5, Name = "drop7")]
[Dense(1000, Name = "fc8")]
[Softmax(Name = "prob")]
public partial class VggALrn { }
