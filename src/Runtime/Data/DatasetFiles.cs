namespace NetGen.Data;

/// <summary>The four IDX files of an MNIST-style data set (each raw or .gz).</summary>
public sealed record DatasetFiles(string TrainImages, string TrainLabels, string TestImages, string TestLabels)
{
    /// <summary>The original base names, shared by MNIST and Fashion-MNIST.</summary>
    public static readonly string[] BaseNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>
    /// Finds the four files in <paramref name="directory"/>, each as its base name or with ".gz" (raw preferred);
    /// null when any is missing. <paramref name="missing"/> lists the ones not found.
    /// </summary>
    public static DatasetFiles? Find(string directory, out IReadOnlyList<string> missing)
    {
        var found = new string?[BaseNames.Length];
        var absent = new List<string>();
        for (int i = 0; i < BaseNames.Length; i++)
        {
            string raw = Path.Combine(directory, BaseNames[i]);
            found[i] = File.Exists(raw) ? raw : File.Exists(raw + ".gz") ? raw + ".gz" : null;
            if (found[i] is null)
                absent.Add(BaseNames[i]);
        }
        missing = absent;
        return absent.Count == 0 ? new DatasetFiles(found[0]!, found[1]!, found[2]!, found[3]!) : null;
    }

    public DatasetPair Load(string name) =>
        new(Dataset.Load(name + " train", TrainImages, TrainLabels), Dataset.Load(name + " test", TestImages, TestLabels));
}
