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

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "LrnCrossNet", "LrnCrossNet", "multiplies a computed value" },
        { "ZooNet", "ZooNet", "multiplies a computed value: the formula f(u) = u * u is no NetGen activation" },
        { "TableNet", "TableNet", "unsqueezes a computed value" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void An_exported_network_NetGen_cannot_import_is_refused_by_node(string file, string className, string reason)
    {
        byte[] model = OnnxExporter.ToBytes(Original(file, className));
        var diagnostics = OnnxCompiled.Diagnose(model);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal("NG0037", d.Id));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains(reason, StringComparison.Ordinal));
    }

    /// <summary>The test network compiled from its source with seeded parameters, and batch norm statistics that are not the initial 0 and 1.</summary>
    internal static INetwork Original(string file, string className)
    {
        string source = GeneratorHarness.RepositoryFile($"Networks/{file}.cs");  // relative to tests/, this folder's grandparent
        var assembly = OnnxCompiled.Load(source, [], out _);
        var network = (INetwork)Activator.CreateInstance(assembly.GetType("NetGen.Tests.Networks." + className)!, 3)!;
        var random = new Random(4);
        var state = network.State;
        for (int i = 0; i < state.Length; i++) state[i] = (float)(0.5 + random.NextDouble());
        return network;
    }

    static void AssertClose(float[] expected, float[] actual, bool bitIdentical, string what)
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
