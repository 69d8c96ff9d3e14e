using NetGen.Losses;

namespace NetGen.Runtime.Tests;

public class ReconstructionLossTests
{
    /// <summary>The per-value mean squared error, in double from the definition.</summary>
    static double Reference(double[] y, double[] t) => y.Select((v, k) => (v - t[k]) * (v - t[k])).Sum() / y.Length;

    [Fact]
    public void GradientMatchesCentralDifferences()
    {
        var loss = new ReconstructionLoss();
        var random = new Random(11);
        const int n = 49;
        for (int trial = 0; trial < 5; trial++)
        {
            // Exactly representable in float, so float and double see the same values.
            var y = Enumerable.Range(0, n).Select(_ => (double)(float)random.NextDouble()).ToArray();
            var t = Enumerable.Range(0, n).Select(_ => (double)(float)random.NextDouble()).ToArray();
            var gradient = new float[n];
            float value = loss.Compute(y.Select(v => (float)v).ToArray(), t.Select(v => (float)v).ToArray(), gradient);
            double expected = Reference(y, t);
            Assert.True(Math.Abs(expected - value) <= 1e-6 * Math.Max(1, expected), $"loss {value}, reference {expected}");
            const double h = 1e-4;
            for (int k = 0; k < n; k++)
            {
                var plus = (double[])y.Clone();
                var minus = (double[])y.Clone();
                plus[k] += h;
                minus[k] -= h;
                double numeric = (Reference(plus, t) - Reference(minus, t)) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[k]) < 1e-6, $"dE/dy{k}: analytic {gradient[k]}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void PerfectReconstructionIsZeroAndEvaluationAgrees()
    {
        var loss = new ReconstructionLoss();
        float[] image = [0f, 0.5f, 1f, 0.25f];
        var gradient = new float[4];
        Assert.Equal(0f, loss.Compute(image, image, gradient));
        Assert.All(gradient, g => Assert.Equal(0f, g));
        float[] output = [1f, 0.5f, 0f, 0.25f];
        Assert.Equal(0.5f, loss.Compute(output, image, gradient));   // (1 + 1) / 4
        Assert.Equal(0.5f, loss.Compute(output, image));
        Assert.Equal([0.5f, 0f, -0.5f, 0f], gradient);
    }

    [Fact]
    public void MismatchedLengthsAreRefused()
    {
        var loss = new ReconstructionLoss();
        Assert.Throws<ArgumentException>(() => loss.Compute(new float[4], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => loss.Compute(new float[4], new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => loss.Compute(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty));
    }
}
