using NetGen.Data;

namespace NetGen.Autoencoder.Tests;

/// <summary>Seeded 28x28 images of one to three filled rectangles at random places and grey levels: MNIST-like sparse ink, no download.</summary>
public static class SyntheticShapes
{
    public const int Size = 28;

    public static Dataset Create(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * Size * Size];
        for (int n = 0; n < count; n++)
        {
            var image = pixels.AsSpan(n * Size * Size, Size * Size);
            int shapes = random.Next(1, 4);
            for (int s = 0; s < shapes; s++)
            {
                int h = random.Next(3, 12), w = random.Next(3, 12);
                int top = random.Next(2, Size - 2 - h), left = random.Next(2, Size - 2 - w);
                float level = 0.5f + 0.5f * (float)random.NextDouble();
                for (int y = top; y < top + h; y++)
                    image.Slice(y * Size + left, w).Fill(level);
            }
        }
        return new Dataset("shapes", pixels, new byte[count], Size, Size);
    }

    /// <summary>The MSE of the best image that ignores its input: the per-pixel mean of <paramref name="data"/>.</summary>
    public static double MeanImageMse(Dataset data)
    {
        int p = data.PixelsPerImage;
        var mean = new double[p];
        for (int n = 0; n < data.Count; n++)
            for (int i = 0; i < p; i++)
                mean[i] += data.Images[n * p + i] / (double)data.Count;
        double total = 0;
        for (int n = 0; n < data.Count; n++)
            for (int i = 0; i < p; i++)
                total += Math.Pow(data.Images[n * p + i] - mean[i], 2);
        return total / ((double)data.Count * p);
    }
}
