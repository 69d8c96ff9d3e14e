namespace NetGen.Samples.Classify;

/// <summary>A decoded picture as luminance in [0, 1] (0 black, 1 white), row-major.</summary>
public sealed class GrayImage
{
    /// <summary>Pictures larger than this (in pixels) are refused rather than decoded.</summary>
    public const long MaxPixels = 64L << 20;

    public GrayImage(int width, int height, float[] pixels)
    {
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
            throw new InvalidDataException($"unsupported image size {width}x{height} (at most {MaxPixels} pixels).");
        if (pixels.Length != width * height)
            throw new ArgumentException($"{pixels.Length} pixels do not make a {width}x{height} image.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public float[] Pixels { get; }

    public float this[int x, int y] => Pixels[y * Width + x];

    /// <summary>Checks a header's size before its pixels are allocated.</summary>
    public static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
            throw new InvalidDataException($"unsupported image size {width}x{height} (at most {MaxPixels} pixels).");
    }
}
