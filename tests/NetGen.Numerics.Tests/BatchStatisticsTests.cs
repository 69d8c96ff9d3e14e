using NetGen.Batching;
using NetGen.Losses;
using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>
/// Batch norm on batch statistics through <see cref="LockstepBatchRunner"/>, against a double-precision reference that
/// computes the whole batch at once (itself checked by finite differences), on every ISA path.
/// </summary>
public class BatchStatisticsTests
{
    private const int Batch = 5;

    /// <summary>BnNet for a whole batch in double: per-sample convolutions and dense layer, batch norm over the batch.</summary>
    private sealed class BatchReference
    {
        private readonly RefConv _c1 = new(3, 3, Activation.Identity, 1, 1, null, bias: false) { InC = 2, InH = 6, InW = 7, Offset = 0 };
        private readonly RefConv _c3 = new(2, 3, Activation.Identity, 2, 0, null, bias: false) { InC = 3, InH = 6, InW = 7, Offset = 54 + 6 };
        private readonly RefDense _f5 = new(3, Activation.Identity) { InC = 2, InH = 2, InW = 3, Offset = 60 + 54 + 4 };
        public BatchReference() { _c1.Resolve(); _c3.Resolve(); }

        // Per sample caches for the backward pass (RefLayers keep only their last sample, so they are re-run per sample).
        public double[][] Forward(double[][] x, double[] p, out List<object> cache)
        {
            cache = [];
            var a = x.Select(s => _c1.Forward(s, p)).ToArray();
            var (b, bnA) = Bn(a, 3, 42, p, 54, relu: true, eps: 1e-5);
            var c = b.Select(s => _c3.Forward(s, p)).ToArray();
            var (d, bnB) = Bn(c, 2, 6, p, 114, relu: false, eps: 1e-3);
            cache.Add((x, a, b, c, d, bnA, bnB));
            return d.Select(s => _f5.Forward(s, p)).ToArray();
        }

        public static (double[][] Y, (double[] Mean, double[] Var, double[][] Xhat, double[][] U)) Bn(double[][] x, int maps, int hw, double[] p, int offset, bool relu, double eps)
        {
            int n = x.Length * hw;
            var mean = new double[maps];
            var variance = new double[maps];
            for (int c = 0; c < maps; c++)
            {
                mean[c] = x.Sum(s => s.Skip(c * hw).Take(hw).Sum()) / n;
                variance[c] = x.Sum(s => s.Skip(c * hw).Take(hw).Sum(v => (v - mean[c]) * (v - mean[c]))) / n;
            }
            var xhat = x.Select(s => s.Select((v, i) => (v - mean[i / hw]) / Math.Sqrt(variance[i / hw] + eps)).ToArray()).ToArray();
            var u = xhat.Select(s => s.Select((v, i) => p[offset + i / hw] * v + p[offset + maps + i / hw]).ToArray()).ToArray();
            var y = u.Select(s => s.Select(v => relu ? Math.Max(0, v) : v).ToArray()).ToArray();
            return (y, (mean, variance, xhat, u));
        }

        public static double[][] BnBackward(double[][] dy, (double[] Mean, double[] Var, double[][] Xhat, double[][] U) bn, int maps, int hw,
            double[] p, double[] dp, int offset, bool relu, double eps)
        {
            int n = dy.Length * hw;
            var du = dy.Select((s, k) => s.Select((g, i) => relu && bn.U[k][i] <= 0 ? 0 : g).ToArray()).ToArray();
            var dx = du.Select(s => new double[s.Length]).ToArray();
            for (int c = 0; c < maps; c++)
            {
                double sum = 0, sumXhat = 0;
                for (int k = 0; k < du.Length; k++)
                    for (int i = c * hw; i < (c + 1) * hw; i++) { sum += du[k][i]; sumXhat += du[k][i] * bn.Xhat[k][i]; }
                dp[offset + c] += sumXhat;
                dp[offset + maps + c] += sum;
                double g = p[offset + c] / Math.Sqrt(bn.Var[c] + eps);
                for (int k = 0; k < du.Length; k++)
                    for (int i = c * hw; i < (c + 1) * hw; i++)
                        dx[k][i] = g * (du[k][i] - sum / n - bn.Xhat[k][i] * sumXhat / n);
            }
            return dx;
        }

