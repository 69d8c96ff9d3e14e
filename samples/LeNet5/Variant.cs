using NetGen.Losses;

namespace NetGen.Samples.LeNet5;

/// <summary>Which network the sample trains.</summary>
public enum Variant
{
    /// <summary>LeCun et al. (1998): C3 table, trainable subsampling, scaled tanh, fixed RBF glyph centres, MAP loss.</summary>
    Classic,
    /// <summary>ReLU, max pooling, logits with softmax cross-entropy.</summary>
    Modern,
    /// <summary>Classic, but C3 learns its connection table (softmax-mixed inputs) instead of LeCun's fixed one.</summary>
    Learned,
}

/// <summary>How to build a variant's network and loss.</summary>
public sealed record Recipe(string Name, Func<int, INetwork> Create, Func<RunOptions, ILoss> Loss, string CheckpointName)
{
    public static Recipe For(Variant variant) => variant switch
    {
        Variant.Classic => new("LeNet-5 (classic)", seed => new LeNet5(seed), o => new RbfMapLoss(o.MapJ), "lenet5.safetensors"),
        Variant.Modern => new("LeNet-5 (modern)", seed => new LeNet5Modern(seed), _ => new SoftmaxCrossEntropyLoss(), "lenet5-modern.safetensors"),
        Variant.Learned => new("LeNet-5 (learned C3 table)", seed => new LeNet5Learned(seed), o => new RbfMapLoss(o.MapJ), "lenet5-learned.safetensors"),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };
}
