using NetGen.Data;

namespace NetGen.Samples.Classify;

/// <summary>Netpbm greymaps: P2 (ASCII) and P5 (binary, 8 or 16 bits per sample, big-endian), with # comments.</summary>
public static class PgmReader
{
    public static bool IsPgm(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && data[0] == (byte)'P' && (data[1] == (byte)'2' || data[1] == (byte)'5');

    public static GrayImage Read(byte[] data)
    {
        if (!IsPgm(data))
            throw new InvalidDataException("not a PGM file (no P2 or P5 magic).");
        bool binary = data[1] == (byte)'5';
        int position = 2;
        int width = ReadHeaderNumber(data, ref position, "width");
        int height = ReadHeaderNumber(data, ref position, "height");
        int maxValue = ReadHeaderNumber(data, ref position, "maxval");
        if (maxValue is < 1 or > 65535)
            throw new InvalidDataException($"PGM maxval {maxValue} is not in 1..65535.");
        GrayImage.CheckSize(width, height);
        int count = width * height;
        float scale = 1f / maxValue;
        float[] pixels;
        // The header's size is only a claim: the samples must be there before their pixels are allocated.
        if (binary)
        {
            // Exactly one whitespace byte separates the header from the samples.
            position++;
            int bytesPerSample = maxValue > 255 ? 2 : 1;
            if ((long)data.Length - position < (long)count * bytesPerSample)
                throw new InvalidDataException($"PGM data is truncated: {count} samples of {bytesPerSample} byte(s) expected, {Math.Max(0, data.Length - position)} bytes present.");
            pixels = new float[count];
            for (int i = 0; i < pixels.Length; i++)
            {
                int value = bytesPerSample == 1 ? data[position + i] : (data[position + 2 * i] << 8) | data[position + 2 * i + 1];
                pixels[i] = Math.Min(value, maxValue) * scale;
            }
        }
        else
        {
            // Each ASCII sample takes a digit and all but the last a separator.
            if ((long)data.Length - position < 2L * count - 1)
                throw new InvalidDataException($"PGM data is truncated: {count} ASCII samples need at least {2L * count - 1} bytes, {data.Length - position} present.");
            pixels = new float[count];
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = Math.Min(ReadHeaderNumber(data, ref position, "sample"), maxValue) * scale;
        }
        return new GrayImage(width, height, pixels);
    }

    /// <summary>Skips whitespace and comments, then reads one decimal number.</summary>
    static int ReadHeaderNumber(byte[] data, ref int position, string what)
    {
        while (position < data.Length)
        {
            byte b = data[position];
            if (b == (byte)'#')
                while (position < data.Length && data[position] != (byte)'\n')
                    position++;
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                position++;
            else
                break;
        }
        long value = 0;
        int start = position;
        while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9' && value <= int.MaxValue)
            value = value * 10 + (data[position++] - '0');
        if (position == start || value > int.MaxValue)
            throw new InvalidDataException($"PGM {what} is missing or not a number near byte {start}" +
                (start < data.Length ? $" ('{Printable.Escape(data.AsSpan(start, Math.Min(8, data.Length - start)))}')." : "."));
        return (int)value;
    }
}
