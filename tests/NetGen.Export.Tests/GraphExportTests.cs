using NetGen.Tests.Networks;
using Xunit.Abstractions;

namespace NetGen.Export.Tests;

/// <summary>
/// The layers and wiring added after the first exporter: batch norm on running statistics, residual Add, inception
/// Concat, nearest Resize, learned connections. The graphs hold the promised operators, and every ISA path of
/// NetGen's Forward agrees with ONNX Runtime on them.
/// </summary>
public sealed class GraphExportTests(ITestOutputHelper output)
{
    // GraphProto.node/initializer; NodeProto.input/op_type/attribute; AttributeProto.name/s; TensorProto.name/raw_data.
    private const int Node = 1, Initializer = 5, Input = 1, OpType = 4, Attribute = 5, AttributeName = 1, AttributeString = 4, TensorName = 8, RawData = 9;

    [Theory]
    [MemberData(nameof(TestNetworks.GraphNames), MemberType = typeof(TestNetworks))]
    public void Every_isa_path_agrees_with_the_export(string name)
    {
        var network = TestNetworks.Create(name, seed: 5);
        var inputs = TestNetworks.RandomInputs(network, 3, seed: 13);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        var (onnx, _) = runner.Run(inputs, OnnxRuntimeAgreementTests.Shape(network));
        foreach (var isa in new[] { Isa.Scalar, Isa.Vector256, Isa.Vector512 })
        {
            network.Isa = isa;
            var agreement = Agreement.Measure(OnnxRuntimeAgreementTests.Forward(network, inputs), onnx);
            output.WriteLine($"{name} {isa}: {agreement}");
            Assert.True(agreement.MaxRelative <= 1e-4, $"{name} {isa}: {agreement}");
        }
    }

    [Fact]
    public void Residual_network_has_a_batch_normalization_per_batch_norm_and_an_add_per_join()
    {
        var network = TestNetworks.Create("ResTiny");
        var nodes = Nodes(network);
        Assert.Equal(network.Layers.Count(l => l.Type == LayerType.BatchNorm), nodes.Count(n => n.Op == "BatchNormalization"));
        Assert.Equal(network.Layers.Count(l => l.Type == LayerType.Add), nodes.Count(n => n.Op == "Add"));
        var initializers = Initializers(network);
        foreach (var tensor in network.StateTensors) Assert.Contains(tensor.Name, initializers);
        // layer2.0.add reads its main path and the projected shortcut by name.
        var join = nodes.Single(n => n.Op == "Add" && n.Inputs.Contains("layer2.0.bn2"));
        Assert.Contains("layer2.0.downsample.1", join.Inputs);
    }

    [Fact]
    public void Inception_blocks_become_concats_of_their_branches_in_map_order()
    {
        var nodes = Nodes(TestNetworks.Create("InceptionTiny"));
        var concats = nodes.Where(n => n.Op == "Concat").ToArray();
        Assert.Equal(2, concats.Length);
        Assert.Equal(["inception1.branch1", "inception1.branch2.conv", "inception1.branch3.conv", "inception1.branch4.proj"], concats[0].Inputs);
        Assert.Equal(["inception3.branch1", "inception3.branch2.conv", "inception3.branch3.conv", "inception3.branch4.proj"], concats[1].Inputs);
        // inception1's branches read the network input (their descriptions say null after a branch's last layer).
        Assert.Equal(4, nodes.Count(n => n.Inputs.FirstOrDefault() == "input"));
    }

    [Fact]
    public void Upsampling_is_a_nearest_floor_asymmetric_resize()
    {
        var resizes = Nodes(TestNetworks.Create("AutoencoderTiny")).Where(n => n.Op == "Resize").ToArray();
        Assert.Equal(2, resizes.Length);
        foreach (var resize in resizes)
        {
            Assert.Equal("nearest", resize.Strings["mode"]);
            Assert.Equal("asymmetric", resize.Strings["coordinate_transformation_mode"]);
            Assert.Equal("floor", resize.Strings["nearest_mode"]);
        }
    }

