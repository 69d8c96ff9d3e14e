using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// GoogLeNet (Szegedy et al. 2014, table 1) without the auxiliary classifiers: the inception modules take the table's
/// columns (#1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj). The 3x3/2 max poolings pad by 1 and round down, which
/// gives the table's sizes (112 -> 56 -> 28 -> 14 -> 7).
/// </summary>
[Network(3, 224, 224)]
[Conv(64, 7, Activation.ReLU, Stride = 2, Pad = 3, DropRemainder = true, Name = "conv1")]   // 64@112x112
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "pool1")]                     // 64@56x56
[LocalResponseNorm(5, Alpha = 1e-4, Beta = 0.75, K = 1, Name = "norm1")]
[Conv(64, 1, Activation.ReLU, Name = "conv2_reduce")]
[Conv(192, 3, Activation.ReLU, Padding = Padding.Same, Name = "conv2")]                      // 192@56x56
[LocalResponseNorm(5, Alpha = 1e-4, Beta = 0.75, K = 1, Name = "norm2")]
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "pool2")]                     // 192@28x28
[Inception(64, 96, 128, 16, 32, 32, Name = "inception3a")]                                   // 256@28x28
[Inception(128, 128, 192, 32, 96, 64, Name = "inception3b")]                                 // 480@28x28
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "pool3")]                      // halves the maps
[Inception(192, 96, 208, 16, 48, 64, Name = "inception4a")]                                  // 512@14x14
[Inception(160, 112, 224, 24, 64, 64, Name = "inception4b")]                                 // 512@14x14
[Inception(128, 128, 256, 24, 64, 64, Name = "inception4c")]                                 // 512@14x14
[Inception(112, 144, 288, 32, 64, 64, Name = "inception4d")]                                 // 528@14x14
[Inception(256, 160, 320, 32, 128, 128, Name = "inception4e")]                               // 832@14x14
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "pool4")]                      // halves the maps
[Inception(256, 160, 320, 32, 128, 128, Name = "inception5a")]                               // 832@7x7
[Inception(384, 192, 384, 48, 128, 128, Name = "inception5b")]                               // 1024@7x7
[GlobalAvgPool(Name = "pool5")]                                                              // 1024@1x1
[Dropout(0.4, Name = "drop")]
[Dense(1000, Name = "linear")]
[Softmax(Name = "prob")]
public partial class GoogLeNet { }
