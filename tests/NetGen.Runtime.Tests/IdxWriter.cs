using System.IO.Compression;

namespace NetGen.Runtime.Tests;

/// <summary>Makes IDX files (and deliberately broken ones) for the tests.</summary>
static class IdxWriter
{
    public static byte[] Bytes(int[] dims, byte[] data, byte type = 0x08, byte zero = 0)
    {
        var bytes = new List<byte> { zero, 0, type, (byte)dims.Length };
        foreach (int d in dims)
            bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static string Write(string path, byte[] bytes, bool gzip = false)
    {
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
            File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Images whose pixels count up, and labels 0, 1, 2, ...</summary>
    public static (string Images, string Labels) WritePair(string directory, string prefix, int count, int rows, int cols, bool gzip = false)
    {
        var pixels = new byte[count * rows * cols];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(i * 7);
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        string ext = gzip ? ".gz" : "";
        return (Write(Path.Combine(directory, $"{prefix}-images-idx3-ubyte{ext}"), Bytes([count, rows, cols], pixels), gzip),
                Write(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte{ext}"), Bytes([count], labels), gzip));
    }
}
