using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// SqueezeNet 1.0 (Iandola et al. 2016, table 1; torchvision's squeezenet1_0): a 7x7 stride-2 stem of 96 maps, eight
/// fire modules between three 3x3 stride-2 max pools with PyTorch's ceil_mode=True, and a 1x1 convolution to 1000 maps
/// averaged into the logits. Ceil mode matters here: the second pool gives 27x27 from 54x54 (floor rounding: 26x26).
/// Layer names follow torchvision's state_dict (features.3.squeeze.weight...).
/// </summary>
[Network(3, 224, 224)]
[Conv(96, 7, Activation.ReLU, Stride = 2, DropRemainder = true, Name = "features.0")]  // 96@109x109
[MaxPool(3, Stride = 2, CeilMode = true, Name = "features.2")]                         // 96@54x54
[Fire(16, 64, 64, Name = "features.3")]                                                // 128@54x54
[Fire(16, 64, 64, Name = "features.4")]
[Fire(32, 128, 128, Name = "features.5")]                                              // 256@54x54
[MaxPool(3, Stride = 2, CeilMode = true, Name = "features.6")]                         // 256@27x27
[Fire(32, 128, 128, Name = "features.7")]
[Fire(48, 192, 192, Name = "features.8")]                                              // 384@27x27
[Fire(48, 192, 192, Name = "features.9")]
[Fire(64, 256, 256, Name = "features.10")]                                             // 512@27x27
[MaxPool(3, Stride = 2, CeilMode = true, Name = "features.11")]                        // 512@13x13
[Fire(64, 256, 256, Name = "features.12")]
[Dropout(0.5, Name = "classifier.0")]
[Conv(1000, 1, Activation.ReLU, Name = "classifier.1")]                                // 1000@13x13
[GlobalAvgPool(Name = "classifier.3")]                                                 // the logits
[Softmax(Name = "prob")]
public partial class SqueezeNet10 { }
