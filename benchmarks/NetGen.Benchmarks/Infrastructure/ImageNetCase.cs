using NetGen.Samples.ModelZoo;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>What <see cref="ThroughputColumn"/> needs of a case: images per operation, threads, forward FLOPs per image.</summary>
public interface IThroughputCase
{
    int Batch { get; }
    int Threads { get; }
    /// <summary>Useful forward FLOPs of one image (2 per multiply-add of the counted layers).</summary>
    double ForwardFlopsPerImage { get; }
}

/// <summary>
/// One zoo network at 224x224, batch 1, on <see cref="Threads"/> threads for the peers that can use them (TorchSharp's
/// set_num_threads, ONNX Runtime's intra-op threads; NetGen runs one image on one thread). Shown in the summary as e.g.
/// "ResNet-50 b1 1T". The libtorch peer is <see cref="Peers.TorchResNet"/> for the ResNets (NetGen's v1 bottleneck is
/// not torchvision's) and torchvision's own module for the mobile networks, whose state_dict names NetGen's zoo uses
/// (<see cref="Peers.TorchEfficientNet"/>, written here with torchvision's names, for EfficientNet-B0).
/// FLOPs = 2 x the multiply-adds of the convolutions and the fully connected layers in NetGen's Summary (batch norm,
/// activations, pooling, adds, the squeeze-and-excitation gates' multiplies and softmax not counted: the usual
/// convention, and the papers' figures).
/// </summary>
public sealed record ImageNetCase(string Model, int Threads = 1) : IThroughputCase, IComparable<ImageNetCase>, IComparable
{
    public static ImageNetCase ResNet18 { get; } = new("ResNet-18");
    public static ImageNetCase ResNet50 { get; } = new("ResNet-50");
    public static ImageNetCase ResNet18TwoThreads { get; } = new("ResNet-18", 2);
    public static ImageNetCase MobileNetV2 { get; } = new("MobileNetV2");
    public static ImageNetCase MobileNetV3Large { get; } = new("MobileNetV3-Large");
    public static ImageNetCase EfficientNetB0 { get; } = new("EfficientNet-B0");

    /// <summary>Every model once, on one thread (the cross-checks and profiles).</summary>
    public static IEnumerable<ImageNetCase> Models => [ResNet18, ResNet50, MobileNetV2, MobileNetV3Large, EfficientNetB0];

    public int Batch => 1;

    public NetworkSummary Summary => Model switch
    {
        "ResNet-18" => NetGen.Samples.ModelZoo.ResNet18.Summary,
        "ResNet-50" => NetGen.Samples.ModelZoo.ResNet50.Summary,
        "MobileNetV2" => NetGen.Samples.ModelZoo.MobileNetV2.Summary,
        "MobileNetV3-Large" => NetGen.Samples.ModelZoo.MobileNetV3Large.Summary,
        "EfficientNet-B0" => NetGen.Samples.ModelZoo.EfficientNetB0.Summary,
        _ => throw Unknown(),
    };

    /// <summary>A new NetGen instance (parameters, gradients and activations: hundreds of MB for ResNet-50).</summary>
    public INetwork CreateNetGen(int seed) => Model switch
    {
        "ResNet-18" => new ResNet18(seed),
        "ResNet-50" => new ResNet50(seed),
        "MobileNetV2" => new MobileNetV2(seed),
        "MobileNetV3-Large" => new MobileNetV3Large(seed),
        "EfficientNet-B0" => new EfficientNetB0(seed),
        _ => throw Unknown(),
    };

    /// <summary>The libtorch module computing the same LOGITS (the benchmark applies the softmax NetGen ends with).</summary>
    public nn.Module<Tensor, Tensor> CreateTorch() => Model switch
    {
        "ResNet-18" => Peers.TorchResNet.ResNet18(),
        "ResNet-50" => Peers.TorchResNet.ResNet50(),
        "MobileNetV2" => torchvision.models.mobilenet_v2(),
        "MobileNetV3-Large" => torchvision.models.mobilenet_v3_large(),
        // TorchVision 0.107 has no efficientnet_b0: this project's module with torchvision's structure and names.
        "EfficientNet-B0" => new Peers.TorchEfficientNet(),
        _ => throw Unknown(),
    };

    /// <summary>NetGen's per-layer forward times (the generated class's Profile).</summary>
    public NetworkProfile Profile(INetwork net, float[] input, int repetitions) => net switch
    {
        ResNet18 n => n.Profile(input, repetitions),
        ResNet50 n => n.Profile(input, repetitions),
        MobileNetV2 n => n.Profile(input, repetitions),
        MobileNetV3Large n => n.Profile(input, repetitions),
        EfficientNetB0 n => n.Profile(input, repetitions),
        _ => throw Unknown(),
    };

    /// <summary>Multiply-adds of the convolutions and dense layers of one forward pass.</summary>
    public long ConvDenseMultiplyAdds => CountedMultiplyAdds(Summary);

    public double ForwardFlopsPerImage => 2.0 * ConvDenseMultiplyAdds;

    public static long CountedMultiplyAdds(NetworkSummary summary) =>
        summary.Layers.Where(l => l.Kind.StartsWith("conv", StringComparison.Ordinal) || l.Kind == "dense").Sum(l => l.MultiplyAdds);

    InvalidOperationException Unknown() => new($"Unknown model {Model}.");

    public int CompareTo(ImageNetCase? other) =>
        other is null ? 1 : Model != other.Model ? string.CompareOrdinal(Model, other.Model) : Threads.CompareTo(other.Threads);

    public int CompareTo(object? obj) => CompareTo(obj as ImageNetCase);

    public override string ToString() => $"{Model} b{Batch} {Threads}T";
}
