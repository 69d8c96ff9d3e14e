using Microsoft.ML.OnnxRuntime;

namespace NetGen.Export.Tests;

/// <summary>The exported file is a well-formed ONNX model with the promised header, input and output.</summary>
public sealed class OnnxModelTests
{
    [Fact]
    public void Header_is_ir_version_7_with_the_ai_onnx_opset_13_and_names_the_producer()
    {
        var model = new ProtobufFields(OnnxExporter.ToBytes(TestNetworks.Create("LeNet5")));
        Assert.Equal([7L], model.Varints(1));                                        // ModelProto.ir_version
        var opset = Assert.Single(model.Messages(8));                                // ModelProto.opset_import
        Assert.Equal("", opset.Strings(1).SingleOrDefault() ?? "");                  // default domain ai.onnx
        Assert.Equal([13L], opset.Varints(2));
        Assert.Equal(["NetGen"], model.Strings(2));                                  // producer_name
    }

    [Fact]
    public void Every_parameter_tensor_is_an_initializer_of_the_same_name()
    {
        var network = TestNetworks.Create("LeNet5");
        var graph = Assert.Single(new ProtobufFields(OnnxExporter.ToBytes(network)).Messages(7));
        var initializers = graph.Messages(5).Select(t => t.Strings(8).Single()).ToHashSet();  // GraphProto.initializer, TensorProto.name
        foreach (var tensor in network.ParameterTensors)
            Assert.Contains(tensor.Name, initializers);
    }

    /// <summary>
    /// Each network's input [C, H, W] and per-sample output shape, worked out by hand from its attributes (not read from
    /// the network), so a generator or exporter that gets a shape wrong disagrees with them.
    /// </summary>
    public static TheoryData<string, int[], int[]> DeclaredShapes => new()
    {
        { "LeNet5", [1, 32, 32], [10] },                    // Rbf(10)
        { "TableNet", [2, 10, 20], [3] },                   // Rbf(3)
        { "PadNet", [2, 7, 17], [5] },                      // Dense(5), Softmax
        { "StrideNet", [1, 13, 55], [4] },                  // Dense(4)
        { "PoolNet", [3, 12, 36], [3] },                    // Dense(3)
        { "ZooNet", [4, 9, 21], [3] },                      // Dense(3)
        { "LrnNet", [5, 3, 4], [6, 3, 4] },                 // Conv(6, 1) keeps 3x4, and so does LRN
        { "DenseToConvNet", [2, 4, 4], [3, 1, 1] },         // Conv(3, 1) on 6@1x1, global pooling, dropout
        { "ResTiny", [3, 10, 11], [5] },                    // Dense(5)
        { "InceptionTiny", [4, 8, 9], [3] },                // Dense(3)
        { "AutoencoderTiny", [1, 12, 18], [1, 12, 18] },    // 12x18 -> 6x9 -> 12x18 -> 4x6 -> 12x18, one map
        { "LearnedNet", [3, 9, 11], [3] },                  // Dense(3)
        { "BnNet", [2, 6, 7], [3] },                        // Dense(3)
        { "InputResidualNet", [3, 5, 6], [3] },             // Dense(3)
        { "IdentityInputResidualNet", [2, 4, 5], [3] },     // Dense(3)
        { "InputInceptionNet", [3, 4, 5], [10, 1, 1] },     // 3 + 3 + 3 + 1 maps, global pooling
        { "InceptionLastNet", [3, 4, 5], [10, 4, 5] },      // the same block's concatenation itself
        { "LeakyNet", [2, 8, 10], [3] },                    // Dense(3)
        { "LogNet", [2, 5, 6], [7] },                       // Dense(7), LogSoftmax
        { "FireNet", [3, 6, 7], [3] },                      // Dense(3)
        { "MobileTiny", [3, 10, 9], [3] },                  // Dense(3)
        { "ActNet", [2, 6, 8], [3] },                       // Dense(3)
        { "FusedActNet", [2, 6, 8], [3] },                  // Dense(3)
        { "PoolCeilNet", [2, 14, 12], [3] },                // Dense(3)
        { "GeometryNet", [2, 8, 50], [3] },                 // Dense(3), Softmax, after windows of every shape
        { "DepthwiseNet", [6, 13, 37], [3] },               // Dense(3), after depthwise 3x3 and 5x5 at strides 1 and 2
        { "ShuffleNet", [3, 11, 9], [3] },                  // Dense(3), after a stride-2 and a stride-1 shuffle unit
        { "ConvTNet", [2, 7, 37], [3] },                    // Dense(3), Softmax, after transposed convolutions
        { "DenseNet", [3, 7, 9], [3] },                     // Dense(3), after three dense blocks' Concat chains
    };

    [Fact]
    public void Every_test_network_has_a_declared_shape()
    {
        var declared = new HashSet<string>();
        foreach (var row in DeclaredShapes) declared.Add((string)row[0]!);
        var tested = new HashSet<string>();
        foreach (string name in TestNetworks.Names) tested.Add(name);
        Assert.Subset(declared, tested);
    }

