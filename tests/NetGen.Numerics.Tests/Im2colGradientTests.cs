using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The same checks as <see cref="GeneratedVsReferenceTests"/> and <see cref="ReferenceCheckTests"/> on
/// <see cref="Im2colNet"/>, whose convolutions compute their kernel gradients as im2col matrix products
/// (Emit/Im2colGradientEmitter.cs), on every ISA path: every vector width meets a different split of the columns into
/// three-vector tiles, single vectors and a straddling last vector.
/// </summary>
public class Im2colGradientTests
{
    private const double Tolerance = 2e-4;

    private static (INetwork Net, RefNetwork Reference) Create() => (new Im2colNet(seed: 3), new RefNetwork(2, 15, 15)
        .Conv(48, 5, Activation.Tanh, pad: 2)
        .Conv(48, 3, Activation.Tanh, pad: 1)
        .Conv(7, 5, Activation.Tanh, pad: 2)
        .MaxPool(3)
        .Conv(32, 3, Activation.Tanh, pad: 1)
        .Conv(32, 3, Activation.Tanh, pad: 1)
        .GlobalAvgPool()
        .Dense(3, Activation.Identity));

    public static TheoryData<Isa> Isas() => [Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512, Isa.Auto];

    [Theory]
    [MemberData(nameof(Isas))]
    public void Forward_and_backward_match_the_reference(Isa isa)
    {
        var (net, reference) = Create();
        net.Isa = isa;
        TestNetworks.Randomize(net, seed: 11);
        reference.WithState(net);
        Assert.Equal(reference.ParameterCount, net.ParameterCount);
        ReferenceRuns.AssertMatch("Im2colNet", net, reference, Tolerance, $"Im2colNet {isa}");
    }

    [Fact]
    public void Every_trainable_tensor_is_live_for_the_test_samples()
    {
        var (net, reference) = Create();
        TestNetworks.Randomize(net, seed: 11);
        reference.WithState(net);
        var dp = new double[net.ParameterCount];
        foreach (var s in ReferenceRuns.For("Im2colNet", net, reference))
            for (int i = 0; i < dp.Length; i++) dp[i] += Math.Abs(s.ParameterGradient[i]);
        foreach (var t in net.ParameterTensors.Where(t => t.Trainable))
            Assert.True(Enumerable.Range(t.Offset, t.Length).Count(i => dp[i] > 0) > 0, $"Im2colNet {t.Name}: no gradient");
    }

    [Fact]
    public void Reference_gradients_match_central_differences()
    {
        var (net, reference) = Create();
        TestNetworks.Randomize(net, seed: 21);
        reference.WithState(net);
        var p = TestNetworks.ToDouble(net.Parameters);
        var x = TestNetworks.ToDouble(TestNetworks.Input(net, 1));
        var r = TestNetworks.ToDouble(TestNetworks.RandomVector(net.OutputLength, seed: 23));
        double Loss(double[] pp, double[] xx) => reference.Forward(xx, pp).Zip(r, (y, w) => y * w).Sum();
        reference.Forward(x, p);
        var dp = new double[p.Length];
        var dx = reference.Backward(r, p, dp);
        var random = new Random(24);
        foreach (var t in net.ParameterTensors.Where(t => t.Trainable))
            foreach (int i in ReferenceCheckTests.Sample(t.Offset, t.Length, random))
                ReferenceCheckTests.AssertDerivative(dp[i], ReferenceCheckTests.Central(p, i, pp => Loss(pp, x)),
                    ReferenceCheckTests.Scale(dp, t.Offset, t.Length), $"Im2colNet dE/d{t.Name}[{i - t.Offset}]");
        foreach (int i in ReferenceCheckTests.Sample(0, x.Length, random))
            ReferenceCheckTests.AssertDerivative(dx[i], ReferenceCheckTests.Central(x, i, xx => Loss(p, xx)),
                ReferenceCheckTests.Scale(dx, 0, dx.Length), $"Im2colNet dE/dx[{i}]");
    }
}
