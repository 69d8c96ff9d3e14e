using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// Network-in-Network (Lin, Chen, Yan 2013) for 28x28 MNIST digits: three mlpconv layers (a convolution followed by
/// two 1x1 convolutions, all ReLU), max pooling and dropout between them, and global average pooling over ten maps
/// instead of dense layers. The paper describes its MNIST model only as the CIFAR-10 one with fewer maps; these map
/// counts (96) are ours. It ends in the ten averaged maps as logits: the softmax is in the loss (softmax cross-entropy,
/// as the paper's Caffe model trains), so the network itself has no [Softmax]. samples/LeNet5 trains it (--variant nin).
/// </summary>
[Network(1, 28, 28)]
[Conv(96, 5, Activation.ReLU, Padding = Padding.Same, Name = "mlpconv1")]  // 96@28x28
[Conv(96, 1, Activation.ReLU, Name = "cccp1")]
[Conv(96, 1, Activation.ReLU, Name = "cccp2")]
[MaxPool(2, Name = "pool1")]                                               // 96@14x14
[Dropout(0.5, Name = "drop1")]
[Conv(96, 5, Activation.ReLU, Padding = Padding.Same, Name = "mlpconv2")]
[Conv(96, 1, Activation.ReLU, Name = "cccp3")]
[Conv(96, 1, Activation.ReLU, Name = "cccp4")]
[MaxPool(2, Name = "pool2")]                                               // 96@7x7
[Dropout(0.5, Name = "drop2")]
[Conv(96, 3, Activation.ReLU, Padding = Padding.Same, Name = "mlpconv3")]
[Conv(96, 1, Activation.ReLU, Name = "cccp5")]
[Conv(10, 1, Activation.ReLU, Name = "cccp6")]                             // 10@7x7, one map per class
[GlobalAvgPool(Name = "gap")]                                              // 10@1x1: the logits
public partial class NinMnist { }
