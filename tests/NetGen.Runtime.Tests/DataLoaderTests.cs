using NetGen.Data;

namespace NetGen.Runtime.Tests;

public class DataLoaderTests
{
    /// <summary>Images where sample i has a single foreground pixel at (i mod 28, i mod 28)... plus one full-ink stroke.</summary>
    static Dataset Digits(int count = 50)
    {
        var images = new float[count * 28 * 28];
        for (int i = 0; i < count; i++)
            for (int y = 6; y < 22; y++)
            {
                images[i * 784 + y * 28 + 10 + i % 8] = 1f;
                images[i * 784 + y * 28 + 11 + i % 8] = 0.5f;
            }
        return new Dataset("digits", images, Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray(), 28, 28);
    }

    [Fact]
    public void LeCunNormalizationMapsBackgroundAndForeground()
    {
        var n = Normalization.LeCun;
        Assert.Equal(-0.1f, n.Apply(0f), 6);
        Assert.Equal(1.175f, n.Apply(1f), 6);
        Assert.Equal(-0.1f + 0.5f * 1.275f, n.Apply(0.5f), 6);
        var m = Normalization.FromMeanStd(0.1307f, 0.3081f);
        Assert.Equal(0f, m.Apply(0.1307f), 6);
        Assert.Equal(1f, m.Apply(0.1307f + 0.3081f), 5);
    }

    [Fact]
    public void PadsTo32WithTheNormalizedBackgroundAndCentresTheImage()
    {
        var data = Digits();
        var loader = new DataLoader(data, new DataLoaderOptions { PadTo = 32 });
        Assert.Equal(32 * 32, loader.InputLength);
        var input = new float[loader.InputLength];
        loader.WriteSample(3, input);
        var image = data.Image(3);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
            {
                bool inside = y >= 2 && y < 30 && x >= 2 && x < 30;
                float expected = inside ? -0.1f + 1.275f * image[(y - 2) * 28 + x - 2] : -0.1f;
                Assert.Equal(expected, input[y * 32 + x], 5);
            }
    }