    [Fact]
    public void Learned_connections_are_folded_into_the_weight()
    {
        INetwork network = new LearnedNet();
        network.InitializeParameters(1);
        var initializers = Initializers(network);
        Assert.Contains("C1.weight", initializers);
        Assert.DoesNotContain("C1.connections", initializers);
        // Equal logits mix the inputs evenly: the exported weight is the stored weight / 3 (C1 has 3 inputs).
        var connections = network.ParameterTensors.Single(t => t.Name == "C1.connections");
        var stored = network.ParameterTensors.Single(t => t.Name == "C1.weight");
        network.Parameters.Slice(connections.Offset, connections.Length).Fill(0.5f);
        var weight = Graph(network).Messages(Initializer).Single(t => t.Strings(TensorName).Single() == "C1.weight").Bytes(RawData).Single();
        var exported = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(weight).ToArray();
        var expected = network.Parameters.Slice(stored.Offset, stored.Length).ToArray().Select(w => w / 3f).ToArray();
        Assert.Equal(expected.Length, exported.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], exported[i], 1e-6f);
    }

    [Fact]
    public void A_network_ending_in_a_block_exports_the_concatenation_or_is_refused()
    {
        // The concatenation is 10@4x5. A network whose OutputLength were only its last branch's maps could not be
        // vouched for, so the export would refuse it; the generator now outputs the whole concatenation, which exports.
        var network = TestNetworks.Create("InceptionLastNet");
        if (network.OutputLength != 10 * 4 * 5)
        {
            var refusal = Assert.Throws<InvalidOperationException>(() => OnnxExporter.ToBytes(network));
            output.WriteLine($"OutputLength {network.OutputLength}: {refusal.Message}");
            Assert.Contains("mixed.branch4.proj", refusal.Message);
            return;
        }
        var inputs = TestNetworks.RandomInputs(network, 2, seed: 4);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        var (onnx, shape) = runner.Run(inputs, OnnxRuntimeAgreementTests.Shape(network));
        Assert.Equal([2L, 10, 4, 5], shape);
        Assert.True(Agreement.Measure(OnnxRuntimeAgreementTests.Forward(network, inputs), onnx).MaxRelative <= 1e-4);
    }

    [Fact]
    public void A_network_whose_output_is_a_concatenation_outputs_every_branch_slice()
    {
        // Forward's output (now the whole concatenation) must match the tail of the exported concatenation it views.
        var network = TestNetworks.Create("InceptionLastNet");
        int slice = network.OutputLength, area = 4 * 5;
        var inputs = TestNetworks.RandomInputs(network, 2, seed: 6);
        var expected = OnnxRuntimeAgreementTests.Forward(network, inputs);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(new WholeOutputView(network, 10 * area)));
        var (onnx, shape) = runner.Run(inputs, OnnxRuntimeAgreementTests.Shape(network));
        Assert.Equal([2L, 10, 4, 5], shape);
        var last = onnx.Select(o => o[(10 * area - slice)..]).ToArray();
        Assert.True(Agreement.Measure(expected, last).MaxRelative <= 1e-4);
        Assert.Equal(["mixed.branch1", "mixed.branch2.conv", "mixed.branch3.conv", "mixed.branch4.proj"],
            Nodes(new WholeOutputView(network, 10 * area)).Single(n => n.Op == "Concat").Inputs);
    }

    private sealed record NodeInfo(string Op, string[] Inputs, Dictionary<string, string> Strings);

    private static ProtobufFields Graph(INetwork network) => Assert.Single(new ProtobufFields(OnnxExporter.ToBytes(network)).Messages(7));

    private static NodeInfo[] Nodes(INetwork network) =>
        Graph(network).Messages(Node).Select(n => new NodeInfo(
            n.Strings(OpType).Single(),
            n.Strings(Input).ToArray(),
            n.Messages(Attribute).Where(a => a.Strings(AttributeString).Any())
                .ToDictionary(a => a.Strings(AttributeName).Single(), a => a.Strings(AttributeString).Single()))).ToArray();

    private static HashSet<string> Initializers(INetwork network) =>
        Graph(network).Messages(Initializer).Select(t => t.Strings(TensorName).Single()).ToHashSet();
}
