using NetGen.Export;
using NetGen.Generator.Onnx;

namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// Runs of nodes imported as one layer (OnnxImporter.Runs.cs): cross-map LRN of an even size as the exporter writes it
/// (Mul, 1x1 Conv, Pow, Mul; ONNX's LRN centres an even window one map later than PyTorch) and LeNet's RBF output
/// (Unsqueeze, Sub, ReduceSumSquare). Round trips of the networks that hold them, the layers they come back as, and the
/// refusals of runs that are no such layer.
/// </summary>
public class OnnxRunTests
{
    static string[] Messages(byte[] model) =>
        [.. OnnxCompiled.Diagnose(model).Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void Even_and_odd_LRN_windows_come_back_with_their_declared_sizes()
    {
        var original = OnnxRoundTripTests.Original("LrnCrossNet", "LrnCrossNet");
        var imported = OnnxCompiled.Import(OnnxExporter.ToBytes(original), "LrnCrossImported");
        Assert.Equal(original.Layers.Where(l => l.Type == LayerType.LocalResponseNorm).Select(l => (l.Kernel, (float)l.Alpha, (float)l.Beta, (float)l.K)),
            imported.Layers.Where(l => l.Type == LayerType.LocalResponseNorm).Select(l => (l.Kernel, (float)l.Alpha, (float)l.Beta, (float)l.K)));
    }

    /// <summary>
    /// The export project's own networks: LrnNet (LRN of sizes 4, 3 and 2, both forms of the export), a dense layer
    /// feeding convolutions, blocks reading the network input. Every layer comes back as itself: bit-identical.
    /// </summary>
    [Theory]
    [InlineData("LrnNet")]
    [InlineData("DenseToConvNet")]
    [InlineData("InputResidualNet")]
    [InlineData("IdentityInputResidualNet")]
    [InlineData("InputInceptionNet")]
    [InlineData("InceptionLastNet")]
    public void The_export_tests_edge_networks_round_trip_bit_identically(string className)
    {
        string source = GeneratorHarness.RepositoryFile("NetGen.Export.Tests/Networks/ExportEdgeNets.cs");
        var original = OnnxRoundTripTests.Compile(source, className, "NetGen.Export.Tests.Networks");
        AssertRoundTrip(original, className + "Imported", true);
    }

    /// <summary>
    /// LeNet-5 (samples/LeNet5): the RBF output comes back as an RBF layer named Output with its centres; the trainable
    /// subsampling is exported as a depthwise convolution and C3's table folded into its weight, so within float rounding.
    /// </summary>
    [Fact]
    public void LeNet5_round_trips_with_its_RBF_output()
    {
        var original = OnnxRoundTripTests.Compile(GeneratorHarness.RepositoryFile("../samples/LeNet5/LeNet5.cs"), "LeNet5", "NetGen.Samples.LeNet5");
        var imported = AssertRoundTrip(original, "LeNet5Imported", false);
        var rbf = Assert.Single(imported.Layers, l => l.Type == LayerType.Rbf);
        Assert.Equal(("Output", 10), (rbf.Name, rbf.OutChannels));
        Assert.Equal(original.ParameterTensors.Single(t => t.Name == "Output.weight").Length, imported.ParameterTensors.Single(t => t.Name == "Output.weight").Length);
    }

    static INetwork AssertRoundTrip(INetwork original, string importedName, bool bitIdentical)
    {
        var imported = OnnxCompiled.Import(OnnxExporter.ToBytes(original), importedName);
        var input = OnnxCompiled.RandomInput(original.InputLength, 11);
        OnnxRoundTripTests.AssertClose(OnnxCompiled.Forward(original, input), OnnxCompiled.Forward(imported, input), bitIdentical, "output");
        var outputGradient = OnnxCompiled.RandomInput(original.OutputLength, 12);
        float[] expected = new float[original.InputLength], actual = new float[imported.InputLength];
        original.Backward(outputGradient, expected);
        imported.Backward(outputGradient, actual);
        OnnxRoundTripTests.AssertClose(expected, actual, bitIdentical, "input gradient");
        if (original.Parameters.Length == imported.Parameters.Length)
            OnnxRoundTripTests.AssertClose(original.Gradients.ToArray(), imported.Gradients.ToArray(), bitIdentical, "parameter gradients");
        return imported;
    }

    /// <summary>The window rule: PyTorch's maps c - n/2 .. c + (n-1)/2, clipped; a fully clipped window gives the smallest n with the same sums.</summary>
    [Fact]
    public void The_LRN_window_is_read_back_from_the_weight()
    {
        for (int c = 1; c <= 6; c++)
            for (int n = 1; n <= 2 * c + 2; n++)
            {
                var w = new float[c * c];
                for (int o = 0; o < c; o++)
                    for (int i = Math.Max(0, o - n / 2); i <= Math.Min(c - 1, o + (n - 1) / 2); i++) w[o * c + i] = 0.125f;
                var found = OnnxImporter.LrnWindow(w, c);
                Assert.NotNull(found);
                Assert.Equal(0.125f, found.Value.AlphaOverN);
                if (n / 2 < c - 1 || (n - 1) / 2 < c - 1) Assert.Equal(n, found.Value.Size);   // not clipped on both sides everywhere
                else Assert.True(found.Value.Size <= n && found.Value.Size / 2 >= c - 1 && (found.Value.Size - 1) / 2 >= c - 1, $"C {c}, n {n}: {found.Value.Size}");
            }
        Assert.Null(OnnxImporter.LrnWindow([0.5f, 0.5f, 0.25f, 0.5f], 2));    // unequal weights
        Assert.Null(OnnxImporter.LrnWindow([0.5f, 0, 0.5f, 0.5f, 0, 0, 0, 0.5f, 0.5f], 3));   // row 1 skips itself
        Assert.Null(OnnxImporter.LrnWindow([0, 0, 0, 0], 2));
        Assert.Null(OnnxImporter.LrnWindow([-1, 0, 0, -1], 2));
    }

    static OnnxGraphWriter Lrn(float[] window, float[] bias, float exponent, int maps = 3) =>
        new OnnxGraphWriter().Input("x", null, maps, 2, 2).Floats("w", [maps, maps, 1, 1], window).Floats("k", [maps], bias).Floats("e", [], [exponent])
            .Node("Mul", ["x", "x"], ["s"]).Node("Conv", ["s", "w", "k"], ["t"]).Node("Pow", ["t", "e"], ["p"]).Node("Mul", ["x", "p"], ["y"]);

    [Fact]
    public void A_written_out_LRN_imports_and_one_that_is_no_LRN_is_refused_at_its_node()
    {
        float[] window = [0.5f, 0, 0, 0.5f, 0.5f, 0, 0, 0.5f, 0.5f];   // n = 2: each map and the one before it
        Assert.Empty(Messages(Lrn(window, [1, 1, 1], -0.75f).Output("y").Build()));
        var imported = OnnxCompiled.Import(Lrn(window, [1, 1, 1], -0.75f).Output("y").Build(), "LrnWritten");
        var layer = Assert.Single(imported.Layers);
        Assert.Equal((LayerType.LocalResponseNorm, 2, 1.0, 0.75, 1.0), (layer.Type, layer.Kernel, layer.Alpha, layer.Beta, layer.K));

        Assert.Equal(["NG0037 Imported: node '/Conv_1' (Conv) sums the squares with a [3,3] weight that is no local response window (alpha/n on maps c - n/2 .. c + (n-1)/2, 0 elsewhere: PyTorch's)"],
            Messages(Lrn([0.5f, 0.5f, 0, 0.5f, 0.5f, 0, 0, 0.5f, 0.5f], [1, 1, 1], -0.75f).Output("y").Build()));
        Assert.Equal(["NG0037 Imported: node '/Conv_1' (Conv) adds a bias that is not one positive constant K for all 3 maps, as a local response normalization's"],
            Messages(Lrn(window, [1, 2, 1], -0.75f).Output("y").Build()));
        Assert.Equal(["NG0037 Imported: node '/Pow_2' (Pow) raises the sum to an exponent that is not one finite constant (-beta of a local response normalization)"],
            Messages(Lrn(window, [1, 1, 1], float.NaN).Output("y").Build()));
    }

    static OnnxGraphWriter Rbf(long axis, long reduced, long keepdims, long[] centres) =>
        new OnnxGraphWriter().Input("x", null, 6).Int64s("axes", axis).Floats("c", centres)
            .Node("Unsqueeze", ["x", "axes"], ["u"]).Node("Sub", ["u", "c"], ["d"]).Node("ReduceSumSquare", ["d"], ["y"], Ints("axes", reduced), Int("keepdims", keepdims));

    [Fact]
    public void An_RBF_imports_as_one_layer_and_a_run_that_is_no_RBF_is_refused_at_its_node()
    {
        var imported = OnnxCompiled.Import(Rbf(1, 2, 0, [4, 6]).Output("y").Build(), "RbfWritten");
        var layer = Assert.Single(imported.Layers);
        Assert.Equal((LayerType.Rbf, 4, "Output.weight"), (layer.Type, layer.OutChannels, imported.ParameterTensors.Single().Name));

        Assert.Equal(["NG0037 Imported: node '/Unsqueeze_0' (Unsqueeze) unsqueezes [N,6] on axes [2]; NetGen maps only [N,D] to [N,1,D] before the Sub and ReduceSumSquare of an RBF layer"],
            Messages(Rbf(2, 2, 0, [4, 6]).Output("y").Build()));
        Assert.Equal(["NG0037 Imported: node '/Sub_1' (Sub) subtracts centres of shape [4,5] from [N,1,6]; an RBF layer's are [C,6]"],
            Messages(Rbf(1, 2, 0, [4, 5]).Output("y").Build()));
        Assert.Equal(["NG0037 Imported: node '/ReduceSumSquare_2' (ReduceSumSquare) reduces axes [2] with keepdims 1; an RBF layer sums over axis 2 with keepdims 0"],
            Messages(Rbf(1, 2, 1, [4, 6]).Output("y").Build()));
    }
}
