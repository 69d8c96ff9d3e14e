using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The same checks as <see cref="GeneratedVsReferenceTests"/> and <see cref="ReferenceCheckTests"/> on
/// <see cref="PointwiseNet"/>, <see cref="PointwisePanelNet"/> and <see cref="PointwiseWideNet"/>, whose 1x1 convolutions
/// run as register-tiled matrix products (the second in panels of positions, the third in 8-row blocks), on every ISA path. (Until they join <see cref="TestNetworks.Names"/>.)
/// </summary>
public class PointwiseTests
{
    private const double Tolerance = 2e-4;

    private static (INetwork Net, RefNetwork Reference) Create(string name) => name switch
    {
        "PointwiseNet" => (new PointwiseNet(seed: 3), PointwiseNetReference()),
        "PointwisePanelNet" => (new PointwisePanelNet(seed: 3), new RefNetwork(40, 29, 121)
            .Conv(38, 1, Activation.Tanh)
            .Conv(3, 1, Activation.Tanh)
            .GlobalAvgPool()),
        "PointwiseWideNet" => (new PointwiseWideNet(seed: 3), new RefNetwork(160, 14, 14)
            .Conv(12, 1, Activation.Identity, bias: false)
            .BatchNorm(Activation.Relu6)
            .Conv(5, 1, Activation.Tanh)
            .GlobalAvgPool()),
        _ => throw new ArgumentException(name),
    };

    private static RefNetwork PointwiseNetReference() => new RefNetwork(5, 6, 9)
        .Conv(7, 1, Activation.ReLU)
        .Conv(6, 1, Activation.Identity, bias: false)
        .BatchNorm(Activation.Tanh)
        .Conv(9, 1, Activation.Sigmoid)
        .MaxPool(3)
        .Conv(5, 1, Activation.Tanh)
        .GlobalAvgPool()
        .Dense(3, Activation.Identity);

    public static TheoryData<string, Isa> Cases()
    {
        var data = new TheoryData<string, Isa>();
        foreach (var name in Names)
            foreach (var isa in new[] { Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512, Isa.Auto })
                data.Add(name, isa);
        return data;
    }

    private static readonly string[] Names = ["PointwiseNet", "PointwisePanelNet", "PointwiseWideNet"];

    public static TheoryData<string> NameData() => [.. Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_the_reference(string name, Isa isa)
    {
        var (net, reference) = Create(name);
        net.Isa = isa;
        TestNetworks.Randomize(net, seed: 11);
        reference.WithState(net);
        Assert.Equal(reference.ParameterCount, net.ParameterCount);
        ReferenceRuns.AssertMatch(name, net, reference, Tolerance, $"{name} {isa}");
    }

    [Theory]
    [MemberData(nameof(NameData))]
    public void Every_trainable_tensor_is_live_for_the_test_samples(string name)
    {
        var (net, reference) = Create(name);
        TestNetworks.Randomize(net, seed: 11);
        reference.WithState(net);
        var dp = new double[net.ParameterCount];
        foreach (var s in ReferenceRuns.For(name, net, reference))
            for (int i = 0; i < dp.Length; i++) dp[i] += Math.Abs(s.ParameterGradient[i]);
        foreach (var t in net.ParameterTensors.Where(t => t.Trainable))
            Assert.True(Enumerable.Range(t.Offset, t.Length).Count(i => dp[i] > 0) > 0, $"{name} {t.Name}: no gradient");
    }

    [Theory]
    [MemberData(nameof(NameData))]
    public void Reference_gradients_match_central_differences(string name)
    {
        var (net, reference) = Create(name);
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
                    ReferenceCheckTests.Scale(dp, t.Offset, t.Length), $"{name} dE/d{t.Name}[{i - t.Offset}]");
        foreach (int i in ReferenceCheckTests.Sample(0, x.Length, random))
            ReferenceCheckTests.AssertDerivative(dx[i], ReferenceCheckTests.Central(x, i, xx => Loss(p, xx)),
                ReferenceCheckTests.Scale(dx, 0, dx.Length), $"{name} dE/dx[{i}]");
    }
}
