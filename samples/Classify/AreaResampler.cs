namespace NetGen.Samples.Classify;

/// <summary>
/// Resizes by area averaging: every output pixel is the mean of the source area it covers (fractional pixels
/// weighted by coverage). Shrinking averages; enlarging repeats pixels. Separable: rows first, then columns.
/// </summary>
public static class AreaResampler
{
    public static float[] Resize(ReadOnlySpan<float> source, int width, int height, int newWidth, int newHeight)
    {
        var columns = Weights(width, newWidth);
        var rows = Weights(height, newHeight);
        var narrowed = new float[height * newWidth];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < newWidth; x++)
            {
                float sum = 0;
                foreach (var (index, weight) in columns[x])
                    sum += weight * source[y * width + index];
                narrowed[y * newWidth + x] = sum;
            }
        var result = new float[newHeight * newWidth];
        for (int y = 0; y < newHeight; y++)
            foreach (var (index, weight) in rows[y])
                for (int x = 0; x < newWidth; x++)
                    result[y * newWidth + x] += weight * narrowed[index * newWidth + x];
        return result;
    }

    /// <summary>For each output position, the source positions it covers and their weights (summing to 1).</summary>
    static (int Index, float Weight)[][] Weights(int length, int newLength)
    {
        double scale = (double)length / newLength;
        var weights = new (int, float)[newLength][];
        for (int o = 0; o < newLength; o++)
        {
            double begin = o * scale, end = (o + 1) * scale;
            int first = (int)Math.Floor(begin), last = Math.Min(length - 1, (int)Math.Ceiling(end) - 1);
            var list = new List<(int, float)>();
            for (int i = first; i <= last; i++)
            {
                double covered = Math.Min(end, i + 1) - Math.Max(begin, i);
                if (covered > 0)
                    list.Add((i, (float)(covered / scale)));
            }
            weights[o] = [.. list];
        }
        return weights;
    }
}
