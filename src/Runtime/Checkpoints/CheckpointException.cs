namespace NetGen.Checkpoints;

/// <summary>A checkpoint was refused; the message names the file and the problem. The network was left unchanged.</summary>
public sealed class CheckpointException : IOException
{
    public CheckpointException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
        Problems = [problem];
    }

    /// <summary>
    /// One refusal for several problems (every missing, extra and mismatched tensor): the message gives each its own
    /// line under <paramref name="summary"/>; <see cref="Problem"/> keeps them on one line, separated by semicolons.
    /// </summary>
    public CheckpointException(string path, string summary, IReadOnlyList<string> problems)
        : base($"{path}: {summary}:{string.Concat(problems.Select(p => "\n  " + p))}")
    {
        FilePath = path;
        Problem = $"{summary}: {string.Join("; ", problems)}";
        Problems = problems;
    }

    public string FilePath { get; }
    /// <summary>What is wrong, on one line, without the path.</summary>
    public string Problem { get; }
    /// <summary>Each problem found, one line each (a single one for most refusals).</summary>
    public IReadOnlyList<string> Problems { get; }
}
