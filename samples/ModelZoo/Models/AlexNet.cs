using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// AlexNet (Krizhevsky, Sutskever, Hinton 2012) with the paper's two-GPU split as groups of 2 on conv2, conv4 and conv5.
/// The input is 227x227 (the paper says 224; 227 makes the 11x11 stride-4 arithmetic exact, as is customary).
/// </summary>
[Network(3, 227, 227)]
[Conv(96, 11, Activation.ReLU, Stride = 4, Name = "conv1")]                  // 96@55x55
[LocalResponseNorm(5, Alpha = 1e-4, Beta = 0.75, K = 2, Name = "norm1")]
[MaxPool(3, Stride = 2, Name = "pool1")]                                     // 96@27x27
[Conv(256, 5, Activation.ReLU, Pad = 2, Groups = 2, Name = "conv2")]         // 256@27x27
[LocalResponseNorm(5, Alpha = 1e-4, Beta = 0.75, K = 2, Name = "norm2")]
[MaxPool(3, Stride = 2, Name = "pool2")]                                     // 256@13x13
[Conv(384, 3, Activation.ReLU, Pad = 1, Name = "conv3")]
[Conv(384, 3, Activation.ReLU, Pad = 1, Groups = 2, Name = "conv4")]
[Conv(256, 3, Activation.ReLU, Pad = 1, Groups = 2, Name = "conv5")]
[MaxPool(3, Stride = 2, Name = "pool5")]                                     // 256@6x6
[Dense(4096, Activation.ReLU, Name = "fc6")]
[Dropout(0.5, Name = "drop6")]
[Dense(4096, Activation.ReLU, Name = "fc7")]
[Dropout(0.5, Name = "drop7")]
[Dense(1000, Name = "fc8")]
[Softmax(Name = "prob")]
public partial class AlexNet { }
