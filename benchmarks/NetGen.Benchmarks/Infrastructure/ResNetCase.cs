using NetGen.Benchmarks.Peers;
using NetGen.Samples.ModelZoo;

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
/// One zoo ResNet at 224x224, batch 1, on <see cref="Threads"/> threads for the peers that can use them (TorchSharp's
/// set_num_threads, ONNX Runtime's intra-op threads; NetGen runs one image on one thread). Shown in the summary as e.g.
/// "ResNet-50 b1 1T".
/// FLOPs = 2 x the multiply-adds of the convolutions and the fully connected layer in NetGen's Summary (batch norm,
/// ReLU, pooling, residual adds and softmax not counted: the usual convention, and the paper's 3.6/3.8 x10^9 figures).
/// </summary>
public sealed record ResNetCase(string Model, int Threads = 1) : IThroughputCase, IComparable<ResNetCase>, IComparable
{
    public static ResNetCase ResNet18 { get; } = new("ResNet-18");
    public static ResNetCase ResNet50 { get; } = new("ResNet-50");

    public static ResNetCase ResNet18TwoThreads { get; } = new("ResNet-18", 2);

    public int Batch => 1;

    public NetworkSummary Summary => Model switch
    {
        "ResNet-18" => NetGen.Samples.ModelZoo.ResNet18.Summary,
        "ResNet-50" => NetGen.Samples.ModelZoo.ResNet50.Summary,
        _ => throw new InvalidOperationException($"Unknown model {Model}."),
    };

    /// <summary>A new NetGen instance (parameters, gradients and activations: hundreds of MB for ResNet-50).</summary>
    public INetwork CreateNetGen(int seed) => Model switch
    {
        "ResNet-18" => new ResNet18(seed),
        "ResNet-50" => new ResNet50(seed),
        _ => throw new InvalidOperationException($"Unknown model {Model}."),
    };

    public TorchResNet CreateTorch() => Model switch
    {
        "ResNet-18" => TorchResNet.ResNet18(),
        "ResNet-50" => TorchResNet.ResNet50(),
        _ => throw new InvalidOperationException($"Unknown model {Model}."),
    };

    /// <summary>Multiply-adds of the convolutions and dense layers of one forward pass.</summary>
    public long ConvDenseMultiplyAdds => CountedMultiplyAdds(Summary);

    public double ForwardFlopsPerImage => 2.0 * ConvDenseMultiplyAdds;

    public static long CountedMultiplyAdds(NetworkSummary summary) =>
        summary.Layers.Where(l => l.Kind.StartsWith("conv", StringComparison.Ordinal) || l.Kind == "dense").Sum(l => l.MultiplyAdds);

    public int CompareTo(ResNetCase? other) =>
        other is null ? 1 : Model != other.Model ? string.CompareOrdinal(Model, other.Model) : Threads.CompareTo(other.Threads);

    public int CompareTo(object? obj) => CompareTo(obj as ResNetCase);

    public override string ToString() => $"{Model} b{Batch} {Threads}T";
}
