using NetGen.Export.Tests.Networks;
using NetGen.Samples.LeNet5;
using NetGen.Tests.Networks;

namespace NetGen.Export.Tests;

/// <summary>
/// The networks under test with random, nudged parameters (and random batch norm running statistics): LeNet-5 and the
/// shared test networks (together every layer kind, residual and inception wiring, upsampling, learned connections,
/// batch norm), plus this project's LrnNet, DenseToConvNet and the blocks-at-the-input networks for the export's own
/// edge cases.
/// </summary>
public static class TestNetworks
{
    /// <summary>Names for [Theory] data.</summary>
    public static TheoryData<string> Names => new() { "LeNet5", "TableNet", "PadNet", "StrideNet", "PoolNet", "ZooNet", "LrnNet", "DenseToConvNet",
        "ResTiny", "InceptionTiny", "AutoencoderTiny", "LearnedNet", "BnNet",
        "InputResidualNet", "IdentityInputResidualNet", "InputInceptionNet", "LeakyNet", "LogNet", "FireNet", "ActNet", "FusedActNet", "PoolCeilNet", "GeometryNet", "MobileTiny", "DepthwiseNet", "ShuffleNet", "ConvTNet", "DenseNet" };

    /// <summary>The networks with the layers and wiring added after the first exporter (batch norm, Add, Concat, Resize, learned connections).</summary>
    public static TheoryData<string> GraphNames => new() { "ResTiny", "InceptionTiny", "AutoencoderTiny", "LearnedNet", "BnNet" };

    /// <summary>
    /// The named network initialized from <paramref name="seed"/>, then every parameter moved by a uniform amount in
    /// [-0.1, 0.1) so biases are not zero and subsampling coefficients and RBF centres differ per map. Batch norm's
    /// running means become uniform in [-0.5, 0.5) and its running variances uniform in [0.25, 2.25), so the export
    /// must carry the statistics, not the identity the fresh state would be. The network stays in inference mode.
    /// </summary>
    public static INetwork Create(string name, int seed = 7)
    {
        INetwork network = name switch
        {
            "LeNet5" => new LeNet5(),
            "TableNet" => new TableNet(),
            "PadNet" => new PadNet(),
            "StrideNet" => new StrideNet(),
            "PoolNet" => new PoolNet(),
            "ZooNet" => new ZooNet(),
            "LrnNet" => new LrnNet(),
            "DenseToConvNet" => new DenseToConvNet(),
            "ResTiny" => new ResTiny(),
            "InceptionTiny" => new InceptionTiny(),
            "AutoencoderTiny" => new AutoencoderTiny(),
            "LearnedNet" => new LearnedNet(),
            "BnNet" => new BnNet(),
            "InputResidualNet" => new InputResidualNet(),
            "IdentityInputResidualNet" => new IdentityInputResidualNet(),
            "InputInceptionNet" => new InputInceptionNet(),
            "InceptionLastNet" => new InceptionLastNet(),
            "LeakyNet" => new LeakyNet(),
            "LogNet" => new LogNet(),
            "FireNet" => new FireNet(),
            "ActNet" => new ActNet(),
            "FusedActNet" => new FusedActNet(),
            "PoolCeilNet" => new PoolCeilNet(),
            "GeometryNet" => new GeometryNet(),
            "MobileTiny" => new MobileTiny(),
            "DepthwiseNet" => new DepthwiseNet(),
            "ShuffleNet" => new ShuffleNet(),
            "ConvTNet" => new ConvTNet(),
            "DenseNet" => new DenseNet(),
            _ => throw new ArgumentException($"No test network {name}.", nameof(name)),
        };
        network.InitializeParameters(seed);
        var random = new Random(seed);
        var parameters = network.Parameters;
        for (int i = 0; i < parameters.Length; i++)
            parameters[i] += (float)(random.NextDouble() * 0.2 - 0.1);
        var state = network.State;
        foreach (var tensor in network.StateTensors)
        {
            bool variance = tensor.Name.EndsWith(".running_var", StringComparison.Ordinal);
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
                state[i] = variance ? (float)(0.25 + 2 * random.NextDouble()) : (float)(random.NextDouble() - 0.5);
        }
        network.Training = false;
        return network;
    }

    /// <summary>[count][InputLength] uniform in [-1, 1).</summary>
    public static float[][] RandomInputs(INetwork network, int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[count][];
        for (int n = 0; n < count; n++)
        {
            inputs[n] = new float[network.InputLength];
            for (int i = 0; i < inputs[n].Length; i++) inputs[n][i] = (float)(random.NextDouble() * 2 - 1);
        }
        return inputs;
    }
}
