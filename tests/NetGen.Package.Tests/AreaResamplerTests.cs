using NetGen.Samples.Classify;

namespace NetGen.Package.Tests;

/// <summary>The Classify tool's area resampler: what it computes, and that its memory follows the output.</summary>
public sealed class AreaResamplerTests
{
    /// <summary>
    /// Issue 10: a valid 1x67,108,864 picture (within the 64-megapixel limit) made Resize allocate gigabytes, its
    /// work buffers sized by the source's longer side. Both orientations, down to MNIST's 28x28.
    /// </summary>
    [Theory]
    [InlineData(1, 64 << 20)]
    [InlineData(64 << 20, 1)]
    public void Memory_follows_the_output_not_the_source(int width, int height)
    {
        var source = new float[(long)width * height];
        source.AsSpan().Fill(0.25f);
        float[]? result = null;
        long allocated = Fuzzing.FuzzLoop.Allocated(() => result = AreaResampler.Resize(source, width, height, 28, 28));
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes to resize {width}x{height} to 28x28");
        Assert.All(result!, v => Assert.Equal(0.25f, v, 1e-4f));
    }

    /// <summary>Area averaging keeps the mean, keeps a constant picture constant, and keeps the size unchanged as is.</summary>
    [Fact]
    public void Keeps_the_mean_and_constants()
    {
        var random = new Random(3);
        foreach (var (w, h, nw, nh) in new[] { (40, 48, 28, 28), (7, 5, 28, 28), (100, 3, 28, 28), (28, 28, 28, 28), (13, 29, 5, 11) })
        {
            var source = Enumerable.Range(0, w * h).Select(_ => (float)random.NextDouble()).ToArray();
            var result = AreaResampler.Resize(source, w, h, nw, nh);
            Assert.Equal(source.Average(), result.Average(), 1e-4);
            Assert.All(AreaResampler.Resize(Enumerable.Repeat(0.5f, w * h).ToArray(), w, h, nw, nh), v => Assert.Equal(0.5f, v, 1e-5f));
        }
        var same = Enumerable.Range(0, 28 * 28).Select(i => i / 784f).ToArray();
        Assert.Equal(same, AreaResampler.Resize(same, 28, 28, 28, 28));
    }
}
