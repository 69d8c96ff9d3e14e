using System.Reflection;
using Xunit.Abstractions;
using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>One ResNet-like 3x3 layer (64 maps of 14x14) on the Winograd path, its output the network's.</summary>
[Network(64, 14, 14)]
[Conv(64, 3, Pad = 1)]
public partial class WinogradLayer { }

/// <summary>ResNet-18's and ResNet-50's first-stage 3x3 layer (64 maps of 56x56).</summary>
[Network(64, 56, 56)]
[Conv(64, 3, Pad = 1)]
public partial class WinogradStage1 { }

/// <summary>ResNet's second-stage 3x3 layer (128 maps of 28x28).</summary>
[Network(128, 28, 28)]
[Conv(128, 3, Pad = 1)]
public partial class WinogradStage2 { }

/// <summary>A layer wide enough for F(4x4,3x3) (64 maps of 16x64), forward and input gradient.</summary>
[Network(64, 16, 64)]
[Conv(64, 3, Pad = 1)]
public partial class WinogradWide { }

/// <summary>
/// <see cref="WinogradNet"/> and <see cref="WinogradTiles"/>, whose 3x3 convolutions run as Winograd (checked against
/// their double reference twins and by finite differences on every ISA path with the other networks of
/// <see cref="TestNetworks.Names"/>), and single layers' errors against the direct sum in double, forward and input
/// gradient, next to the float direct sum's own.
/// </summary>
public class WinogradTests(ITestOutputHelper log)
{
    public static TheoryData<Isa> Isas() => [Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512, Isa.Auto];

    private static string[] Methods(Type network, string prefix, string suffix) =>
        network.GetMethods(BindingFlags.NonPublic | BindingFlags.Instance)
            .Select(m => m.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal)).ToArray();

    /// <summary>Which layers run as Winograd, with which tile, and which input gradients run as Winograd (pad 1 only).</summary>
    [Theory]
    [InlineData(typeof(WinogradNet), 3, 0, 0)]
    [InlineData(typeof(WinogradTiles), 1, 1, 2)]
    [InlineData(typeof(WinogradLayer), 1, 0, 1)]
    [InlineData(typeof(WinogradStage1), 1, 0, 1)]
    [InlineData(typeof(WinogradWide), 0, 1, 1)]
    public void The_planner_picks_the_tiles(Type network, int two, int four, int gradients)
    {
        Assert.Equal(two, Methods(network, "Winograd_", "_Forward").Length);
        Assert.Equal(four, Methods(network, "Winograd4_", "_Forward").Length);
        Assert.Equal(gradients, Methods(network, "Winograd", "_InputGradient").Length);
    }

    public static TheoryData<string, Isa> Layers()
    {
        var data = new TheoryData<string, Isa>();
        foreach (var isa in new[] { Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512, Isa.Auto })
            foreach (var name in new[] { "14x14", "56x56", "28x28", "16x64" })
                if (isa != Isa.Scalar || name == "14x14") data.Add(name, isa);
        return data;
    }

    /// <summary>
    /// The layer's output and its input gradient against the direct sums in double, relative to their largest magnitude,
    /// next to the float direct sum's own error (summed in order). F(4x4,3x3)'s transforms multiply by up to 2^4 and
    /// divide back, so its error is some ten times F(2x2)'s, and far inside the networks' 2e-4 tolerance. Measured
    /// (Xeon family 6 model 207, every ISA alike; relative to the largest magnitude), forward / input gradient:
    /// F(2x2) 64@14x14 3.2e-7 / 3.6e-7, 64@56x56 3.7e-7 / 3.4e-7, 128@28x28 4.7e-7 / 4.7e-7; F(4x4) (points 0, ±1, ±1/2)
    /// 64@16x64 7.3e-6 / 5.7e-6; the float direct sum 0.8e-6 to 1.3e-6.
    /// </summary>
    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_error_against_the_direct_sum(string layer, Isa isa)
    {
        INetwork net = layer switch
        {
            "14x14" => new WinogradLayer(seed: 3) { Isa = isa },
            "56x56" => new WinogradStage1(seed: 3) { Isa = isa },
            "28x28" => new WinogradStage2(seed: 3) { Isa = isa },
            _ => new WinogradWide(seed: 3) { Isa = isa },
        };
        TestNetworks.Randomize(net, seed: 11);
        var input = TestNetworks.Input(net, 1);
        var output = new float[net.OutputLength];
        net.Forward(input, output);
        var random = new Random(7);
        var dy = Enumerable.Range(0, net.OutputLength).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var dx = new float[input.Length];
        net.Backward(dy, dx);
        var p = net.Parameters.ToArray();
        int c = net.ParameterTensors.Single(t => t.Name == "C1.bias").Length, h = int.Parse(layer.Split('x')[0]), s = input.Length / c / h;
        int w = net.ParameterTensors.Single(t => t.Name == "C1.weight").Offset, b = net.ParameterTensors.Single(t => t.Name == "C1.bias").Offset;
        var (forward, forwardDirect) = Errors(c, h, s, output, (o, y, x, i, ky, kx) =>
        {
            int iy = y + ky - 1, ix = x + kx - 1;
            return iy < 0 || iy >= h || ix < 0 || ix >= s ? (0, 0) : (p[w + ((o * c + i) * 3 + ky) * 3 + kx], input[(i * h + iy) * s + ix]);
        }, o => p[b + o]);
        // dE/dinput[i][y][x] = sum over o, ky, kx of weight[o][i][ky][kx] * dy[o][y + 1 - ky][x + 1 - kx].
        var (backward, backwardDirect) = Errors(c, h, s, dx, (i, y, x, o, ky, kx) =>
        {
            int oy = y + 1 - ky, ox = x + 1 - kx;
            return oy < 0 || oy >= h || ox < 0 || ox >= s ? (0, 0) : (p[w + ((o * c + i) * 3 + ky) * 3 + kx], dy[(o * h + oy) * s + ox]);
        }, _ => 0);
        string measured = $"{layer} {isa}: forward Winograd {forward:G3}, float direct {forwardDirect:G3}; input gradient Winograd {backward:G3}, float direct {backwardDirect:G3}";
        log.WriteLine(measured);
        Assert.True(forward <= 2e-5 && backward <= 2e-5, measured);
        Assert.True(forward <= 30 * forwardDirect && backward <= 30 * backwardDirect, measured);
    }

    /// <summary>
    /// The largest error of <paramref name="actual"/> [c][h][s] against sum over j, ky, kx of term(out, y, x, j, ky, kx)
    /// plus first(out) in double, and of the same sum in float (in order, fused), both relative to the largest magnitude.
    /// </summary>
    private static (double Winograd, double Direct) Errors(int c, int h, int s, float[] actual, Func<int, int, int, int, int, int, (float, float)> term, Func<int, float> first)
    {
        double largest = 0, winograd = 0, direct = 0;
        for (int o = 0; o < c; o++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < s; x++)
                {
                    double sum = first(o);
                    float single = first(o);
                    for (int j = 0; j < c; j++)
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++)
                            {
                                var (g, d) = term(o, y, x, j, ky, kx);
                                sum += (double)g * d;
                                single = MathF.FusedMultiplyAdd(g, d, single);
                            }
                    int at = (o * h + y) * s + x;
                    largest = Math.Max(largest, Math.Abs(sum));
                    winograd = Math.Max(winograd, Math.Abs(actual[at] - sum));
                    direct = Math.Max(direct, Math.Abs(single - sum));
                }
        return (winograd / largest, direct / largest);
    }
}
