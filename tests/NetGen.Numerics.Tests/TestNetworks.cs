using NetGen.Samples.LeNet5;
using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>Each generated network under test with its independent reference twin, and random data.</summary>
public static class TestNetworks
{
    public static readonly string[] Names = ["LeNet5", "TableNet", "PadNet", "StrideNet", "PoolNet", "ZooNet", "ResTiny", "InceptionTiny", "AutoencoderTiny", "LearnedNet", "InceptionEnd", "BlockNet", "BnNet", "LrnCrossNet", "InceptionBn", "LeakyNet", "LogNet", "FireNet", "ActNet", "FusedActNet", "PoolCeilNet", "GeometryNet", "MobileTiny", "WinogradNet", "DepthwiseNet", "ShuffleNet", "WinogradTiles", "ConvTNet", "DenseNet", "DenseSnap"];

    /// <summary><see cref="Names"/> as theory data.</summary>
    public static TheoryData<string> NameData() => [.. Names];

    public static (INetwork Generated, RefNetwork Reference) Create(string name) => name switch
    {
        "LeNet5" => (new LeNet5(seed: 3), ReferenceNetworks.LeNet5()),
        "TableNet" => (new TableNet(seed: 3), ReferenceNetworks.TableNet()),
        "PadNet" => (new PadNet(seed: 3), ReferenceNetworks.PadNet()),
        "StrideNet" => (new StrideNet(seed: 3), ReferenceNetworks.StrideNet()),
        "PoolNet" => (new PoolNet(seed: 3), ReferenceNetworks.PoolNet()),
        "ZooNet" => (new ZooNet(seed: 3), ReferenceNetworks.ZooNet()),
        "ResTiny" => (new ResTiny(seed: 3), ReferenceNetworks.ResTiny()),
        // Seed 3 leaves inception3's one-map 5x5 reduce off (ReLU) for every test sample (4 tensors get no gradient);
        // seed 11 leaves no element without one (Every_trainable_tensor_is_live_for_the_test_samples).
        "InceptionTiny" => (new InceptionTiny(seed: 11), ReferenceNetworks.InceptionTiny()),
        "AutoencoderTiny" => (new AutoencoderTiny(seed: 3), ReferenceNetworks.AutoencoderTiny()),
        "LearnedNet" => (new LearnedNet(seed: 3), ReferenceNetworks.LearnedNet()),
        "InceptionEnd" => (new InceptionEnd(seed: 3), ReferenceNetworks.InceptionEnd()),
        "BlockNet" => (new BlockNet(seed: 3), ReferenceNetworks.BlockNet()),
        "BnNet" => (new BnNet(seed: 3), ReferenceNetworks.BnNet()),
        "LrnCrossNet" => (new LrnCrossNet(seed: 3), ReferenceNetworks.LrnCrossNet()),
        "InceptionBn" => (new InceptionBn(seed: 3), ReferenceNetworks.InceptionBn()),
        "LeakyNet" => (new LeakyNet(seed: 3), ReferenceNetworks.LeakyNet()),
        "LogNet" => (new LogNet(seed: 3), ReferenceNetworks.LogNet()),
        "FireNet" => (new FireNet(seed: 3), ReferenceNetworks.FireNet()),
        "ActNet" => (new ActNet(seed: 3), ReferenceNetworks.ActNet()),
        "FusedActNet" => (new FusedActNet(seed: 3), ReferenceNetworks.FusedActNet()),
        "PoolCeilNet" => (new PoolCeilNet(seed: 3), ReferenceNetworks.PoolCeilNet()),
        "GeometryNet" => (new GeometryNet(seed: 3), ReferenceNetworks.GeometryNet()),
        "MobileTiny" => (new MobileTiny(seed: 3), ReferenceNetworks.MobileTiny()),
        "WinogradNet" => (new WinogradNet(seed: 3), new RefNetwork(17, 9, 35).Conv(18, 3, Activation.ReLU, pad: 1).Conv(16, 3, Activation.Identity, pad: 1, bias: false).BatchNorm(Activation.Tanh).Conv(19, 3, Activation.Sigmoid).GlobalAvgPool().Dense(3, Activation.Identity)),
        "DepthwiseNet" => (new DepthwiseNet(seed: 3), ReferenceNetworks.DepthwiseNet()),
        // Seed 3 puts a ReLU input of stage2.0 within 1e-5 of its kink for the finite-difference sample (one-sided
        // differences 0.00985 and 0.01040); seeds 4 to 8 agree with central differences to 1e-9 on all 672 parameters.
        "ShuffleNet" => (new ShuffleNet(seed: 4), ReferenceNetworks.ShuffleNet()),
        "WinogradTiles" => (new WinogradTiles(seed: 3), new RefNetwork(64, 12, 66).Conv(64, 3, Activation.ReLU, pad: 1).MaxPool(2).Conv(65, 3, Activation.Tanh, pad: 1).GlobalAvgPool().Dense(3, Activation.Identity)),
        "ConvTNet" => (new ConvTNet(seed: 3), ReferenceNetworks.ConvTNet()),
        "DenseNet" => (new DenseNet(seed: 3), ReferenceNetworks.DenseNet()),
        // A dense block on the network input: the block grows the input's own region in place.
        "DenseSnap" => (new DenseSnap(seed: 3), new RefNetwork(2, 5, 5).DenseBlock(2, 2, bottleneckWidth: 1).Transition(3).Dense(2, Activation.Identity)),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Initialized parameters plus a random nudge, so biases and fixed centres are not trivially 0 or +-1.</summary>
    public static void Randomize(INetwork net, int seed)
    {
        var random = new Random(seed);
        var p = net.Parameters;
        for (int i = 0; i < p.Length; i++) p[i] += (float)(random.NextDouble() - 0.5) * 0.2f;
        // Batch norm statistics: means near 0, variances in [0.5, 1.5].
        foreach (var t in net.StateTensors)
            for (int i = 0; i < t.Length; i++)
                net.State[t.Offset + i] = t.Name.EndsWith("running_var") ? 0.5f + (float)random.NextDouble() : (float)(random.NextDouble() - 0.5) * 0.4f;
    }

    /// <summary>The reference with the network's batch norm statistics.</summary>
    public static RefNetwork WithState(this RefNetwork reference, INetwork net)
    {
        reference.State = ToDouble(net.State);
        return reference;
    }

    /// <summary>How many samples the comparisons run per network (each its own input and output gradient).</summary>
    public const int Samples = 3;

    /// <summary>
    /// The test inputs: uniform in [-1, 1] with a per-sample offset (-0.5, 0, +0.5), so that units a random sign
    /// would switch off for one sample (ReLU, max pooling ties) are on for another.
    /// </summary>
    public static float[] Input(INetwork net, int sample)
    {
        var x = RandomVector(net.InputLength, seed: 100 + sample);
        float offset = 0.5f * (sample % 3 - 1);
        for (int i = 0; i < x.Length; i++) x[i] += offset;
        return x;
    }

    public static float[] RandomVector(int length, int seed, double scale = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    public static double[] ToDouble(ReadOnlySpan<float> values) => values.ToArray().Select(v => (double)v).ToArray();
}

public static class Close
{
    /// <summary>
    /// Parameter gradients tensor by tensor, each within <paramref name="tolerance"/> of its own largest magnitude, so
    /// a small tensor (a bias, a subsampling coefficient) is not measured against the network's largest gradient.
    /// <paramref name="floor"/> (a fraction of the network's largest gradient) bounds that scale from below, for tensors
    /// whose true gradient is zero: a convolution's bias before a batch norm on batch statistics, which the norm's mean
    /// cancels exactly in real arithmetic, sums deltas of ordinary size to a float residue of ~1e-8.
    /// </summary>
    public static void PerTensor(INetwork net, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string what, double floor = 0)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        double largest = 0;
        foreach (var e in expected) largest = Math.Max(largest, Math.Abs(e));
        foreach (var t in net.ParameterTensors)
            Assert(expected.Slice(t.Offset, t.Length), actual.Slice(t.Offset, t.Length), tolerance, $"{what} {t.Name}", floor * largest);
    }

    /// <summary>
    /// Float results against the double reference: every element within <paramref name="tolerance"/> times the
    /// tensor's largest magnitude (float sums of a few hundred products carry ~1e-6 relative error).
    /// </summary>
    public static void Assert(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string what, double smallestScale = 1e-6)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-6, smallestScale);
        foreach (var e in expected) scale = Math.Max(scale, Math.Abs(e));
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance * scale))
                Xunit.Assert.Fail($"{what}[{i}]: expected {expected[i]:G9}, got {actual[i]:G9} (error {error:G3} > {tolerance} x {scale:G3})");
        }
    }
}
