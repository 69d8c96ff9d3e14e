using System.Reflection;
using Xunit.Abstractions;
using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>One ResNet-like 3x3 layer (64 maps of 14x14) on the Winograd path, its output the network's.</summary>
[Network(64, 14, 14)]
[Conv(64, 3, Pad = 1)]
public partial class WinogradLayer { }

/// <summary>
/// <see cref="WinogradNet"/>, whose 3x3 convolutions run as Winograd F(2x2,3x3) (checked against its double reference
/// twin on every ISA path with the other networks of <see cref="TestNetworks.Names"/>), and a Winograd layer's own error
/// against the direct sum: F(2x2,3x3)'s transforms only add, subtract and halve, so its error stays within a small
/// factor of the float direct sum's.
/// </summary>
public class WinogradTests(ITestOutputHelper log)
{
    public static TheoryData<Isa> Isas() => [Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512, Isa.Auto];

    [Theory]
    [InlineData(typeof(WinogradNet), 3)]
    [InlineData(typeof(WinogradLayer), 1)]
    public void The_planner_runs_the_3x3_layers_as_Winograd(Type network, int layers)
    {
        var forwards = network.GetMethods(BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(m => m.Name.StartsWith("Winograd_", StringComparison.Ordinal) && m.Name.EndsWith("_Forward", StringComparison.Ordinal));
        Assert.Equal(layers, forwards.Count());
    }

    /// <summary>
    /// The layer's output against the direct sum in double, relative to the output's largest magnitude, next to the float
    /// direct sum's own error (the wide rows' order of summation, within rounding): Winograd's may be a few times larger,
    /// and both stay far inside the networks' 2e-4 tolerance. Measured (Xeon, every ISA): Winograd 3.5e-7, float sum in order 1.1e-6.
    /// </summary>
    [Theory]
    [MemberData(nameof(Isas))]
    public void Layer_error_against_the_direct_sum(Isa isa)
    {
        INetwork net = new WinogradLayer(seed: 3) { Isa = isa };
        TestNetworks.Randomize(net, seed: 11);
        var input = TestNetworks.Input(net, 1);
        var output = new float[net.OutputLength];
        net.Forward(input, output);
        var p = net.Parameters;
        const int C = 64, H = 14, W = 14;
        var weight = net.ParameterTensors.Single(t => t.Name == "C1.weight");
        var bias = net.ParameterTensors.Single(t => t.Name == "C1.bias");
        double largest = 0, winograd = 0, direct = 0;
        for (int o = 0; o < C; o++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                {
                    double sum = p[bias.Offset + o];
                    float single = p[bias.Offset + o];
                    for (int i = 0; i < C; i++)
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++)
                            {
                                int iy = y + ky - 1, ix = x + kx - 1;
                                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                                float g = p[weight.Offset + ((o * C + i) * 3 + ky) * 3 + kx], d = input[(i * H + iy) * W + ix];
                                sum += (double)g * d;
                                single = MathF.FusedMultiplyAdd(g, d, single);
                            }
                    int at = (o * H + y) * W + x;
                    largest = Math.Max(largest, Math.Abs(sum));
                    winograd = Math.Max(winograd, Math.Abs(output[at] - sum));
                    direct = Math.Max(direct, Math.Abs(single - sum));
                }
        string measured = $"{isa}: Winograd error {winograd / largest:G3}, float direct sum {direct / largest:G3} (relative to {largest:G3})";
        log.WriteLine(measured);
        Assert.True(winograd <= 2e-6 * largest, measured);
        Assert.True(winograd <= 8 * direct + 1e-7 * largest, measured);
    }
}
