using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// SqueezeNet 1.1 (Iandola et al. 2016; the 1.1 revision of the SqueezeNet repository, as torchvision's squeezenet1_1):
/// a 3x3 stride-2 stem, eight fire modules between three 3x3 stride-2 max pools, and a 1x1 convolution to 1000 maps
/// averaged into the logits. PyTorch's pools use ceil_mode=True; at 224x224 every pool here fits exactly (111, 55, 27 ->
/// 55, 27, 13), so the floor rounding NetGen has gives the same shapes. Layer names follow torchvision's state_dict.
/// </summary>
[Network(3, 224, 224)]
[Conv(64, 3, Activation.ReLU, Stride = 2, DropRemainder = true, Name = "features.0")]  // 64@111x111
[MaxPool(3, Stride = 2, Name = "features.2")]                                          // 64@55x55
[Fire(16, 64, 64, Name = "features.3")]                                                // 128@55x55
[Fire(16, 64, 64, Name = "features.4")]
[MaxPool(3, Stride = 2, Name = "features.5")]                                          // 128@27x27
[Fire(32, 128, 128, Name = "features.6")]                                              // 256@27x27
[Fire(32, 128, 128, Name = "features.7")]
[MaxPool(3, Stride = 2, Name = "features.8")]                                          // 256@13x13
[Fire(48, 192, 192, Name = "features.9")]                                              // 384@13x13
[Fire(48, 192, 192, Name = "features.10")]
[Fire(64, 256, 256, Name = "features.11")]                                             // 512@13x13
[Fire(64, 256, 256, Name = "features.12")]
[Dropout(0.5, Name = "classifier.0")]
[Conv(1000, 1, Activation.ReLU, Name = "classifier.1")]                                // 1000@13x13
[GlobalAvgPool(Name = "classifier.3")]                                                 // the logits
[Softmax(Name = "prob")]
public partial class SqueezeNet11 { }
