using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// ShuffleNetV2 x1.0 (Ma et al. 2018, table 5; torchvision's shufflenet_v2_x1_0): conv1 (3x3 stride 2 to 24 maps, batch
/// norm, ReLU), a 3x3 stride-2 max pool, stages 2, 3 and 4 of 4, 8 and 4 units with 116, 232 and 464 maps (each stage's
/// first unit strides 2), conv5 (1x1 to 1024 maps, batch norm, ReLU), global average pooling and the classifier.
/// Layer names follow torchvision's state_dict (conv1.0.weight, stage2.0.branch1.0.weight, stage2.1.branch2.3.weight,
/// conv5.1.running_mean, fc.weight...). torchvision counts 2,278,604 parameters.
/// </summary>
[Network(3, 224, 224)]
[Conv(24, 3, Stride = 2, Pad = 1, Bias = false, DropRemainder = true, Name = "conv1.0")]  // 24@112x112
[BatchNorm(Activation.ReLU, Name = "conv1.1")]
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "maxpool")]              // 24@56x56
[ShuffleUnit(116, Stride = 2, Name = "stage2.0")]     // 116@28x28
[ShuffleUnit(116, Name = "stage2.1")]                 // 116@28x28, split
[ShuffleUnit(116, Name = "stage2.2")]                 // 116@28x28, split
[ShuffleUnit(116, Name = "stage2.3")]                 // 116@28x28, split
[ShuffleUnit(232, Stride = 2, Name = "stage3.0")]     // 232@14x14
[ShuffleUnit(232, Name = "stage3.1")]                 // 232@14x14, split
[ShuffleUnit(232, Name = "stage3.2")]                 // 232@14x14, split
[ShuffleUnit(232, Name = "stage3.3")]                 // 232@14x14, split
[ShuffleUnit(232, Name = "stage3.4")]                 // 232@14x14, split
[ShuffleUnit(232, Name = "stage3.5")]                 // 232@14x14, split
[ShuffleUnit(232, Name = "stage3.6")]                 // 232@14x14, split
[ShuffleUnit(232, Name = "stage3.7")]                 // 232@14x14, split
[ShuffleUnit(464, Stride = 2, Name = "stage4.0")]     // 464@7x7
[ShuffleUnit(464, Name = "stage4.1")]                 // 464@7x7, split
[ShuffleUnit(464, Name = "stage4.2")]                 // 464@7x7, split
[ShuffleUnit(464, Name = "stage4.3")]                 // 464@7x7, split
[Conv(1024, 1, Bias = false, Name = "conv5.0")]                                        // 1024@7x7
[BatchNorm(Activation.ReLU, Name = "conv5.1")]
[GlobalAvgPool(Name = "mean")]
[Dense(1000, Name = "fc")]
[Softmax(Name = "prob")]
public partial class ShuffleNetV2 { }
