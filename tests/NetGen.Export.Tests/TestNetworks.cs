using NetGen.Export.Tests.Networks;
using NetGen.Samples.LeNet5;
using NetGen.Tests.Networks;

namespace NetGen.Export.Tests;

/// <summary>
/// The networks under test with random, nudged parameters: LeNet-5 and the shared test networks (together every layer
/// kind), plus this project's LrnNet and DenseToConvNet for the export's own edge cases.
/// </summary>
public static class TestNetworks
{
    /// <summary>Names for [Theory] data.</summary>
    public static TheoryData<string> Names => new() { "LeNet5", "TableNet", "PadNet", "StrideNet", "PoolNet", "ZooNet", "LrnNet", "DenseToConvNet" };

    /// <summary>
    /// The named network initialized from <paramref name="seed"/>, then every parameter moved by a uniform amount in
    /// [-0.1, 0.1) so biases are not zero and subsampling coefficients and RBF centres differ per map.
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
            _ => throw new ArgumentException($"No test network {name}.", nameof(name)),
        };
        network.InitializeParameters(seed);
        var random = new Random(seed);
        var parameters = network.Parameters;
        for (int i = 0; i < parameters.Length; i++)
            parameters[i] += (float)(random.NextDouble() * 0.2 - 0.1);
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
