namespace NetGen.Samples.ModelZoo;

/// <summary>Every model of the zoo by name, with the paper's parameter count where the paper gives one.</summary>
public static class Zoo
{
    public sealed record Entry(string Name, NetworkSummary Summary, long? PaperParameters, string Source);

    public static readonly IReadOnlyList<Entry> Models =
    [
        new("AlexNet", AlexNet.Summary, 60_965_224, "Krizhevsky et al. 2012, two groups"),
        new("ZFNet", ZfNet.Summary, null, "Zeiler & Fergus 2013 (no total given; shapes as figure 3)"),
        new("VGG-A", VggA.Summary, 132_863_336, "Simonyan & Zisserman 2014, config A"),
        new("VGG-A-LRN", VggALrn.Summary, 132_863_336, "config A-LRN (LRN has no parameters)"),
        new("VGG-B", VggB.Summary, 133_047_848, "config B"),
        new("VGG-C", VggC.Summary, 133_638_952, "config C"),
        new("VGG-D", VggD.Summary, 138_357_544, "config D (VGG-16)"),
        new("VGG-E", VggE.Summary, 143_667_240, "config E (VGG-19)"),
        new("NIN-MNIST", NinMnist.Summary, null, "Lin et al. 2013, map counts ours"),
        new("GoogLeNet", GoogLeNet.Summary, null, "Szegedy et al. 2014 (table 1 gives per-layer counts; no auxiliary heads)"),
        new("ResNet-18", ResNet18.Summary, 11_689_512, "He et al. 2015, with batch norm (torchvision's count)"),
        new("ResNet-34", ResNet34.Summary, 21_797_672, "He et al. 2015"),
        new("ResNet-50", ResNet50.Summary, 25_557_032, "He et al. 2015"),
        new("ResNet-101", ResNet101.Summary, 44_549_160, "He et al. 2015"),
        new("ResNet-152", ResNet152.Summary, 60_192_808, "He et al. 2015"),
        new("SqueezeNet-1.0", SqueezeNet10.Summary, 1_248_424, "Iandola et al. 2016, table 1 (torchvision's count)"),
        new("SqueezeNet-1.1", SqueezeNet11.Summary, 1_235_496, "Iandola et al. 2016, the 1.1 revision (torchvision's count)"),
        new("MobileNetV2", MobileNetV2.Summary, 3_504_872, "Sandler et al. 2018, width 1.0 (torchvision's count)"),
        new("MobileNetV3-Large", MobileNetV3Large.Summary, 5_483_032, "Howard et al. 2019 (torchvision's count)"),
        new("MobileNetV3-Small", MobileNetV3Small.Summary, 2_542_856, "Howard et al. 2019 (torchvision's count)"),
        new("EfficientNet-B0", EfficientNetB0.Summary, 5_288_548, "Tan & Le 2019 (torchvision's count)"),
        new("Autoencoder", Autoencoder.ConvAutoencoder.Summary, null, "a small convolutional autoencoder for MNIST (samples/Autoencoder trains it)"),
        new("ShuffleNetV2-x1.0", ShuffleNetV2.Summary, 2_278_604, "Ma et al. 2018, table 5 (torchvision's count)"),
        new("DenseNet-121", DenseNet121.Summary, 7_978_856, "Huang et al. 2017, DenseNet-BC (torchvision's count)"),
    ];

    public static Entry? Find(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
}
