using NetGen.Samples.LeNet5;
using Xunit.Abstractions;

namespace NetGen.Export.Tests;

/// <summary>The exported graph, run by ONNX Runtime, computes what NetGen's Forward computes.</summary>
public sealed class OnnxRuntimeAgreementTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;
    private const int Batch = 16;

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Onnx_runtime_matches_forward_on_random_inputs(string name)
    {
        var network = TestNetworks.Create(name);
        var inputs = TestNetworks.RandomInputs(network, Batch, seed: 11);
        var agreement = Compare(network, inputs);
        output.WriteLine($"{name}: {agreement}");
        Assert.True(agreement.MaxRelative <= Tolerance, $"{name}: {agreement}");
    }

    [Fact]
    public void LeNet5_matches_forward_on_synthetic_digits()
    {
        var network = TestNetworks.Create("LeNet5", seed: 3);
        var inputs = Enumerable.Range(0, 10).SelectMany(d => new[] { SyntheticDigits.Draw(d), SyntheticDigits.Draw(d, slant: -0.1f, thickness: 1.2f) }).ToArray();
        var agreement = Compare(network, inputs);
        output.WriteLine($"LeNet5 on {inputs.Length} synthetic digits: {agreement}");
        Assert.True(agreement.MaxRelative <= Tolerance, agreement.ToString());
    }

    [Fact]
    public void Dropout_is_the_identity_in_the_exported_graph_even_when_the_network_is_training()
    {
        var network = TestNetworks.Create("ZooNet");
        var inputs = TestNetworks.RandomInputs(network, 4, seed: 5);
        network.Training = true;  // exporting must not depend on the mode; the reference below runs in inference mode
        byte[] model = OnnxExporter.ToBytes(network);
        network.Training = false;
        using var runner = new OnnxRunner(model);
        var (onnx, _) = runner.Run(inputs, Shape(network));
        Assert.True(Agreement.Measure(Forward(network, inputs), onnx).MaxRelative <= Tolerance);
    }

    [Fact]
    public void Every_isa_path_agrees_with_the_export()
    {
        var network = new LeNet5();
        network.InitializeParameters(2);
        var inputs = TestNetworks.RandomInputs(network, 4, seed: 9);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        var (onnx, _) = runner.Run(inputs, Shape(network));
        foreach (var isa in new[] { Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512 })
        {
            network.Isa = isa;
            var agreement = Agreement.Measure(Forward(network, inputs), onnx);
            output.WriteLine($"LeNet5 {isa}: {agreement}");
            Assert.True(agreement.MaxRelative <= Tolerance, $"{isa}: {agreement}");
        }
    }

    private Agreement Compare(INetwork network, float[][] inputs)
    {
        var expected = Forward(network, inputs);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        var (actual, shape) = runner.Run(inputs, Shape(network));
        Assert.Equal(inputs.Length, shape[0]);
        return Agreement.Measure(expected, actual);
    }

    internal static float[][] Forward(INetwork network, float[][] inputs) =>
        inputs.Select(input =>
        {
            var result = new float[network.OutputLength];
            network.Forward(input, result);
            return result;
        }).ToArray();

    internal static int[] Shape(INetwork network) =>
        [network.Layers[0].InChannels, network.Layers[0].InHeight, network.Layers[0].InWidth];
}