        /// <summary>Sum over the batch of softmax cross-entropy of the logits; adds dE/dp.</summary>
        public double LossAndGradient(double[][] x, int[] labels, double[] p, double[]? dp)
        {
            var logits = Forward(x, p, out var cache);
            var (_, a, b, c, d, bnA, bnB) = ((double[][], double[][], double[][], double[][], double[][],
                (double[], double[], double[][], double[][]), (double[], double[], double[][], double[][])))cache[0];
            double loss = 0;
            var dLogits = new double[x.Length][];
            for (int s = 0; s < x.Length; s++)
            {
                double max = logits[s].Max(), sum = logits[s].Sum(v => Math.Exp(v - max));
                loss += -(logits[s][labels[s]] - max - Math.Log(sum));
                dLogits[s] = logits[s].Select((v, i) => Math.Exp(v - max) / sum - (i == labels[s] ? 1 : 0)).ToArray();
            }
            if (dp is null) return loss;
            var dd = new double[x.Length][];
            for (int s = 0; s < x.Length; s++) { _f5.Forward(d[s], p); dd[s] = _f5.Backward(dLogits[s], p, dp); }
            var dc = BnBackward(dd, bnB, 2, 6, p, dp, 114, relu: false, eps: 1e-3);
            var db = new double[x.Length][];
            for (int s = 0; s < x.Length; s++) { _c3.Forward(b[s], p); db[s] = _c3.Backward(dc[s], p, dp); }
            var da = BnBackward(db, bnA, 3, 42, p, dp, 54, relu: true, eps: 1e-5);
            for (int s = 0; s < x.Length; s++) { _c1.Forward(x[s], p); _c1.Backward(da[s], p, dp); }
            return loss;
        }
    }

    private static (float[] Inputs, int[] Labels) Data() =>
        (TestNetworks.RandomVector(Batch * BnNet.InputLength, seed: 41), [0, 1, 2, 1, 0]);

    [Fact]
    public void The_batch_reference_matches_finite_differences()
    {
        var net = new BnNet(seed: 2);
        TestNetworks.Randomize(net, seed: 3);
        var p = TestNetworks.ToDouble(net.Parameters);
        var (inputs, labels) = Data();
        var x = Enumerable.Range(0, Batch).Select(s => TestNetworks.ToDouble(inputs.AsSpan(s * BnNet.InputLength, BnNet.InputLength))).ToArray();
        var reference = new BatchReference();
        var dp = new double[p.Length];
        reference.LossAndGradient(x, labels, p, dp);
        const double h = 1e-5;
        for (int i = 0; i < p.Length; i += 3)
        {
            var plus = (double[])p.Clone(); plus[i] += h;
            var minus = (double[])p.Clone(); minus[i] -= h;
            double numeric = (reference.LossAndGradient(x, labels, plus, null) - reference.LossAndGradient(x, labels, minus, null)) / (2 * h);
            Assert.True(Math.Abs(numeric - dp[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"dE/dp[{i}]: analytic {dp[i]:G9}, numeric {numeric:G9}");
        }
    }

    [Theory]
    [InlineData(Isa.Scalar)]
    [InlineData(Isa.Vector256)]
    [InlineData(Isa.Vector512)]
    public void Lockstep_gradients_and_running_statistics_match_the_batch_reference(Isa isa)
    {
        var net = new BnNet(seed: 2) { Isa = isa };
        TestNetworks.Randomize(net, seed: 3);
        var p = TestNetworks.ToDouble(net.Parameters);
        var state = net.State.ToArray();
        var (inputs, labels) = Data();
        var x = Enumerable.Range(0, Batch).Select(s => TestNetworks.ToDouble(inputs.AsSpan(s * BnNet.InputLength, BnNet.InputLength))).ToArray();

        using var runner = new LockstepBatchRunner(net, () => new BnNet(seed: 9), maxBatch: 8);
        net.Gradients.Clear();
        double loss = runner.AccumulateGradients(inputs, labels, new SoftmaxCrossEntropyLoss());

        var reference = new BatchReference();
        var dp = new double[p.Length];
        double expectedLoss = reference.LossAndGradient(x, labels, p, dp);
        Assert.Equal(expectedLoss, loss, 3);
        Close.Assert(dp, net.Gradients, 2e-4, $"{isa} batch-norm gradients");
        Assert.False(net.Training);   // the runner leaves the primary as it found it

        // Running statistics moved toward the batch's: B2 with momentum 0.2, variance unbiased.
        var (_, bn) = BatchReference.Bn(x.Select(s => new RefConv(3, 3, Activation.Identity, 1, 1, null, bias: false) { InC = 2, InH = 6, InW = 7 }
            .Let(c => { c.Resolve(); return c.Forward(s, p); })).ToArray(), 3, 42, p, 54, relu: true, eps: 1e-5);
        int n = Batch * 42;
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(state[c] + 0.2 * (bn.Mean[c] - state[c]), net.State[c], 4);
            Assert.Equal(state[3 + c] + 0.2 * (bn.Var[c] * n / (n - 1) - state[3 + c]), net.State[3 + c], 4);
        }
    }

    [Fact]
    public void Results_are_deterministic_for_the_same_batch()
    {
        var (inputs, labels) = Data();
        float[] Run()
        {
            var net = new BnNet(seed: 2);
            using var runner = new LockstepBatchRunner(net, () => new BnNet(seed: 9), maxBatch: Batch);
            for (int i = 0; i < 3; i++) runner.AccumulateGradients(inputs, labels, new SoftmaxCrossEntropyLoss());
            return [.. net.Gradients.ToArray(), .. net.State.ToArray()];
        }
        Assert.Equal(Run(), Run());
    }
}

internal static class Functional
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
