using SkiaSharp;

namespace NetGen.Runtime.Tests;

/// <summary>A PNG file decoded to RGB pixels, for tests that check what a picture shows, not only that it is one.</summary>
sealed class PngPicture
{
    readonly SKColor[] _pixels;

    public PngPicture(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        using var bitmap = SKBitmap.Decode(bytes) ?? throw new InvalidDataException($"{path} does not decode.");
        Width = bitmap.Width;
        Height = bitmap.Height;
        _pixels = bitmap.Pixels;
    }

    public int Width { get; }
    public int Height { get; }

    public SKColor this[int x, int y] => _pixels[y * Width + x];

    /// <summary>The pixels of the rectangle [x0, x1) x [y0, y1) that <paramref name="match"/> accepts, as (x, y).</summary>
    public List<(int X, int Y)> Where(int x0, int y0, int x1, int y1, Func<SKColor, bool> match)
    {
        var found = new List<(int, int)>();
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                if (match(this[x, y]))
                    found.Add((x, y));
        return found;
    }

    /// <summary>Within <paramref name="tolerance"/> of <paramref name="color"/> in each of red, green and blue.</summary>
    public static Func<SKColor, bool> Near(SKColor color, int tolerance) =>
        c => Math.Abs(c.Red - color.Red) <= tolerance && Math.Abs(c.Green - color.Green) <= tolerance && Math.Abs(c.Blue - color.Blue) <= tolerance;
}
