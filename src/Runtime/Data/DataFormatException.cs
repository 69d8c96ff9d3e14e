namespace NetGen.Data;

/// <summary>A data file is not what it claims to be; the message names the file and the problem.</summary>
public sealed class DataFormatException : IOException
{
    public DataFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file that was rejected.</summary>
    public string FilePath { get; }
    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
