using NetGen;

namespace NetGen.Samples.ModelZoo;

/// <summary>
/// DenseNet-121 (Huang et al. 2017, DenseNet-BC, table 1; torchvision's densenet121): a 7x7 stride-2 stem with batch norm
/// and ReLU, a 3x3 stride-2 max pool, four dense blocks of 6, 12, 24 and 16 layers (growth rate 32, bottleneck 4 x 32
/// maps), transitions halving the maps between them, a final batch norm and ReLU (torchvision's norm5 and the functional
/// relu), global average pooling and the classifier. 7,978,856 parameters; the batch norms' running statistics are
/// state. Layer names follow torchvision's state_dict (features.denseblock1.denselayer1.norm1.weight,
/// features.transition1.conv.weight, classifier.weight...).
/// </summary>
[Network(3, 224, 224)]
[Conv(64, 7, Stride = 2, Pad = 3, Bias = false, DropRemainder = true, Name = "features.conv0")]  // 64@112x112
[BatchNorm(Activation.ReLU, Name = "features.norm0")]
[MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "features.pool0")]              // 64@56x56
[DenseBlock(6, 32, Name = "features.denseblock1")]                                           // 256@56x56
[Transition(128, Name = "features.transition1")]                                             // 128@28x28
[DenseBlock(12, 32, Name = "features.denseblock2")]                                          // 512@28x28
[Transition(256, Name = "features.transition2")]                                             // 256@14x14
[DenseBlock(24, 32, Name = "features.denseblock3")]                                          // 1024@14x14
[Transition(512, Name = "features.transition3")]                                             // 512@7x7
[DenseBlock(16, 32, Name = "features.denseblock4")]                                          // 1024@7x7
[BatchNorm(Activation.ReLU, Name = "features.norm5")]
[GlobalAvgPool(Name = "avgpool")]
[Dense(1000, Name = "classifier")]
[Softmax(Name = "prob")]
public partial class DenseNet121 { }
