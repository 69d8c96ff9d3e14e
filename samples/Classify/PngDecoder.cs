using System.Buffers.Binary;
using System.IO.Compression;
using NetGen.Data;

namespace NetGen.Samples.Classify;

/// <summary>
/// A PNG decoder with the BCL only: chunks checked against their CRC, IDAT inflated with <see cref="ZLibStream"/>,
/// filters undone by <see cref="PngFilters"/>. Supports non-interlaced images with 8 bits per sample: greyscale,
/// greyscale + alpha, RGB, RGBA and palette. Colour becomes luminance (Rec. 601); alpha is composited over white.
/// </summary>
public static class PngDecoder
{
    static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    public static GrayImage Decode(byte[] data)
    {
        if (!IsPng(data))
            throw new InvalidDataException("not a PNG file (bad signature).");
        PngHeader? header = null;
        byte[]? palette = null, paletteAlpha = null;
        using var compressed = new MemoryStream();
        int position = Signature.Length;
        while (true)
        {
            if (data.Length - position < 12)
                throw new InvalidDataException("PNG is truncated: no IEND chunk.");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position));
            if (length > int.MaxValue || length > (uint)(data.Length - position - 12))
                throw new InvalidDataException($"PNG chunk at byte {position} claims {length} bytes, past the end of the file.");
            var typeAndBody = data.AsSpan(position + 4, 4 + (int)length);
            string type = Printable.Escape(typeAndBody[..4]);   // quoted in messages: no raw control bytes
            var body = typeAndBody[4..];
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position + 8 + (int)length));
            if (crc != PngCrc.Compute(typeAndBody))
                throw new InvalidDataException($"PNG chunk {type} at byte {position} fails its CRC check.");
            position += 12 + (int)length;
            switch (type)
            {
                case "IHDR":
                    header = PngHeader.Parse(body);
                    break;
                case "PLTE":
                    palette = body.ToArray();
                    break;
                case "tRNS":
                    paletteAlpha = body.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(body);
                    break;
                case "IEND":
                    if (header is null)
                        throw new InvalidDataException("PNG has no IHDR chunk.");
                    return ToGray(header, Inflate(compressed, header), palette, paletteAlpha);
            }
        }
    }

    /// <summary>Inflates exactly the filtered scanlines the header announces; less is an error, more is ignored.</summary>
    static byte[] Inflate(MemoryStream compressed, PngHeader header)
    {
        long expected = (long)header.Height * (header.Stride + 1);
        if (expected > int.MaxValue)
            throw new InvalidDataException($"PNG of {header.Width}x{header.Height} is too large.");
        compressed.Position = 0;
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        // The header's size is only a claim: allocate as scanlines inflate, not for what IHDR announces.
        byte[]? raw;
        int inflated;
        try
        {
            raw = ArrivingBytes.ReadExactly(inflater, (int)expected, out inflated);
        }
        catch (IOException e)
        {
            // The source is in memory, so this is zlib's own complaint that .NET does not map to InvalidDataException
            // (its internal ZLibException), such as a header asking for a preset dictionary (FDICT).
            throw new InvalidDataException($"PNG image data cannot be inflated ({e.Message}).", e);
        }
        if (raw is null)
            throw new InvalidDataException($"PNG image data is truncated: {expected} bytes of scanlines expected, {inflated} inflated.");
        PngFilters.Reconstruct(raw, header.Height, header.Stride, header.BytesPerPixel);
        return raw;
    }

    static GrayImage ToGray(PngHeader header, byte[] raw, byte[]? palette, byte[]? paletteAlpha)
    {
        if (header.ColorType == PngHeader.Palette && (palette is null || palette.Length % 3 != 0))
            throw new InvalidDataException("palette PNG without a valid PLTE chunk.");
        var pixels = new float[header.Width * header.Height];
        for (int y = 0; y < header.Height; y++)
        {
            var line = raw.AsSpan(y * (header.Stride + 1) + 1, header.Stride);
            for (int x = 0; x < header.Width; x++)
            {
                var p = line.Slice(x * header.BytesPerPixel, header.BytesPerPixel);
                float luminance, alpha = 1f;
                switch (header.ColorType)
                {
                    case PngHeader.Gray:
                        luminance = p[0] / 255f;
                        break;
                    case PngHeader.GrayAlpha:
                        (luminance, alpha) = (p[0] / 255f, p[1] / 255f);
                        break;
                    case PngHeader.Rgb:
                        luminance = Luminance(p[0], p[1], p[2]);
                        break;
                    case PngHeader.Rgba:
                        (luminance, alpha) = (Luminance(p[0], p[1], p[2]), p[3] / 255f);
                        break;
                    default:
                        int index = p[0];
                        if (3 * index + 2 >= palette!.Length)
                            throw new InvalidDataException($"PNG pixel ({x},{y}) uses palette entry {index} of {palette.Length / 3}.");
                        luminance = Luminance(palette[3 * index], palette[3 * index + 1], palette[3 * index + 2]);
                        if (paletteAlpha is not null && index < paletteAlpha.Length)
                            alpha = paletteAlpha[index] / 255f;
                        break;
                }
                pixels[y * header.Width + x] = alpha * luminance + (1f - alpha);
            }
        }
        return new GrayImage(header.Width, header.Height, pixels);
    }

    static float Luminance(byte r, byte g, byte b) => (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
}
