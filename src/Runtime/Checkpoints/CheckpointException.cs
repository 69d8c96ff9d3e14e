namespace NetGen.Checkpoints;

/// <summary>A checkpoint was refused; the message names the file and the problem. The network was left unchanged.</summary>
public sealed class CheckpointException(string path, string problem, Exception? inner = null)
    : IOException($"{path}: {problem}", inner)
{
    public string FilePath { get; } = path;
    public string Problem { get; } = problem;
}
