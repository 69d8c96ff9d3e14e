namespace NetGen.Samples.Classify;

/// <summary>
/// Resizes by area averaging: every output pixel is the mean of the source area it covers (fractional pixels
/// weighted by coverage). Shrinking averages; enlarging repeats pixels. Separable, and the work buffer is one row
/// of the output or of the source's shorter side, so memory follows the output, not the source's longer side: a
/// 1x67,108,864 picture costs no more than a 28x28 one.
/// </summary>
public static class AreaResampler
{
    public static float[] Resize(ReadOnlySpan<float> source, int width, int height, int newWidth, int newHeight)
    {
        var columns = new Cover(width, newWidth);
        var rows = new Cover(height, newHeight);
        var result = new float[newHeight * newWidth];
        if (width <= height)
        {
            // Tall: add up each output row's source rows (short), then narrow that sum once.
            var summed = new float[width];
            for (int oy = 0; oy < newHeight; oy++)
            {
                summed.AsSpan().Clear();
                for (int y = rows.First(oy); y <= rows.Last(oy); y++)
                {
                    float weight = rows.Weight(oy, y);
                    var line = source.Slice(y * width, width);
                    for (int x = 0; x < width; x++)
                        summed[x] += weight * line[x];
                }
                Narrow(summed, columns, result.AsSpan(oy * newWidth, newWidth));
            }
        }
        else
        {
            // Wide: narrow each source row (long) to the output's width, then add it to the rows it covers.
            var narrowed = new float[newWidth];
            for (int y = 0; y < height; y++)
            {
                Narrow(source.Slice(y * width, width), columns, narrowed);
                var (firstRow, lastRow) = rows.Outputs(y);
                for (int oy = firstRow; oy <= lastRow; oy++)
                {
                    float weight = rows.Weight(oy, y);
                    var target = result.AsSpan(oy * newWidth, newWidth);
                    for (int ox = 0; ox < newWidth; ox++)
                        target[ox] += weight * narrowed[ox];
                }
            }
        }
        return result;
    }

    /// <summary>Averages <paramref name="line"/> into <paramref name="into"/>'s length.</summary>
    static void Narrow(ReadOnlySpan<float> line, Cover columns, Span<float> into)
    {
        for (int ox = 0; ox < into.Length; ox++)
        {
            float sum = 0;
            for (int x = columns.First(ox); x <= columns.Last(ox); x++)
                sum += columns.Weight(ox, x) * line[x];
            into[ox] = sum;
        }
    }

    /// <summary>
    /// Which source positions output position <c>o</c> covers and with what weight (summing to 1), computed when
    /// asked rather than tabulated: a table would be as long as the source.
    /// </summary>
    readonly struct Cover(int length, int newLength)
    {
        readonly double _scale = (double)length / newLength;

        public int First(int o) => (int)Math.Floor(o * _scale);

        public int Last(int o) => Math.Min(length - 1, (int)Math.Ceiling((o + 1) * _scale) - 1);

        /// <summary>The outputs source position <paramref name="i"/> may fall in (a superset; the weight of the others is 0).</summary>
        public (int First, int Last) Outputs(int i) =>
            (Math.Max(0, (int)Math.Floor(i / _scale) - 1), Math.Min(newLength - 1, (int)Math.Ceiling((i + 1) / _scale)));

        /// <summary>The share of source position <paramref name="i"/> in output <paramref name="o"/>; 0 when it only touches.</summary>
        public float Weight(int o, int i)
        {
            double covered = Math.Min((o + 1) * _scale, i + 1) - Math.Max(o * _scale, i);
            return covered > 0 ? (float)(covered / _scale) : 0f;
        }
    }
}
