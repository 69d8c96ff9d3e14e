using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>ResNet-101 (He et al. 2015, table 1): bottleneck blocks 3-4-23-3, batch norm after every convolution,
/// projection shortcuts where the shape changes. Layer names follow torchvision, so its state_dict names match.</summary>
[Network(3, 224, 224)]
[Conv(64, 7, Stride = 2, Pad = 3, Bias = false, DropRemainder = true, Name = "conv1")]  // 64@112x112
[BatchNorm(Activation.ReLU, Name = "bn1")]
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "maxpool")]            // 64@56x56
[Residual(64, Bottleneck = true, Repeat = 3, Name = "layer1")]                      // 256@56x56
[Residual(128, Stride = 2, Bottleneck = true, Repeat = 4, Name = "layer2")]         // 512@28x28
[Residual(256, Stride = 2, Bottleneck = true, Repeat = 23, Name = "layer3")]        // 1024@14x14
[Residual(512, Stride = 2, Bottleneck = true, Repeat = 3, Name = "layer4")]         // 2048@7x7
[GlobalAvgPool(Name = "avgpool")]
[Dense(1000, Name = "fc")]
[Softmax(Name = "prob")]
public partial class ResNet101 { }
