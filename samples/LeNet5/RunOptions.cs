namespace NetGen.Samples.LeNet5;

/// <summary>Everything a training run is told on the command line, already validated.</summary>
public sealed record RunOptions
{
    public Variant Variant { get; init; } = Variant.Classic;
    public string Dataset { get; init; } = "mnist";
    public string? DataDirectory { get; init; }
    public int Epochs { get; init; }
    public int BatchSize { get; init; }
    public float LearningRate { get; init; }
    public ScheduleKind Schedule { get; init; }
    /// <summary>SGD (the default), Adam or AdamW.</summary>
    public OptimizerKind Optimizer { get; init; }
    /// <summary>SGD only.</summary>
    public float Momentum { get; init; }
    /// <summary>When set, each batch's mean gradient is clipped to this global L2 norm (PyTorch's clip_grad_norm_).</summary>
    public float? MaxGradientNorm { get; init; }
    public float WeightDecay { get; init; }
    /// <summary>The j of LeCun's MAP loss (classic variant only).</summary>
    public float MapJ { get; init; }
    public int Seed { get; init; }
    /// <summary>Random affine distortions of the training images, as LeCun et al. (1998) used for their 0.8%.</summary>
    public bool Distort { get; init; }
    /// <summary>Adds Simard et al.'s (2003) elastic field to the distortions.</summary>
    public bool Elastic { get; init; }
    public int Threads { get; init; }
    public string OutputDirectory { get; init; } = "out/lenet5";
    public string? JsonPath { get; init; }
    /// <summary>When set, the trained network is also written here as an ONNX model (NetGen's exporter).</summary>
    public string? OnnxPath { get; init; }
    public string? ResumePath { get; init; }
    /// <summary>When positive, the last this many training images replace the test set (for tuning without the test set).</summary>
    public int Validation { get; init; }
    /// <summary>The SIMD path of the generated kernels (Auto: the widest the hardware accelerates).</summary>
    public Isa Isa { get; init; }
}
