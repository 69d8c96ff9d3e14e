namespace NetGen.Samples.Classify;

/// <summary>Undoes PNG's per-scanline filters (None, Sub, Up, Average, Paeth) in place.</summary>
static class PngFilters
{
    /// <summary>
    /// <paramref name="data"/> holds <paramref name="rows"/> scanlines, each a filter-type byte followed by
    /// <paramref name="stride"/> bytes; on return each scanline's bytes hold the reconstructed samples.
    /// </summary>
    public static void Reconstruct(Span<byte> data, int rows, int stride, int bytesPerPixel)
    {
        Span<byte> previous = Span<byte>.Empty;
        for (int y = 0; y < rows; y++)
        {
            int start = y * (stride + 1);
            byte filter = data[start];
            var line = data.Slice(start + 1, stride);
            switch (filter)
            {
                case 0:
                    break;
                case 1:
                    for (int i = bytesPerPixel; i < stride; i++)
                        line[i] += line[i - bytesPerPixel];
                    break;
                case 2:
                    if (!previous.IsEmpty)
                        for (int i = 0; i < stride; i++)
                            line[i] += previous[i];
                    break;
                case 3:
                    for (int i = 0; i < stride; i++)
                    {
                        int left = i >= bytesPerPixel ? line[i - bytesPerPixel] : 0;
                        int up = previous.IsEmpty ? 0 : previous[i];
                        line[i] += (byte)((left + up) >> 1);
                    }
                    break;
                case 4:
                    for (int i = 0; i < stride; i++)
                    {
                        int left = i >= bytesPerPixel ? line[i - bytesPerPixel] : 0;
                        int up = previous.IsEmpty ? 0 : previous[i];
                        int upLeft = i >= bytesPerPixel && !previous.IsEmpty ? previous[i - bytesPerPixel] : 0;
                        line[i] += Paeth(left, up, upLeft);
                    }
                    break;
                default:
                    throw new InvalidDataException($"PNG scanline {y} has unknown filter type {filter}.");
            }
            previous = line;
        }
    }

    /// <summary>The neighbour (left, up or up-left) closest to left + up - upLeft, ties in that order.</summary>
    static byte Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft)
            return (byte)left;
        return toUp <= toUpLeft ? (byte)up : (byte)upLeft;
    }
}
