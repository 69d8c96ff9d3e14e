namespace NetGen.Data;

/// <summary>Fashion-MNIST, as Debian's package <c>dataset-fashion-mnist</c> installs it (the four IDX files, gzipped).</summary>
public static class FashionMnist
{
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";
    public const string EnvironmentVariable = "NETGEN_FASHION_MNIST_DIR";

    /// <summary>The ten class names, by label.</summary>
    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>From <paramref name="dataDirectory"/>, else <c>$NETGEN_FASHION_MNIST_DIR</c>, else <see cref="DebianDirectory"/>.</summary>
    public static DatasetFiles Locate(string? dataDirectory = null)
    {
        string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string directory = !string.IsNullOrEmpty(dataDirectory) ? dataDirectory : !string.IsNullOrEmpty(env) ? env : DebianDirectory;
        return DatasetFiles.Find(directory, out var missing) ?? throw new FileNotFoundException(
            $"Fashion-MNIST not found in '{directory}' (missing {string.Join(", ", missing)}); " +
            "install it with 'apt-get install dataset-fashion-mnist' or pass a directory holding the IDX files.");
    }

    public static DatasetPair Load(string? dataDirectory = null) => Locate(dataDirectory).Load("Fashion-MNIST");
}