    [Fact]
    public void NoPaddingKeepsTheSize()
    {
        var loader = new DataLoader(Digits(), new DataLoaderOptions { PadTo = 0 });
        Assert.Equal(784, loader.InputLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Digits(), new DataLoaderOptions { PadTo = 20 }));
    }

    [Fact]
    public void ShuffleIsASeededPermutationPerEpoch()
    {
        var data = Digits(100);
        var a = new DataLoader(data, new DataLoaderOptions { Seed = 7, BatchSize = 16 });
        var b = new DataLoader(data, new DataLoaderOptions { Seed = 7, BatchSize = 16 });
        var c = new DataLoader(data, new DataLoaderOptions { Seed = 8, BatchSize = 16 });
        a.StartEpoch(1); b.StartEpoch(1); c.StartEpoch(1);
        Assert.Equal(a.Order.ToArray(), b.Order.ToArray());
        Assert.NotEqual(a.Order.ToArray(), c.Order.ToArray());
        Assert.Equal(Enumerable.Range(0, 100), a.Order.ToArray().Order());
        int[] epoch1 = a.Order.ToArray();
        a.StartEpoch(2);
        Assert.NotEqual(epoch1, a.Order.ToArray());
        a.StartEpoch(1);
        Assert.Equal(epoch1, a.Order.ToArray());
    }

    [Fact]
    public void BatchesCoverEverySampleOnce()
    {
        var loader = new DataLoader(Digits(50), new DataLoaderOptions { Seed = 1, BatchSize = 16 });
        Assert.Equal(4, loader.BatchCount);
        Assert.Equal(2, loader.Batch(3).Length);
        var all = Enumerable.Range(0, loader.BatchCount).SelectMany(b => loader.Batch(b).ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, 50), all.Order());
        var ordered = new DataLoader(Digits(50), new DataLoaderOptions { Shuffle = false, BatchSize = 16 });
        Assert.Equal(Enumerable.Range(16, 16), ordered.Batch(1).ToArray());
    }

    [Fact]
    public void DistortionsKeepShapeAreDeterministicAndChangeTheImage()
    {
        var data = Digits();
        var options = new DataLoaderOptions { Seed = 3, Distortion = new DistortionOptions() };
        var a = new DataLoader(data, options);
        var b = new DataLoader(data, options);
        var plain = new DataLoader(data, options with { Distortion = null });
        float[] x = new float[1024], y = new float[1024], z = new float[1024];
        a.WriteSample(5, x);
        b.WriteSample(5, y);
        plain.WriteSample(5, z);
        Assert.Equal(x, y);
        Assert.NotEqual(x, z);
        // Still an image of the same digit: values stay within the normalized range, ink is roughly preserved.
        Assert.All(x, v => Assert.InRange(v, -0.1f - 1e-4f, 1.175f + 1e-4f));
        double ink(float[] img) => img.Sum(v => v + 0.1);
        Assert.InRange(ink(x) / ink(z), 0.6, 1.5);
        // Another epoch draws another distortion; coming back gives the first one again.
        a.StartEpoch(1);
        a.WriteSample(5, y);
        Assert.NotEqual(x, y);
        a.StartEpoch(0);
        a.WriteSample(5, y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void ZeroDistortionIsTheIdentity()
    {
        var data = Digits();
        var none = new DistortionOptions { MaxRotationDegrees = 0, MaxScale = 0, MaxShear = 0, MaxTranslation = 0, ElasticAlpha = 0 };
        var distorted = new DataLoader(data, new DataLoaderOptions { Distortion = none });
        var plain = new DataLoader(data, new DataLoaderOptions());
        float[] x = new float[1024], z = new float[1024];
        distorted.WriteSample(2, x);
        plain.WriteSample(2, z);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(z[i], x[i], 5);
    }

    [Fact]
    public void PureTranslationMovesTheImageByTheDrawnShift()
    {
        // Translation alone maps destination (x, y) to source (x - tx, y - ty): the image moves by (tx, ty). The
        // distorter draws rotation, x scale, y scale, shear, tx, ty from SplitMix(seed), each uniform in [-1, 1) times
        // its maximum; replaying that stream gives the shift it was asked for.
        const int size = 16;
        const float max = 3;
        var distorter = new ImageDistorter(new DistortionOptions { MaxRotationDegrees = 0, MaxScale = 0, MaxShear = 0, MaxTranslation = max, ElasticAlpha = 0 }, size, size);
        // An L (a heavy stem, a light foot) 3 pixels clear of every edge, so no shift moves ink out of the frame.
        var source = new float[size * size];
        for (int k = 0; k < 5; k++)
        {
            source[(5 + k) * size + 5] = 1f;
            source[9 * size + 6 + k] = 0.5f;
        }
        // Bilinear sampling spreads each source pixel over its neighbours with tent weights 1 - |distance|.
        static float Tent(float d) => Math.Max(0f, 1f - Math.Abs(d));
        var output = new float[size * size];
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var draws = new SplitMix(seed);
            for (int skipped = 0; skipped < 4; skipped++) draws.NextSigned();
            float tx = max * draws.NextSigned(), ty = max * draws.NextSigned();
            distorter.Apply(source, output, seed);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    double expected = 0;
                    for (int p = 0; p < source.Length; p++)
                        expected += source[p] * Tent(x - tx - p % size) * Tent(y - ty - p / size);
                    Assert.True(Math.Abs(expected - output[y * size + x]) < 1e-4, $"seed {seed}, shift ({tx}, {ty}), pixel ({x}, {y}): {output[y * size + x]}, expected {expected}");
                }
        }
    }

    [Fact]
    public void WritingSamplesDoesNotAllocate()
    {
        var loader = new DataLoader(Digits(), new DataLoaderOptions { Distortion = new DistortionOptions() });
        var input = new float[1024];
        loader.WriteSample(0, input);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
            loader.WriteSample(i, input);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
