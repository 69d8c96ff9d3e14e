using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The same checks as <see cref="GeneratedVsReferenceTests"/> and <see cref="ReferenceCheckTests"/> on
/// <see cref="PointwiseNet"/>, whose 1x1 convolutions run as register-tiled matrix products, on every ISA path.
/// (Until PointwiseNet joins <see cref="TestNetworks.Names"/>.)
/// </summary>
public class PointwiseTests
{
    private const double Tolerance = 2e-4;

    private static RefNetwork Reference() => new RefNetwork(5, 6, 9)
        .Conv(7, 1, Activation.ReLU)
        .Conv(6, 1, Activation.Identity, bias: false)
        .BatchNorm(Activation.Tanh)
        .Conv(9, 1, Activation.Sigmoid)
        .MaxPool(3)
        .Conv(5, 1, Activation.Tanh)
        .GlobalAvgPool()
        .Dense(3, Activation.Identity);

    public static TheoryData<Isa> Isas() => [Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512, Isa.Auto];

    [Theory]
    [MemberData(nameof(Isas))]
    public void Forward_and_backward_match_the_reference(Isa isa)
    {
        INetwork net = new PointwiseNet(seed: 3) { Isa = isa };
        var reference = Reference();
        TestNetworks.Randomize(net, seed: 11);
        reference.WithState(net);
        Assert.Equal(reference.ParameterCount, net.ParameterCount);
        var p = TestNetworks.ToDouble(net.Parameters);
        for (int sample = 0; sample < TestNetworks.Samples; sample++)
        {
            var input = TestNetworks.Input(net, sample);
            var output = new float[net.OutputLength];
            net.Forward(input, output);
            Close.Assert(reference.Forward(TestNetworks.ToDouble(input), p), output, Tolerance, $"PointwiseNet {isa} output");

            var dy = TestNetworks.RandomVector(net.OutputLength, seed: 200 + sample);
            var dx = new float[net.InputLength];
            net.Gradients.Clear();
            net.Backward(dy, dx);
            var dp = new double[p.Length];
            Close.Assert(reference.Backward(TestNetworks.ToDouble(dy), p, dp), dx, Tolerance, $"PointwiseNet {isa} dE/dinput");
            Close.PerTensor(net, dp, net.Gradients, Tolerance, $"PointwiseNet {isa} dE/d");
        }
    }

    [Fact]
    public void Every_trainable_tensor_is_live_for_the_test_samples()
    {
        INetwork net = new PointwiseNet(seed: 3);
        var reference = Reference();
        TestNetworks.Randomize(net, seed: 11);
        reference.WithState(net);
        var p = TestNetworks.ToDouble(net.Parameters);
        var dp = new double[p.Length];
        for (int sample = 0; sample < TestNetworks.Samples; sample++)
        {
            reference.Forward(TestNetworks.ToDouble(TestNetworks.Input(net, sample)), p);
            var g = new double[p.Length];
            reference.Backward(TestNetworks.ToDouble(TestNetworks.RandomVector(net.OutputLength, seed: 200 + sample)), p, g);
            for (int i = 0; i < g.Length; i++) dp[i] += Math.Abs(g[i]);
        }
        foreach (var t in net.ParameterTensors.Where(t => t.Trainable))
            Assert.True(Enumerable.Range(t.Offset, t.Length).Count(i => dp[i] > 0) > 0, $"PointwiseNet {t.Name}: no gradient");
    }

    [Fact]
    public void Reference_gradients_match_central_differences()
    {
        INetwork net = new PointwiseNet(seed: 3);
        var reference = Reference();
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
                    ReferenceCheckTests.Scale(dp, t.Offset, t.Length), $"PointwiseNet dE/d{t.Name}[{i - t.Offset}]");
        foreach (int i in ReferenceCheckTests.Sample(0, x.Length, random))
            ReferenceCheckTests.AssertDerivative(dx[i], ReferenceCheckTests.Central(x, i, xx => Loss(p, xx)),
                ReferenceCheckTests.Scale(dx, 0, dx.Length), $"PointwiseNet dE/dx[{i}]");
    }
}
