namespace NetGen.Numerics.Tests;

/// <summary>The reference itself, checked by central finite differences in double precision.</summary>
public class ReferenceCheckTests
{
    [Theory]
    [InlineData("LeNet5")]
    [InlineData("TableNet")]
    [InlineData("PadNet")]
    [InlineData("StrideNet")]
    [InlineData("PoolNet")]
    [InlineData("ZooNet")]
    [InlineData("ResTiny")]
    [InlineData("InceptionTiny")]
    [InlineData("AutoencoderTiny")]
    [InlineData("LearnedNet")]
    [InlineData("InceptionEnd")]
    public void Reference_gradients_match_central_differences(string name)
    {
        var (net, reference) = TestNetworks.Create(name);
        TestNetworks.Randomize(net, seed: 21);
        reference.WithState(net);
        var p = TestNetworks.ToDouble(net.Parameters);
        var x = TestNetworks.ToDouble(TestNetworks.RandomVector(net.InputLength, seed: 22));
        var r = TestNetworks.ToDouble(TestNetworks.RandomVector(net.OutputLength, seed: 23));
        // E = r . y, so dE/dy = r.
        double Loss(double[] pp, double[] xx) => reference.Forward(xx, pp).Zip(r, (y, w) => y * w).Sum();

        reference.Forward(x, p);
        var dp = new double[p.Length];
        var dx = reference.Backward(r, p, dp);

        var random = new Random(24);
        const double h = 1e-5;
        // Only trainable parameters: the reference (like the generated code) reports 0 for fixed RBF centres.
        var trainable = Enumerable.Range(0, p.Length).Where(net.IsTrainable).ToArray();
        foreach (int i in Enumerable.Range(0, 40).Select(_ => trainable[random.Next(trainable.Length)]))
        {
            var plus = (double[])p.Clone(); plus[i] += h;
            var minus = (double[])p.Clone(); minus[i] -= h;
            double numeric = (Loss(plus, x) - Loss(minus, x)) / (2 * h);
            Assert.True(Math.Abs(numeric - dp[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"{name} dE/dp[{i}]: analytic {dp[i]:G9}, numeric {numeric:G9}");
        }
        foreach (int i in Enumerable.Range(0, 20).Select(_ => random.Next(x.Length)))
        {
            var plus = (double[])x.Clone(); plus[i] += h;
            var minus = (double[])x.Clone(); minus[i] -= h;
            double numeric = (Loss(p, plus) - Loss(p, minus)) / (2 * h);
            Assert.True(Math.Abs(numeric - dx[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"{name} dE/dx[{i}]: analytic {dx[i]:G9}, numeric {numeric:G9}");
        }
    }
}
