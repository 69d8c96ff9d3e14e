namespace NetGen.Numerics.Tests;

/// <summary>
/// The generated Forward and Backward against the double-precision reference, for every test network
/// (which together cover every layer kind, padding mode, stride 1-3, a table and every activation) on every ISA path.
/// </summary>
public class GeneratedVsReferenceTests
{
    private const double Tolerance = 2e-4;

    public static TheoryData<string, Isa> Cases()
    {
        var data = new TheoryData<string, Isa>();
        foreach (var name in TestNetworks.Names)
            foreach (var isa in new[] { Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512, Isa.Auto })
                data.Add(name, isa);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_the_reference(string name, Isa isa)
    {
        var (net, reference) = TestNetworks.Create(name);
        net.Isa = isa;
        TestNetworks.Randomize(net, seed: 11);
        reference.WithState(net);
        Assert.Equal(reference.ParameterCount, net.ParameterCount);
        Assert.Equal(reference.InputLength, net.InputLength);
        ReferenceRuns.AssertMatch(name, net, reference, Tolerance, $"{name} {isa}");
    }

    /// <summary>
    /// A comparison means little where the reference gradient is 0: every trainable tensor must get a gradient from
    /// the samples above (a branch switched off by ReLU for every sample would have its backward never checked).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestNetworks.NameData), MemberType = typeof(TestNetworks))]
    public void Every_trainable_tensor_is_live_for_the_test_samples(string name)
    {
        var (net, reference) = TestNetworks.Create(name);
        TestNetworks.Randomize(net, seed: 11);
        reference.WithState(net);
        var dp = new double[net.ParameterCount];
        double dx = 0;
        foreach (var s in ReferenceRuns.For(name, net, reference))
        {
            dx += s.InputGradient.Sum(Math.Abs);
            for (int i = 0; i < dp.Length; i++) dp[i] += Math.Abs(s.ParameterGradient[i]);
        }
        Assert.True(dx > 0, $"{name}: dE/dinput is 0");
        foreach (var t in net.ParameterTensors.Where(t => t.Trainable))
        {
            int live = Enumerable.Range(t.Offset, t.Length).Count(i => dp[i] > 0);
            Assert.True(live > 0, $"{name} {t.Name}: none of its {t.Length} elements has a gradient");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_adds_into_gradients_and_the_short_overload_agrees(string name, Isa isa)
    {
        var (net, _) = TestNetworks.Create(name);
        net.Isa = isa;
        var input = TestNetworks.RandomVector(net.InputLength, seed: 5);
        var output = new float[net.OutputLength];
        var dy = TestNetworks.RandomVector(net.OutputLength, seed: 6);
        net.Forward(input, output);

        net.Gradients.Clear();
        net.Backward(dy, new float[net.InputLength]);
        var once = net.Gradients.ToArray();
        net.Backward(dy);   // without dE/dinput: must add the same parameter gradients again
        var twice = net.Gradients.ToArray();
        Assert.Contains(once, g => g != 0);
        for (int i = 0; i < once.Length; i++)
            Assert.True(Math.Abs(twice[i] - 2 * once[i]) <= 1e-5f * (1 + Math.Abs(once[i])), $"gradient {i}: {twice[i]} != 2 x {once[i]}");
    }

    [Theory]
    [InlineData("TableNet")]
    [InlineData("LeNet5")]
    public void Every_isa_agrees_with_scalar_closely(string name)
    {
        var outputs = new Dictionary<Isa, float[]>();
        foreach (var isa in new[] { Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512 })
        {
            var (net, _) = TestNetworks.Create(name);
            net.Isa = isa;
            var output = new float[net.OutputLength];
            net.Forward(TestNetworks.RandomVector(net.InputLength, seed: 9), output);
            outputs[isa] = output;
        }
        Close.Assert(outputs[Isa.Scalar].Select(v => (double)v).ToArray(), outputs[Isa.Vector128], 1e-5, "V128 vs scalar");
        Close.Assert(outputs[Isa.Scalar].Select(v => (double)v).ToArray(), outputs[Isa.Vector256], 1e-5, "V256 vs scalar");
        Close.Assert(outputs[Isa.Scalar].Select(v => (double)v).ToArray(), outputs[Isa.Vector512], 1e-5, "V512 vs scalar");
    }
}
