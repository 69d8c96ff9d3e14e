using System.IO.Compression;
using NetGen.Data;
using NetGen.Fuzzing;

namespace NetGen.Runtime.Tests;

public class ArrivingBytesTests
{
    static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();

    static Stream Inflating(byte[] raw)
    {
        var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(raw);
        compressed.Position = 0;
        return new GZipStream(compressed, CompressionMode.Decompress);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_536)]
    [InlineData(300_000)]
    public void Reads_exactly_what_was_announced(int length)
    {
        var raw = Pattern(length);
        using var stream = Inflating([.. raw, 1, 2, 3]);
        Assert.Equal(raw, ArrivingBytes.ReadExactly(stream, length, out int available));
        Assert.Equal(length, available);
        Assert.Equal(1, stream.ReadByte());   // nothing past the announced count was consumed
    }

    /// <summary>A stream that claims a gigabyte and holds 10 bytes costs about the first 64 KB buffer, not the claim.</summary>
    [Fact]
    public void Allocates_for_what_arrives_not_for_what_was_claimed()
    {
        using var stream = Inflating(Pattern(10));
        byte[]? result = [];
        int available = 0;
        long allocated = FuzzLoop.Allocated(() => result = ArrivingBytes.ReadExactly(stream, 1 << 30, out available));
        Assert.Null(result);
        Assert.Equal(10, available);
        Assert.InRange(allocated, 1, 200_000);
    }

    /// <summary>Three times what arrived when all of it does, four times when the stream ends early (plus 64 KB).</summary>
    [Theory]
    [InlineData(5_000_000, 5_000_000, 3)]
    [InlineData(5_000_000, 5_000_007, 4)]
    [InlineData(3_000_000, 1 << 30, 4)]
    public void Allocates_a_small_multiple_of_what_arrives(int length, int announced, int multiple)
    {
        using var stream = Inflating(Pattern(length));
        byte[]? result = null;
        int available = 0;
        long allocated = FuzzLoop.Allocated(() => result = ArrivingBytes.ReadExactly(stream, announced, out available));
        Assert.Equal(length, available);
        Assert.Equal(length == announced, result is not null);
        Assert.InRange(allocated, length, (long)multiple * length + 65_536 + 4096);
    }

    [Fact]
    public void A_seekable_stream_is_read_into_one_exact_buffer()
    {
        using var stream = new MemoryStream(Pattern(1_000_000));
        int available = 0;
        long allocated = FuzzLoop.Allocated(() => Assert.Null(ArrivingBytes.ReadExactly(stream, 1 << 30, out available)));
        Assert.Equal(1_000_000, available);
        Assert.InRange(allocated, 1_000_000, 1_004_096);
    }
}
