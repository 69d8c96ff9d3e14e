using NetGen.Batching;
using NetGen.Losses;
using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>
/// Batch norm on batch statistics through <see cref="BatchRunner"/> (its lockstep pass), against the double-precision reference
/// run on the whole batch at once (itself checked by finite differences), on every ISA path: a plain chain (BnNet),
/// batch norms inside residual blocks and on their projection shortcuts (ResTiny), a batch norm reading an
/// inception module's concatenated branches (InceptionBn), and batch norms after depthwise, pointwise and shuffled
/// convolutions (MobileTiny, ShuffleNet).
/// </summary>
public class BatchStatisticsTests
{
    private const int Batch = 5;

    /// <summary>
    /// No tensor's error is measured against less than this fraction of the network's largest gradient: the bias of a
    /// convolution feeding a batch norm (MobileTiny's, ShuffleNet's) has a true gradient of exactly 0, since the batch mean
    /// cancels it, and both the float sum and the central difference leave a residue of the deltas' size times rounding.
    /// </summary>
    private const double ScaleFloor = 1e-3;

    public static TheoryData<string, Isa> Cases()
    {
        var data = new TheoryData<string, Isa>();
        foreach (var name in BatchNormNetworks)
            foreach (var isa in new[] { Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512 })
                data.Add(name, isa);
        return data;
    }

    private static readonly string[] BatchNormNetworks = ["BnNet", "ResTiny", "InceptionBn", "MobileTiny", "ShuffleNet"];
    public static TheoryData<string> Networks() => [.. BatchNormNetworks];

    private static (float[] Inputs, int[] Labels) Data(INetwork net)
    {
        var inputs = TestNetworks.RandomVector(Batch * net.InputLength, seed: 41);
        return (inputs, Enumerable.Range(0, Batch).Select(s => (s * 7 + 1) % net.OutputLength).ToArray());
    }

    private static double[][] Samples(INetwork net, float[] inputs) =>
        Enumerable.Range(0, Batch).Select(s => TestNetworks.ToDouble(inputs.AsSpan(s * net.InputLength, net.InputLength))).ToArray();

    /// <summary>Summed softmax cross-entropy of the batch on batch statistics; adds dE/dp when <paramref name="dp"/> is given.</summary>
    private static double LossAndGradient(RefNetwork reference, double[][] x, int[] labels, double[] p, double[]? dp)
    {
        var logits = reference.ForwardBatch(x, p);
        double loss = 0;
        var dLogits = new double[x.Length][];
        for (int s = 0; s < x.Length; s++)
        {
            double max = logits[s].Max(), sum = logits[s].Sum(v => Math.Exp(v - max));
            loss += -(logits[s][labels[s]] - max - Math.Log(sum));
            dLogits[s] = logits[s].Select((v, i) => Math.Exp(v - max) / sum - (i == labels[s] ? 1 : 0)).ToArray();
        }
        if (dp is not null) reference.BackwardBatch(dLogits, p, dp);
        return loss;
    }

    private static (INetwork Net, RefNetwork Reference) Create(string name)
    {
        var (net, reference) = TestNetworks.Create(name);
        TestNetworks.Randomize(net, seed: 3);
        return (net, reference.WithState(net).WithBatchStatistics());
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_batch_reference_matches_finite_differences(string name)
    {
        var (net, reference) = Create(name);
        var p = TestNetworks.ToDouble(net.Parameters);
        var (inputs, labels) = Data(net);
        var x = Samples(net, inputs);
        var dp = new double[p.Length];
        LossAndGradient(reference, x, labels, p, dp);
        var random = new Random(4);
        double floor = ScaleFloor * ReferenceCheckTests.Scale(dp, 0, dp.Length);
        foreach (var t in net.ParameterTensors)
            foreach (int i in ReferenceCheckTests.Sample(t.Offset, t.Length, random))
                ReferenceCheckTests.AssertDerivative(dp[i], ReferenceCheckTests.Central(p, i, pp => LossAndGradient(reference, x, labels, pp, null)),
                    Math.Max(floor, ReferenceCheckTests.Scale(dp, t.Offset, t.Length)), $"{name} dE/d{t.Name}[{i - t.Offset}]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lockstep_gradients_and_running_statistics_match_the_batch_reference(string name, Isa isa)
    {
        var (net, reference) = Create(name);
        net.Isa = isa;
        var p = TestNetworks.ToDouble(net.Parameters);
        var (inputs, labels) = Data(net);

        using var runner = new BatchRunner(net, () => TestNetworks.Create(name).Generated);
        net.Gradients.Clear();
        double loss = runner.AccumulateGradients(inputs, labels, new SoftmaxCrossEntropyLoss());

        var dp = new double[p.Length];
        double expectedLoss = LossAndGradient(reference, Samples(net, inputs), labels, p, dp);
        Assert.True(Math.Abs(expectedLoss - loss) <= 1e-4 * Math.Abs(expectedLoss), $"loss {loss}, expected {expectedLoss}");
        Close.PerTensor(net, dp, net.Gradients, 2e-4, $"{name} {isa} batch-norm dE/d", ScaleFloor);
        Assert.False(net.Training);   // the runner leaves the primary as it found it

        // Every batch norm's running mean and (unbiased) variance moved toward the batch's by its momentum.
        var before = reference.State.ToArray();
        reference.MoveRunningStatistics(Batch);
        foreach (var t in net.StateTensors)
            for (int i = t.Offset; i < t.Offset + t.Length; i++)
            {
                Assert.NotEqual(before[i], reference.State[i]);
                Assert.True(Math.Abs(reference.State[i] - net.State[i]) <= 1e-5 * (1 + Math.Abs(reference.State[i])),
                    $"{name} {isa} {t.Name}[{i - t.Offset}]: expected {reference.State[i]:G9}, got {net.State[i]:G9}");
            }
    }

    [Fact]
    public void Results_are_deterministic_for_the_same_batch()
    {
        float[] Run()
        {
            var net = new ResTiny(seed: 2);
            var (inputs, labels) = Data(net);
            using var runner = new BatchRunner(net, () => new ResTiny(seed: 9));
            for (int i = 0; i < 3; i++) runner.AccumulateGradients(inputs, labels, new SoftmaxCrossEntropyLoss());
            return [.. net.Gradients.ToArray(), .. net.State.ToArray()];
        }
        Assert.Equal(Run(), Run());
    }
}