    [Theory]
    [MemberData(nameof(DeclaredShapes))]
    public void Onnx_runtime_loads_it_with_every_graph_optimization_and_sees_the_declared_input_and_output(string name, int[] input, int[] output)
    {
        var network = TestNetworks.Create(name);
        Assert.Equal(input.Aggregate(1, (a, b) => a * b), network.InputLength);
        Assert.Equal(output.Aggregate(1, (a, b) => a * b), network.OutputLength);
        var model = OnnxExporter.ToBytes(network);
        // The file's own value infos (ONNX Runtime reports the shapes it infers, which can hide a wrong declared one).
        Assert.Equal([-1, .. input], DeclaredDims(model, GraphInput));
        Assert.Equal([-1, .. output], DeclaredDims(model, GraphOutput));
        using var runner = new OnnxRunner(model);

        var inputInfo = Assert.Single(runner.Session.InputMetadata);
        Assert.Equal("input", inputInfo.Key);
        Assert.Equal(typeof(float), inputInfo.Value.ElementType);
        Assert.Equal([-1, .. input], inputInfo.Value.Dimensions);
        Assert.Equal("N", inputInfo.Value.SymbolicDimensions[0]);

        var outputInfo = Assert.Single(runner.Session.OutputMetadata);
        Assert.Equal("output", outputInfo.Key);
        Assert.Equal(typeof(float), outputInfo.Value.ElementType);
        Assert.Equal([-1, .. output], outputInfo.Value.Dimensions);
        // And what ONNX Runtime computes has that shape too.
        var (_, shape) = runner.Run(TestNetworks.RandomInputs(network, 2, seed: 3), input);
        Assert.Equal([2L, .. output.Select(d => (long)d)], shape);
    }

    // GraphProto.input/output; ValueInfoProto.type; TypeProto.tensor_type; TypeProto.Tensor.shape; TensorShapeProto.dim;
    // Dimension.dim_value (a dim_param, the symbolic batch, has none).
    private const int Graph = 7, GraphInput = 11, GraphOutput = 12, ValueType = 2, TensorType = 1, TensorShape = 2, Dim = 1, DimValue = 1;

    /// <summary>The dims of the graph's single input or output as the file declares them, -1 for a symbolic one.</summary>
    private static long[] DeclaredDims(byte[] model, int field)
    {
        var info = Assert.Single(Assert.Single(new ProtobufFields(model).Messages(Graph)).Messages(field));
        var shape = info.Messages(ValueType).Single().Messages(TensorType).Single().Messages(TensorShape).Single();
        return shape.Messages(Dim).Select(d => d.Varints(DimValue).DefaultIfEmpty(-1).Single()).ToArray();
    }

    [Fact]
    public void Symbolic_batch_runs_any_batch_size()
    {
        // TableNet: 2@10x20 in, Rbf(3) out.
        var network = TestNetworks.Create("TableNet");
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        foreach (int batch in new[] { 1, 3, 33 })
        {
            var inputs = TestNetworks.RandomInputs(network, batch, seed: batch);
            var (outputs, shape) = runner.Run(inputs, [2, 10, 20]);
            Assert.Equal([batch, 3], shape);
            Assert.True(Agreement.Measure(OnnxRuntimeAgreementTests.Forward(network, inputs), outputs).MaxRelative <= 1e-4);
        }
    }

    [Fact]
    public void Fixed_batch_size_and_dimension_name_are_written_as_asked()
    {
        var network = TestNetworks.Create("PadNet");
        using (var fixedRunner = new OnnxRunner(OnnxExporter.ToBytes(network, new OnnxExportOptions { BatchSize = 4 })))
        {
            Assert.Equal([4, 2, 7, 17], fixedRunner.Session.InputMetadata["input"].Dimensions);
            Assert.Equal([4, 5], fixedRunner.Session.OutputMetadata["output"].Dimensions);
            var (_, shape) = fixedRunner.Run(TestNetworks.RandomInputs(network, 4, seed: 1), [2, 7, 17]);
            Assert.Equal([4L, 5L], shape);
        }
        using var namedRunner = new OnnxRunner(OnnxExporter.ToBytes(network, new OnnxExportOptions { BatchDimension = "batch" }));
        Assert.Equal("batch", namedRunner.Session.InputMetadata["input"].SymbolicDimensions[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxExporter.ToBytes(network, new OnnxExportOptions { BatchSize = 0 }));
    }

    [Fact]
    public void Metadata_records_the_network_and_its_architecture()
    {
        var network = TestNetworks.Create("ZooNet");
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        var metadata = runner.Session.ModelMetadata;
        Assert.Equal("NetGen", metadata.ProducerName);
        Assert.Equal("ZooNet", metadata.GraphName);
        Assert.Equal(network.Architecture, metadata.CustomMetadataMap["netgen.architecture"]);
        Assert.Equal(typeof(NetGen.Tests.Networks.ZooNet).FullName, metadata.CustomMetadataMap["netgen.network"]);
    }

    [Fact]
    public void Export_is_deterministic()
    {
        var network = TestNetworks.Create("LeNet5");
        Assert.Equal(OnnxExporter.ToBytes(network), OnnxExporter.ToBytes(network));
    }
}
