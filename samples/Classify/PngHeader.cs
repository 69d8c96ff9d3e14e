using System.Buffers.Binary;

namespace NetGen.Samples.Classify;

/// <summary>The IHDR chunk, restricted to what <see cref="PngDecoder"/> supports.</summary>
sealed record PngHeader(int Width, int Height, int ColorType)
{
    public const int Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    /// <summary>Bytes per pixel at 8 bits per sample.</summary>
    public int BytesPerPixel => ColorType switch { Gray or Palette => 1, GrayAlpha => 2, Rgb => 3, _ => 4 };

    /// <summary>Bytes of one unfiltered scanline.</summary>
    public int Stride => Width * BytesPerPixel;

    public static PngHeader Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length != 13)
            throw new InvalidDataException($"PNG IHDR has {body.Length} bytes, not 13.");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(body), height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        byte bitDepth = body[8], colorType = body[9], compression = body[10], filter = body[11], interlace = body[12];
        if (width > int.MaxValue || height > int.MaxValue)
            throw new InvalidDataException($"unsupported image size {width}x{height}.");
        GrayImage.CheckSize((int)width, (int)height);
        if (colorType is not (Gray or Rgb or Palette or GrayAlpha or Rgba))
            throw new InvalidDataException($"PNG colour type {colorType} is not valid.");
        if (bitDepth != 8)
            throw new InvalidDataException($"PNG with {bitDepth} bits per sample is not supported (8 only).");
        if (compression != 0 || filter != 0)
            throw new InvalidDataException($"PNG compression method {compression} / filter method {filter} is not valid.");
        if (interlace != 0)
            throw new InvalidDataException("interlaced (Adam7) PNG is not supported.");
        return new PngHeader((int)width, (int)height, colorType);
    }
}
