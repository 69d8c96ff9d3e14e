using NetGen.Export;

namespace NetGen.Generator.Tests.Onnx;

/// <summary>
/// Every test network exported with ExportOnnx and compiled back through [OnnxModel]: same outputs and gradients on the
/// same input. Bit-identical where each layer comes back as itself; within float rounding where the export rewrites a
/// layer (subsampling as a depthwise convolution, learned connections folded into the weight).
/// </summary>
public class OnnxRoundTripTests
{
    public static TheoryData<string, string, bool> Importable() => new()
    {
        { "BlockNet", "BlockNet", true },
        { "BnNet", "BnNet", true },
        { "DigitsBnDrop", "DigitsBn", true },
        { "DigitsBnDrop", "DigitsDrop", true },
        { "LeakyNet", "LeakyNet", true },
        { "PadNet", "PadNet", true },
        { "PoolNet", "PoolNet", true },
        { "StrideNet", "StrideNet", false },
        { "LearnedNet", "LearnedNet", false },
        { "AutoencoderTiny", "AutoencoderTiny", true },
        { "ResTiny", "ResTiny", true },
        { "InceptionTiny", "InceptionTiny", true },
        { "InceptionBn", "InceptionBn", true },
        { "InceptionEnd", "InceptionEnd", true },
        { "FireNet", "FireNet", true },
        { "ActNet", "ActNet", true },
        { "FusedActNet", "FusedActNet", true },
        { "LogNet", "LogNet", true },
        { "GeometryNet", "GeometryNet", true },
        { "PoolCeilNet", "PoolCeilNet", true },
        { "MobileTiny", "MobileTiny", true },
        { "MobileSnap", "MobileSnap", true },
        { "ConvTNet", "ConvTNet", true },
        { "ShuffleNet", "ShuffleNet", true },
        { "ShuffleSnap", "ShuffleSnap", true },
        { "DenseNet", "DenseNet", true },
        { "DenseSnap", "DenseSnap", true },
        { "WinogradNet", "WinogradNet", true },
        { "WinogradTiles", "WinogradTiles", true },
        { "DepthwiseNet", "DepthwiseNet", true },
        { "LrnCrossNet", "LrnCrossNet", true },
        { "ZooNet", "ZooNet", true },
        { "TableNet", "TableNet", false },
        { "PointwiseNet", "PointwiseNet", true },
        { "PointwisePanelNet", "PointwisePanelNet", true },
        { "PointwiseWideNet", "PointwiseWideNet", true },
        { "Im2colNet", "Im2colNet", true },
        { "ThreadsResNet", "ThreadsResNet", true },
        { "ThreadsMobile", "ThreadsMobile", true },
    };

    [Theory]
    [MemberData(nameof(Importable))]
    public void An_exported_network_imports_with_the_same_outputs_and_gradients(string file, string className, bool bitIdentical)
    {
        var original = Original(file, className);
        byte[] model = OnnxExporter.ToBytes(original);
        var imported = OnnxCompiled.Import(model, className + "Imported");
        Assert.Equal(original.InputLength, imported.InputLength);
        Assert.Equal(original.OutputLength, imported.OutputLength);

        var input = OnnxCompiled.RandomInput(original.InputLength, 11);
        var expected = OnnxCompiled.Forward(original, input);
        var actual = OnnxCompiled.Forward(imported, input);
        AssertClose(expected, actual, bitIdentical, "output");

        var outputGradient = OnnxCompiled.RandomInput(original.OutputLength, 12);
        var expectedInput = new float[original.InputLength];
        var actualInput = new float[imported.InputLength];
        original.Backward(outputGradient, expectedInput);
        imported.Backward(outputGradient, actualInput);
        AssertClose(expectedInput, actualInput, bitIdentical, "input gradient");
        // Same layout unless the export rewrote a layer's parameters (learned connections, subsampling).
        if (original.Parameters.Length == imported.Parameters.Length)
            AssertClose(original.Gradients.ToArray(), imported.Gradients.ToArray(), bitIdentical, "parameter gradients");
    }

    /// <summary>ResNet-18's topology (the zoo's ResNet18, 2-2-2-2 basic blocks, stem, pools, head) at a tenth of its width and 32x32.</summary>
    internal const string ResNet18Narrow = """
        using NetGen;
        namespace NetGen.Tests.Networks;
        [Network(3, 32, 32)]
        [Conv(8, 7, Stride = 2, Pad = 3, Bias = false, DropRemainder = true, Name = "conv1")]
        [BatchNorm(Activation.ReLU, Name = "bn1")]
        [MaxPool(3, Stride = 2, Pad = 1, DropRemainder = true, Name = "maxpool")]
        [Residual(8, Repeat = 2, Name = "layer1")]
        [Residual(12, Stride = 2, Repeat = 2, Name = "layer2")]
        [Residual(16, Stride = 2, Repeat = 2, Name = "layer3")]
        [Residual(24, Stride = 2, Repeat = 2, Name = "layer4")]
        [GlobalAvgPool(Name = "avgpool")]
        [Dense(10, Name = "fc")]
        [Softmax(Name = "prob")]
        public partial class ResNet18Narrow { }
        """;

    [Fact]
    public void ResNet18s_topology_round_trips_bit_identically_with_torchvision_names()
    {
        var original = Compile(ResNet18Narrow, "ResNet18Narrow");
        var imported = OnnxCompiled.Import(OnnxExporter.ToBytes(original), "ResNet18Imported");
        Assert.Equal(original.ParameterTensors.Select(t => t.Name), imported.ParameterTensors.Select(t => t.Name));
        Assert.Contains(imported.ParameterTensors, t => t.Name == "layer4.0.downsample.0.weight");
        var input = OnnxCompiled.RandomInput(original.InputLength, 11);
        AssertClose(OnnxCompiled.Forward(original, input), OnnxCompiled.Forward(imported, input), true, "output");
        var outputGradient = OnnxCompiled.RandomInput(original.OutputLength, 12);
        float[] expected = new float[original.InputLength], actual = new float[imported.InputLength];
        original.Backward(outputGradient, expected);
        imported.Backward(outputGradient, actual);
        AssertClose(expected, actual, true, "input gradient");
        AssertClose(original.Gradients.ToArray(), imported.Gradients.ToArray(), true, "parameter gradients");
    }

    /// <summary>The test network compiled from its source with seeded parameters, and batch norm statistics that are not the initial 0 and 1.</summary>
    internal static INetwork Original(string file, string className) =>
        Compile(GeneratorHarness.RepositoryFile($"Networks/{file}.cs"), className);  // relative to tests/, this folder's grandparent

    internal static INetwork Compile(string source, string className, string ns = "NetGen.Tests.Networks")
    {
        var assembly = OnnxCompiled.Load(source, [], out _);
        var network = (INetwork)Activator.CreateInstance(assembly.GetType(ns + "." + className)!, 3)!;
        var random = new Random(4);
        var state = network.State;
        for (int i = 0; i < state.Length; i++) state[i] = (float)(0.5 + random.NextDouble());
        return network;
    }

    internal static void AssertClose(float[] expected, float[] actual, bool bitIdentical, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = Math.Max(1e-3f, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            if (bitIdentical) Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{what}[{i}]: {expected[i]:R} vs {actual[i]:R}");
            else Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * scale, $"{what}[{i}]: {expected[i]:R} vs {actual[i]:R}");
        }
    }
}
