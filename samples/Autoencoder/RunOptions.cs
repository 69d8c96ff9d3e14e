namespace NetGen.Samples.Autoencoder;

/// <summary>What a run is told on the command line, already validated.</summary>
public sealed record RunOptions
{
    public int Epochs { get; init; }
    public int BatchSize { get; init; }
    public float LearningRate { get; init; }
    public float Momentum { get; init; }
    public int Seed { get; init; }
    public string? DataDirectory { get; init; }
    public string OutputDirectory { get; init; } = CommandLine.Defaults.OutputDirectory;
    public int Threads { get; init; }

    public TrainerSettings Trainer => new()
    {
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Momentum = Momentum,
        Seed = Seed,
        Threads = Threads,
    };
}
