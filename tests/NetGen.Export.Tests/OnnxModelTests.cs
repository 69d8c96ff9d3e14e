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

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Onnx_runtime_loads_it_with_every_graph_optimization_and_sees_one_input_and_one_output(string name)
    {
        var network = TestNetworks.Create(name);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        var first = network.Layers[0];
        var last = network.Layers[^1];

        var input = Assert.Single(runner.Session.InputMetadata);
        Assert.Equal("input", input.Key);
        Assert.Equal(typeof(float), input.Value.ElementType);
        Assert.Equal([-1, first.InChannels, first.InHeight, first.InWidth], input.Value.Dimensions);
        Assert.Equal("N", input.Value.SymbolicDimensions[0]);

        var output = Assert.Single(runner.Session.OutputMetadata);
        Assert.Equal("output", output.Key);
        Assert.Equal(typeof(float), output.Value.ElementType);
        int[] expected = last.Type is LayerType.Dense or LayerType.Rbf or LayerType.Softmax
            ? [-1, network.OutputLength]
            : [-1, network.OutputLength / (last.OutHeight * last.OutWidth), last.OutHeight, last.OutWidth];  // all maps of a concatenation
        Assert.Equal(expected, output.Value.Dimensions);
    }

    [Fact]
    public void Symbolic_batch_runs_any_batch_size()
    {
        var network = TestNetworks.Create("TableNet");
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(network));
        foreach (int batch in new[] { 1, 3, 33 })
        {
            var inputs = TestNetworks.RandomInputs(network, batch, seed: batch);
            var (outputs, shape) = runner.Run(inputs, OnnxRuntimeAgreementTests.Shape(network));
            Assert.Equal([batch, network.OutputLength], shape);
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
