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

    public static void WritePgm(string path, byte[] gray, int width, int height) => File.WriteAllBytes(path, Pgm(gray, width, height));

    public static byte[] Pgm(byte[] gray, int width, int height) =>
        [.. Encoding.ASCII.GetBytes($"P5\n# a test digit\n{width} {height}\n255\n"), .. gray];

    /// <summary>The ASCII variant (P2), samples separated by spaces and line breaks.</summary>
    public static byte[] AsciiPgm(byte[] gray, int width, int height) =>
        Encoding.ASCII.GetBytes($"P2\n{width} {height}\n255\n" + string.Join("\n",
            Enumerable.Range(0, height).Select(y => string.Join(" ", gray.Skip(y * width).Take(width)))) + "\n");

    public static void WritePng(string path, byte[] gray, int width, int height) => File.WriteAllBytes(path, Png(gray, width, height, Rgb));

    public const int Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    /// <summary>
    /// A PNG of colour type <paramref name="colorType"/> whose scanlines cycle through the five filter types, so
    /// every reconstruction runs. Palette images get a 256-entry grey palette and a tRNS chunk.
    /// </summary>
    public static byte[] Png(byte[] gray, int width, int height, int colorType)
    {
        int bytesPerPixel = colorType switch { Gray or Palette => 1, GrayAlpha => 2, Rgb => 3, _ => 4 };
        int stride = width * bytesPerPixel;
        var raw = new byte[height * (stride + 1)];
        var previous = new byte[stride];
        var line = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte g = gray[y * width + x];
                for (int c = 0; c < bytesPerPixel; c++)
                    line[bytesPerPixel * x + c] = colorType is GrayAlpha or Rgba && c == bytesPerPixel - 1 ? (byte)(255 - x) : g;
            }
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

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bits per sample
        header[9] = (byte)colorType;
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(file, "IHDR", header);
        if (colorType == Palette)
        {
            WriteChunk(file, "PLTE", Enumerable.Range(0, 256).SelectMany(i => new[] { (byte)i, (byte)i, (byte)i }).ToArray());
            WriteChunk(file, "tRNS", Enumerable.Range(0, 256).Select(i => (byte)(255 - i / 4)).ToArray());
        }
        WriteChunk(file, "IDAT", ZLib(raw));
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    public static byte[] ZLib(byte[] raw)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(raw);
        return compressed.ToArray();
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    public static void WriteChunk(Stream stream, string type, byte[] body)
    {
        var typeAndBody = new byte[4 + body.Length];
        Encoding.Latin1.GetBytes(type, typeAndBody);
        body.CopyTo(typeAndBody, 4);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        stream.Write(word);
        stream.Write(typeAndBody);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Compute(typeAndBody));
        stream.Write(word);
    }
}
