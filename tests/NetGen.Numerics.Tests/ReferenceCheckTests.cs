namespace NetGen.Numerics.Tests;

/// <summary>The reference itself, checked by central finite differences in double precision.</summary>
public class ReferenceCheckTests
{
    private const double H = 1e-5;

    [Theory]
    [MemberData(nameof(TestNetworks.NameData), MemberType = typeof(TestNetworks))]
    public void Reference_gradients_match_central_differences(string name)
    {
        var (net, reference) = TestNetworks.Create(name);
        TestNetworks.Randomize(net, seed: 21);
        reference.WithState(net);
        var p = TestNetworks.ToDouble(net.Parameters);
        var x = TestNetworks.ToDouble(TestNetworks.Input(net, 1));
        var r = TestNetworks.ToDouble(TestNetworks.RandomVector(net.OutputLength, seed: 23));
        // E = r . y, so dE/dy = r.
        double Loss(double[] pp, double[] xx) => reference.Forward(xx, pp).Zip(r, (y, w) => y * w).Sum();

        reference.Forward(x, p);
        var dp = new double[p.Length];
        var dx = reference.Backward(r, p, dp);

        var random = new Random(24);
        // Only trainable tensors: the reference (like the generated code) reports 0 for fixed RBF centres.
        foreach (var t in net.ParameterTensors.Where(t => t.Trainable))
            foreach (int i in Sample(t.Offset, t.Length, random))
                AssertDerivative(dp[i], Central(p, i, pp => Loss(pp, x)), Scale(dp, t.Offset, t.Length), $"{name} dE/d{t.Name}[{i - t.Offset}]");
        foreach (int i in Sample(0, x.Length, random))
            AssertDerivative(dx[i], Central(x, i, xx => Loss(p, xx)), Scale(dx, 0, dx.Length), $"{name} dE/dx[{i}]");
    }

    /// <summary>
    /// Which elements of a tensor to check: all of a small one (biases, coefficients, connection logits), else the first,
    /// the last and a few drawn without replacement.
    /// </summary>
    internal static IEnumerable<int> Sample(int offset, int length, Random random)
    {
        const int Whole = 12, Drawn = 6;
        if (length <= Whole) return Enumerable.Range(offset, length);
        var inner = Enumerable.Range(offset + 1, length - 2).OrderBy(_ => random.Next()).Take(Drawn);
        return [offset, .. inner, offset + length - 1];
    }

    internal static double Central(double[] at, int i, Func<double[], double> f)
    {
        var plus = (double[])at.Clone(); plus[i] += H;
        var minus = (double[])at.Clone(); minus[i] -= H;
        return (f(plus) - f(minus)) / (2 * H);
    }

    /// <summary>The largest magnitude in a tensor: errors are measured against it, not against 1.</summary>
    internal static double Scale(double[] values, int offset, int length) => values.AsSpan(offset, length).ToArray().Max(Math.Abs);

    /// <summary>Central differences in double are good to ~1e-9 of the tensor's scale here; 1e-6 leaves room for kinks.</summary>
    internal static void AssertDerivative(double analytic, double numeric, double scale, string what) =>
        Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * (Math.Abs(numeric) + scale) + 1e-12,
            $"{what}: analytic {analytic:G9}, numeric {numeric:G9} (tensor scale {scale:G3})");
}
