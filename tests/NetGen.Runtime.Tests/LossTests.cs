using NetGen.Losses;

namespace NetGen.Runtime.Tests;

public class LossTests
{
    public static TheoryData<string> Losses => new() { "squared", "softmax", "rbf" };

    static ILoss Make(string name) => name switch
    {
        "squared" => new SquaredErrorLoss(1f, -1f),
        "softmax" => new SoftmaxCrossEntropyLoss(),
        _ => new RbfMapLoss(0.1f),
    };

    /// <summary>The loss evaluated in double from the definitions, independent of the implementation.</summary>
    static double Reference(string name, double[] y, int label) => name switch
    {
        "squared" => 0.5 * y.Select((v, k) => Math.Pow((k == label ? 1 : -1) - v, 2)).Sum(),
        "softmax" => Math.Log(y.Sum(Math.Exp)) - y[label],
        _ => y[label] + Math.Log(Math.Exp(-0.1) + y.Sum(v => Math.Exp(-v))),
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public void GradientMatchesCentralDifferences(string name)
    {
        var loss = Make(name);
        var random = new Random(5);
        for (int trial = 0; trial < 5; trial++)
        {
            // RBF outputs are squared distances (non-negative, a few units); the others any real.
            var y = Enumerable.Range(0, 10).Select(_ => name == "rbf" ? random.NextDouble() * 4 : random.NextDouble() * 4 - 2)
                .Select(v => (double)(float)v).ToArray(); // exactly representable, so float and double see the same input
            int label = random.Next(10);
            var gradient = new float[10];
            float value = loss.Compute(y.Select(v => (float)v).ToArray(), label, gradient);
            double expected = Reference(name, y, label);
            Assert.True(Math.Abs(expected - value) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{name}: loss {value}, reference {expected}");
            const double h = 1e-5;
            for (int k = 0; k < 10; k++)
            {
                var plus = (double[])y.Clone();
                var minus = (double[])y.Clone();
                plus[k] += h;
                minus[k] -= h;
                double numeric = (Reference(name, plus, label) - Reference(name, minus, label)) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[k]) < 1e-4, $"{name} dE/dy{k}: analytic {gradient[k]}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void SoftmaxIsStableForHugeLogits()
    {
        var gradient = new float[3];
        float value = new SoftmaxCrossEntropyLoss().Compute([1000f, 0f, -1000f], 1, gradient);
        Assert.Equal(1000f, value, 3);
        Assert.Equal([1f, -1f, 0f], gradient);
    }

    [Fact]
    public void RbfMapIsStableForHugeAndTinyDistances()
    {
        var loss = new RbfMapLoss(0.1f);
        var gradient = new float[3];
        // All distances huge: the e^-j term dominates, E = y_label - j, and only the right class is pulled.
        float value = loss.Compute([5000f, 4000f, 3000f], 1, gradient);
        Assert.Equal(4000f - 0.1f, value, 2);
        Assert.Equal([0f, 1f, 0f], gradient);
        // A far negative shift must not overflow either.
        value = loss.Compute([-5000f, 0f, 0f], 0, gradient);
        Assert.False(float.IsNaN(value) || float.IsInfinity(value));
        Assert.Equal(0f, gradient[0], 5);
    }

    [Fact]
    public void SquaredErrorUsesConfiguredTargets()
    {
        var gradient = new float[3];
        float value = new SquaredErrorLoss(on: 0.9f, off: 0.1f).Compute([0.9f, 0.3f, 0.1f], 0, gradient);
        Assert.Equal(0.5f * 0.04f, value, 5);
        Assert.Equal(0.2f, gradient[1], 5);
        Assert.Equal(0f, gradient[0], 5);
    }

    [Fact]
    public void PredictionsPickTheRightExtreme()
    {
        float[] output = [3f, -1f, 5f, 0.5f];
        Assert.Equal(2, new SoftmaxCrossEntropyLoss().Predict(output));
        Assert.Equal(2, new SquaredErrorLoss().Predict(output));
        Assert.Equal(1, new RbfMapLoss().Predict(output));
    }

    [Fact]
    public void RejectsLabelOutsideTheOutput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SoftmaxCrossEntropyLoss().Compute([1f, 2f], 2, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RbfMapLoss(0f));
    }
}
