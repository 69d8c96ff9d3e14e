namespace NetGen.Samples.ModelZoo;

/// <summary>Every model of the zoo by name, with the paper's parameter count where the paper gives one.</summary>
public static class Zoo
{
    public sealed record Entry(string Name, NetworkSummary Summary, long? PaperParameters, string Source);

    public static readonly IReadOnlyList<Entry> Models =
    [
        new("AlexNet", AlexNet.Summary, 60_965_224, "Krizhevsky et al. 2012, two groups"),
        new("VGG-A", VggA.Summary, 132_863_336, "Simonyan & Zisserman 2014, config A"),
        new("VGG-A-LRN", VggALrn.Summary, 132_863_336, "config A-LRN (LRN has no parameters)"),
        new("VGG-B", VggB.Summary, 133_047_848, "config B"),
        new("VGG-C", VggC.Summary, 133_638_952, "config C"),
        new("VGG-D", VggD.Summary, 138_357_544, "config D (VGG-16)"),
        new("VGG-E", VggE.Summary, 143_667_240, "config E (VGG-19)"),
        new("NIN-MNIST", NinMnist.Summary, null, "Lin et al. 2013, map counts ours"),
    ];

    public static Entry? Find(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
}
