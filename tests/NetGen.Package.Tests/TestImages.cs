using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NetGen.Samples.Classify;

namespace NetGen.Package.Tests;

/// <summary>Writes one synthetic digit (dark ink on white paper) as PGM and as PNG, the way other tools would.</summary>
static class TestImages
{
    /// <summary>A 40x48 "7": a top bar and a slanted stroke, grey levels 0..255.</summary>
    public static byte[] Seven(out int width, out int height)
    {
        (width, height) = (40, 48);
        var pixels = new byte[width * height];
        pixels.AsSpan().Fill(255);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                bool bar = y is >= 8 and < 14 && x is >= 8 and < 32;
                float strokeX = 31 - (y - 8) * 0.45f;
                bool stroke = y is >= 8 and < 42 && Math.Abs(x - strokeX) < 3f;
                if (bar || stroke)
                    pixels[y * width + x] = 20;
            }
        return pixels;
    }

    public static void WritePgm(string path, byte[] gray, int width, int height)
    {
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"P5\n# a test digit\n{width} {height}\n255\n"));
        file.Write(gray);
    }

    /// <summary>An RGB PNG whose scanlines cycle through the five filter types, so every reconstruction runs.</summary>
    public static void WritePng(string path, byte[] gray, int width, int height)
    {
        const int bytesPerPixel = 3;
        int stride = width * bytesPerPixel;
        var raw = new byte[height * (stride + 1)];
        var previous = new byte[stride];
        var line = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
                line[3 * x] = line[3 * x + 1] = line[3 * x + 2] = gray[y * width + x];
            int filter = y % 5;
            raw[y * (stride + 1)] = (byte)filter;
            for (int i = 0; i < stride; i++)
            {
                int left = i >= bytesPerPixel ? line[i - bytesPerPixel] : 0, up = previous[i];
                int upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                int predicted = filter switch { 0 => 0, 1 => left, 2 => up, 3 => (left + up) / 2, _ => Paeth(left, up, upLeft) };
                raw[y * (stride + 1) + 1 + i] = (byte)(line[i] - predicted);
            }
            (previous, line) = (line, previous);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(raw);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bits per sample
        header[9] = 2;  // RGB
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    static void WriteChunk(Stream stream, string type, byte[] body)
    {
        var typeAndBody = new byte[4 + body.Length];
        Encoding.ASCII.GetBytes(type, typeAndBody);
        body.CopyTo(typeAndBody, 4);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        stream.Write(word);
        stream.Write(typeAndBody);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Compute(typeAndBody));
        stream.Write(word);
    }
}
