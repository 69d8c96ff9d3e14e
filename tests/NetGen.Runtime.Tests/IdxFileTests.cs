using NetGen.Data;

namespace NetGen.Runtime.Tests;

public class IdxFileTests
{
    static readonly byte[] Pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsValidFiles(bool gzip)
    {
        using var dir = new TempDirectory();
        string path = IdxWriter.Write(dir.File("images"), IdxWriter.Bytes([2, 3, 4], Pixels), gzip);
        var tensor = IdxFile.Read(path, 3);
        Assert.Equal([2, 3, 4], tensor.Dimensions);
        Assert.Equal(Pixels, tensor.Data);
    }

    static DataFormatException Refused(byte[] bytes, int dims = 3, bool gzip = false)
    {
        using var dir = new TempDirectory();
        string path = IdxWriter.Write(dir.File(gzip ? "bad.gz" : "bad"), bytes, gzip);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, dims));
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.FilePath);
        return e;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RefusesTruncatedData(bool gzip)
    {
        var bytes = IdxWriter.Bytes([2, 3, 4], Pixels);
        var e = Refused(bytes[..^5], gzip: gzip);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void RefusesTruncatedHeader() =>
        Assert.Contains("truncated header", Refused(IdxWriter.Bytes([2, 3, 4], Pixels)[..9]).Message);

    [Fact]
    public void RefusesEmptyFile() => Assert.Contains("too short", Refused([]).Message);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RefusesTrailingBytes(bool gzip)
    {
        var bytes = IdxWriter.Bytes([2, 3, 4], Pixels).Concat(new byte[] { 1, 2 }).ToArray();
        Assert.Contains("trailing bytes", Refused(bytes, gzip: gzip).Message);
    }

    [Fact]
    public void RefusesWrongMagic() =>
        Assert.Contains("magic", Refused(IdxWriter.Bytes([2, 3, 4], Pixels, zero: 1)).Message);

    /// <summary>
    /// Issue 16: a reader that checked only byte 0 of the magic number passed the test above. Every byte of the
    /// magic (0, 0, type 0x08, dimension count) is changed in turn, to values with one bit and with all bits changed,
    /// raw and gzip.
    /// </summary>
    [Theory]
    [InlineData(0, "magic")]
    [InlineData(1, "magic")]
    [InlineData(2, "element type")]
    [InlineData(3, "dimensions, expected 3")]
    public void RefusesAChangeInAnyByteOfTheMagic(int index, string expected)
    {
        foreach (bool gzip in new[] { false, true })
            foreach (int change in new[] { 0x01, 0x02, 0x80, 0xFF })
            {
                var bytes = IdxWriter.Bytes([2, 3, 4], Pixels);
                bytes[index] ^= (byte)change;
                Assert.Contains(expected, Refused(bytes, gzip: gzip).Message);
            }
    }

    [Fact]
    public void RefusesWrongElementType() =>
        Assert.Contains("element type 0x0D", Refused(IdxWriter.Bytes([2, 3, 4], Pixels, type: 0x0D)).Message);

    [Fact]
    public void RefusesWrongNumberOfDimensions() =>
        Assert.Contains("has 2 dimensions, expected 3", Refused(IdxWriter.Bytes([6, 4], Pixels)).Message);

    [Fact]
    public void RefusesDimensionsThatDisagreeWithTheLength() =>
        Assert.Contains("need 66 bytes, the file has 40", Refused(IdxWriter.Bytes([2, 5, 5], Pixels)).Message);

    [Fact]
    public void RefusesZeroDimension() =>
        Assert.Contains("invalid size 0", Refused(IdxWriter.Bytes([0, 3, 4], [])).Message);

    [Fact]
    public void RefusesHugeDeclaredSizeWithoutAllocating() =>
        Assert.Contains("exceeds", Refused(IdxWriter.Bytes([60000, 60000, 60000], Pixels), gzip: true).Message);

    [Fact]
    public void RefusesCorruptGzip()
    {
        using var dir = new TempDirectory();
        string path = IdxWriter.Write(dir.File("x.gz"), IdxWriter.Bytes([2, 3, 4], Pixels), gzip: true);
        var bytes = File.ReadAllBytes(path);
        for (int i = 12; i < bytes.Length - 8; i++)
            bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsAny<IOException>(() => IdxFile.Read(path, 3));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => IdxFile.Read("/nonexistent/dir/labels", 1));
        Assert.Contains("/nonexistent/dir/labels", e.Message);
    }
}
