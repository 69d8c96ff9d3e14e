using System.Buffers.Binary;
using System.Text;
using NetGen.Checkpoints;

namespace NetGen.Runtime.Tests;

public class SafeTensorsTests
{
    static FakeLinearNetwork Trained(int seed = 1)
    {
        var net = new FakeLinearNetwork();
        net.InitializeParameters(seed);
        return net;
    }

    [Fact]
    public void RoundTripsParametersAndMetadata()
    {
        using var dir = new TempDirectory();
        var source = Trained();
        string path = dir.File("net.safetensors");
        SafeTensors.Save(source, path, new Dictionary<string, string> { ["epoch"] = "7" });
        var target = Trained(seed: 2);
        Assert.NotEqual(source.Parameters.ToArray(), target.Parameters.ToArray());
        var metadata = SafeTensors.Load(target, path);
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal("7", metadata["epoch"]);
        Assert.Equal("fake-linear", metadata["architecture"]);
    }

    [Fact]
    public void WritesTheSafetensorsLayout()
    {
        using var dir = new TempDirectory();
        var net = Trained();
        string path = dir.File("net.safetensors");
        SafeTensors.Save(net, path);
        var bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Contains("\"L.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}", header);
        Assert.Contains("\"L.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]}", header);
        Assert.Equal(8 + headerLength + 4 * net.ParameterCount, bytes.Length);
        Assert.Equal(net.Parameters[12], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + (int)headerLength + 48)));
    }

    [Fact]
    public void AtomicSaveLeavesOnlyTheCheckpoint()
    {
        using var dir = new TempDirectory();
        string path = dir.File("net.safetensors");
        SafeTensors.Save(Trained(1), path);
        SafeTensors.Save(Trained(2), path); // overwrite
        Assert.Equal(["net.safetensors"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        var net = Trained(3);
        SafeTensors.Load(net, path);
        Assert.Equal(Trained(2).Parameters.ToArray(), net.Parameters.ToArray());
    }

    /// <summary>Writes a safetensors file by hand: header JSON as given, then <paramref name="dataBytes"/> zero bytes.</summary>
    static string Handmade(TempDirectory dir, string json, int dataBytes, ulong? declaredLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        string path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    const string Meta = "\"__metadata__\":{\"architecture\":\"fake-linear\"}";
    const string Weight = "\"L.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}";
    const string Bias = "\"L.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]}";
    const string Fixed = "\"L.fixed\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,68]}";

    static CheckpointException Refused(string path)
    {
        var net = Trained();
        var before = net.Parameters.ToArray();
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Load(net, path));
        Assert.Contains(path, e.Message);
        Assert.Equal(before, net.Parameters.ToArray());
        return e;
    }

    [Fact]
    public void HandmadeValidFileLoads()
    {
        using var dir = new TempDirectory();
        var net = Trained();
        SafeTensors.Load(net, Handmade(dir, $"{{{Meta},{Weight},{Bias},{Fixed}}}", 68));
        Assert.All(net.Parameters.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void RefusesWrongShape()
    {
        using var dir = new TempDirectory();
        var e = Refused(Handmade(dir, $"{{{Meta},{Weight.Replace("[3,4]", "[4,3]")},{Bias},{Fixed}}}", 68));
        Assert.Contains("'L.weight' has shape [4,3], this network expects [3,4]", e.Message);
    }

    [Fact]
    public void RefusesWrongNames()
    {
        using var dir = new TempDirectory();
        var e = Refused(Handmade(dir, $"{{{Meta},{Weight.Replace("L.weight", "L.weights")},{Bias},{Fixed}}}", 68));
        Assert.Contains("missing tensor 'L.weight' [3,4]", e.Message);
        Assert.Contains("unexpected tensor 'L.weights'", e.Message);
    }

    [Fact]
    public void RefusesMissingTensor()
    {
        using var dir = new TempDirectory();
        Assert.Contains("missing tensor 'L.fixed' [2]", Refused(Handmade(dir, $"{{{Meta},{Weight},{Bias}}}", 60)).Message);
    }

    [Fact]
    public void RefusesExtraTensor()
    {
        using var dir = new TempDirectory();
        string extra = "\"F6.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[68,72]}";
        Assert.Contains("unexpected tensor 'F6.weight'", Refused(Handmade(dir, $"{{{Meta},{Weight},{Bias},{Fixed},{extra}}}", 72)).Message);
    }

    [Fact]
    public void RefusesWrongDtype()
    {
        using var dir = new TempDirectory();
        var e = Refused(Handmade(dir, $"{{{Meta},{Weight},{Bias.Replace("F32", "F16")},{Fixed}}}", 68));
        Assert.Contains("'L.bias' has dtype F16, expected F32", e.Message);
    }

    [Fact]
    public void RefusesTruncatedFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("net.safetensors");
        SafeTensors.Save(Trained(), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        Assert.Contains("truncated", Refused(path).Message);
        File.WriteAllBytes(path, bytes[..5]);
        Assert.Contains("too short", Refused(path).Message);
    }

    [Fact]
    public void RefusesTrailingOrOverlappingData()
    {
        using var dir = new TempDirectory();
        Assert.Contains("cover 68 data bytes but the file holds 72", Refused(Handmade(dir, $"{{{Meta},{Weight},{Bias},{Fixed}}}", 72)).Message);
        var overlapping = Fixed.Replace("[60,68]", "[56,64]");
        Assert.Contains("not contiguous", Refused(Handmade(dir, $"{{{Meta},{Weight},{Bias},{overlapping}}}", 68)).Message);
    }

    [Fact]
    public void RefusesOversizeHeaderLength()
    {
        using var dir = new TempDirectory();
        var e = Refused(Handmade(dir, "{}", 0, declaredLength: ulong.MaxValue));
        Assert.Contains("exceeds the limit", e.Message);
    }

    [Fact]
    public void RefusesHeaderLengthBeyondTheFile()
    {
        using var dir = new TempDirectory();
        Assert.Contains("runs past the end", Refused(Handmade(dir, $"{{{Meta}}}", 0, declaredLength: 5000)).Message);
    }

    [Fact]
    public void RefusesGarbageJson()
    {
        using var dir = new TempDirectory();
        Assert.Contains("not valid JSON", Refused(Handmade(dir, "{\"L.weight\": [1,2,", 68)).Message);
        Assert.Contains("not an object", Refused(Handmade(dir, "[1,2,3]", 0)).Message);
        Assert.Contains("no data_offsets", Refused(Handmade(dir, $"{{{Meta},\"L.weight\":{{\"dtype\":\"F32\",\"shape\":[3,4]}}}}", 0)).Message);
    }

    [Fact]
    public void RefusesArchitectureMismatch()
    {
        using var dir = new TempDirectory();
        string path = dir.File("net.safetensors");
        SafeTensors.Save(Trained(), path, "lenet5-classic");
        var e = Refused(path);
        Assert.Contains("architecture mismatch", e.Message);
        Assert.Contains("lenet5-classic", e.Message);
    }
}
