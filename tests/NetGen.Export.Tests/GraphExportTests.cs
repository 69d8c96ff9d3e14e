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
    // GraphProto.node/initializer; NodeProto.input/op_type/attribute; AttributeProto.name/s; TensorProto.dims/name/raw_data.
    private const int Node = 1, Initializer = 5, Input = 1, OpType = 4, Attribute = 5, AttributeName = 1, AttributeString = 4, TensorDims = 1, TensorName = 8, RawData = 9;

    [Theory]
    [MemberData(nameof(TestNetworks.GraphNames), MemberType = typeof(TestNetworks))]
    public void Every_isa_path_agrees_with_the_export(string name)
    {
        var network = TestNetworks.Create(name, seed: 5);
        var inputs = TestNetworks.RandomInputs(network, 3, seed: 13);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        var (onnx, _) = runner.Run(inputs, OnnxRuntimeAgreementTests.Shape(network));
        foreach (var isa in new[] { Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512 })
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
        // From the declaration: bn1; layer1, two basic blocks of two; layer2, two and its projection's (4 -> 6 maps,
        // stride 2); layer3's bottleneck, three and its projection's (6 -> 8 maps). One Add per block: 2 + 1 + 1.
        Assert.Equal(1 + 2 * 2 + (2 + 1) + (3 + 1), nodes.Count(n => n.Op == "BatchNormalization"));
        Assert.Equal(4, nodes.Count(n => n.Op == "Add"));
        Assert.Equal(network.Layers.Count(l => l.Type == LayerType.BatchNorm), nodes.Count(n => n.Op == "BatchNormalization"));
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

    [Theory]
    [InlineData("C1", 4, 3)]  // Conv(4, 3) on the 3 input maps
    [InlineData("C2", 2, 4)]  // Conv(2, 3) on C1's 4 maps
    public void Learned_connections_are_folded_into_the_weight(string layer, int outputs, int inputs)
    {
        INetwork network = new LearnedNet();
        network.InitializeParameters(1);
        var initializers = Initializers(network);
        Assert.Contains($"{layer}.weight", initializers);
        Assert.DoesNotContain($"{layer}.connections", initializers);
        // Logits [out][in] that differ along both axes and are not symmetric: a transposed or misread table changes the
        // mix. Output map o takes input map i with softmax over i of logits[o][i], times its stored 3x3 kernel.
        var connections = network.ParameterTensors.Single(t => t.Name == $"{layer}.connections");
        var stored = network.ParameterTensors.Single(t => t.Name == $"{layer}.weight");
        Assert.Equal([outputs, inputs], connections.Shape);
        Assert.Equal(outputs * inputs * 9, stored.Length);
        double Logit(int o, int i) => 0.8 * o - 1.1 * i + 0.5 * o * i;
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++)
                network.Parameters[connections.Offset + o * inputs + i] = (float)Logit(o, i);
        var tensor = Graph(network).Messages(Initializer).Single(t => t.Strings(TensorName).Single() == $"{layer}.weight");
        Assert.Equal([outputs, inputs, 3L, 3L], tensor.Varints(TensorDims));
        var exported = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.Bytes(RawData).Single()).ToArray();
        Assert.Equal(outputs * inputs * 9, exported.Length);
        for (int o = 0; o < outputs; o++)
        {
            double total = Enumerable.Range(0, inputs).Sum(i => Math.Exp(Logit(o, i)));
            for (int i = 0; i < inputs; i++)
                for (int t = 0; t < 9; t++)
                {
                    int at = (o * inputs + i) * 9 + t;
                    double expected = Math.Exp(Logit(o, i)) / total * network.Parameters[stored.Offset + at];
                    Assert.True(Math.Abs(expected - exported[at]) <= 1e-6 * (1 + Math.Abs(expected)), $"{layer} weight [{o},{i},{t / 3},{t % 3}]: {exported[at]}, expected {expected}");
                }
        }
    }

    [Fact]
    public void A_network_ending_in_a_block_outputs_and_exports_the_whole_concatenation()
    {
        // Inception(3, 2, 3, 1, 3, 1) on 3@4x5, every branch "same": 3 (1x1) + 3 (3x3) + 3 (5x5) + 1 (pool projection)
        // = 10 maps of 4x5, which both Forward and the export must give.
        var network = TestNetworks.Create("InceptionLastNet");
        Assert.Equal(10 * 4 * 5, network.OutputLength);
        var inputs = TestNetworks.RandomInputs(network, 2, seed: 4);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        Assert.Equal([-1, 10, 4, 5], runner.Session.OutputMetadata["output"].Dimensions);
        var (onnx, shape) = runner.Run(inputs, [3, 4, 5]);
        Assert.Equal([2L, 10, 4, 5], shape);
        Assert.True(Agreement.Measure(OnnxRuntimeAgreementTests.Forward(network, inputs), onnx).MaxRelative <= 1e-4);
    }

    [Fact]
    public void The_output_concatenation_takes_the_declared_branches_in_map_order()
    {
        // Weights [maps, input maps, k, k] from the declaration: 1x1 (3 maps); 1x1 reduce (2) then 3x3 (3); 1x1 reduce (1)
        // then 5x5 (3); pool then 1x1 projection (1), all on the 3 input maps.
        var network = TestNetworks.Create("InceptionLastNet");
        Assert.Equal(["mixed.branch1", "mixed.branch2.conv", "mixed.branch3.conv", "mixed.branch4.proj"],
            Nodes(network).Single(n => n.Op == "Concat").Inputs);
        var dims = Graph(network).Messages(Initializer).ToDictionary(t => t.Strings(TensorName).Single(), t => t.Varints(TensorDims).ToArray());
        Assert.Equal([3L, 3, 1, 1], dims["mixed.branch1.weight"]);
        Assert.Equal([2L, 3, 1, 1], dims["mixed.branch2.reduce.weight"]);
        Assert.Equal([3L, 2, 3, 3], dims["mixed.branch2.conv.weight"]);
        Assert.Equal([1L, 3, 1, 1], dims["mixed.branch3.reduce.weight"]);
        Assert.Equal([3L, 1, 5, 5], dims["mixed.branch3.conv.weight"]);
        Assert.Equal([1L, 3, 1, 1], dims["mixed.branch4.proj.weight"]);
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
