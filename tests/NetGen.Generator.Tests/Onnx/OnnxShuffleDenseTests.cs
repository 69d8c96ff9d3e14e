namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// ShuffleNetV2 and DenseNet as torch.onnx.export writes them (<see cref="TorchShuffleDense"/>), each against its declared
/// twin ([ShuffleUnit], [DenseBlock], [Transition] under torchvision's names): the same parameter tensors and, with the
/// file's weights, bit-identical outputs and gradients. And the refusals of shuffles, slices and splits NetGen cannot
/// express, one diagnostic each naming the node, its operator and the value.
/// </summary>
public class OnnxShuffleDenseTests
{
    static INetwork Declared(string attributes, string className)
    {
        var assembly = OnnxCompiled.Load($"using NetGen;\nnamespace Twins;\n{attributes}\npublic partial class {className} {{ }}", [], out _);
        return (INetwork)Activator.CreateInstance(assembly.GetType("Twins." + className)!, 3)!;
    }

    /// <summary>Same tensors; with the file's weights, bit-identical outputs, input and parameter gradients.</summary>
    static INetwork AssertTwin(byte[] model, string attributes, string className)
    {
        var imported = OnnxCompiled.Import(model, className + "Imported");
        var declared = Declared(attributes, className);
        Assert.Equal(declared.ParameterTensors.Select(t => (t.Name, t.Length)), imported.ParameterTensors.Select(t => (t.Name, t.Length)));
        Assert.Equal(declared.StateTensors.Select(t => (t.Name, t.Length)), imported.StateTensors.Select(t => (t.Name, t.Length)));
        imported.Parameters.CopyTo(declared.Parameters);
        imported.State.CopyTo(declared.State);
        var input = OnnxCompiled.RandomInput(declared.InputLength, 31);
        var expected = OnnxCompiled.Forward(declared, input);
        Assert.Contains(expected, v => v != 0);
        Assert.Equal(expected, OnnxCompiled.Forward(imported, input));
        var gradient = OnnxCompiled.RandomInput(declared.OutputLength, 32);
        float[] expectedInput = new float[declared.InputLength], actualInput = new float[imported.InputLength];
        declared.Backward(gradient, expectedInput);
        imported.Backward(gradient, actualInput);
        Assert.Equal(expectedInput, actualInput);
        Assert.Equal(declared.Gradients.ToArray(), imported.Gradients.ToArray());
        return imported;
    }

    [Theory]
    [InlineData(13, "split")]
    [InlineData(11, "split")]
    [InlineData(18, "split18")]
    [InlineData(13, "slice")]
    public void A_torch_style_ShuffleNetV2_stage_is_its_ShuffleUnit_twin(int opset, string chunk)
    {
        var imported = AssertTwin(TorchShuffleNet(opset, chunk), """
            [Network(3, 9, 7)]
            [Conv(4, 3, Pad = 1, Bias = false, Name = "conv1.0")]
            [BatchNorm(Activation.ReLU, Name = "conv1.1")]
            [ShuffleUnit(8, Stride = 2, Name = "stage2.0")]
            [ShuffleUnit(8, Name = "stage2.1")]
            [GlobalAvgPool]
            [Dense(3, Name = "fc")]
            """, "TorchShuffle");
        Assert.Equal(2, imported.Layers.Count(l => l.Type == LayerType.ChannelShuffle && l.Groups == 2));
        Assert.Equal(2, imported.Layers.Count(l => l.Type == LayerType.ChannelSlice));
    }

    /// <summary>A stem, a stride-2 and a stride-1 ShuffleNetV2 unit on 9x7 maps, and the head, as torch.onnx writes them.</summary>
    static byte[] TorchShuffleNet(int opset, string chunk)
    {
        var t = new TorchStyle(new OnnxGraphWriter(opset).Input("input", null, 3, 9, 7));
        var s = new TorchShuffleDense(t, opset);
        string x = t.Relu("conv1.2", t.BatchNorm("conv1.1", t.Conv("conv1.0", "input", 3, 4, 3, 1, 1), 4));
        x = s.ShuffleUnit("stage2.0", x, 4, 8, 2, chunk);
        x = s.ShuffleUnit("stage2.1", x, 8, 8, 1, chunk);
        return t.Graph.Output(t.Head(x, 8, 3), null, 3).Build();
    }

    [Fact]
    public void A_torch_style_ShuffleNetV2_stage_ejects_to_its_ShuffleUnits()
    {
        var result = OnnxEjectTests.AssertEjects(TorchShuffleNet(13, "split"), "TorchShuffle");
        Assert.Contains("[ShuffleUnit(8, Stride = 2, Name = \"stage2.0\")]", result.Declaration);
        Assert.Contains("[ShuffleUnit(8, Name = \"stage2.1\")]", result.Declaration);
        Assert.Contains(result.Tensors, t => t.Name == "stage2.1.branch2.3.weight");
    }

    /// <summary>A stem, two dense blocks with a transition between, norm5 and the head, as torch.onnx writes torchvision's DenseNet.</summary>
    static byte[] TorchDenseNet(bool singleConcat)
    {
        var t = new TorchStyle(new OnnxGraphWriter(17).Input("input", null, 3, 7, 6));
        var s = new TorchShuffleDense(t, 17);
        string x = t.Conv("features.conv0", "input", 3, 4, 3, 1, 1);
        x = s.DenseBlock("features.denseblock1", x, 4, 2, 3, 2, singleConcat);
        x = s.Transition("features.transition1", x, 10, 5);
        x = s.DenseBlock("features.denseblock2", x, 5, 2, 2, 1, singleConcat);
        x = t.Op("", "Relu", [t.BatchNorm("features.norm5", x, 9)]);
        return t.Graph.Output(t.Head(x, 9, 3, "classifier"), null, 3).Build();
    }

    [Fact]
    public void A_torch_style_DenseNet_ejects_to_its_DenseBlocks()
    {
        var result = OnnxEjectTests.AssertEjects(TorchDenseNet(true), "TorchDense");
        Assert.Contains("[DenseBlock(2, 3, BottleneckWidth = 2, Name = \"features.denseblock1\")]", result.Declaration);
        Assert.Contains("[DenseBlock(2, 2, BottleneckWidth = 1, Name = \"features.denseblock2\")]", result.Declaration);
        Assert.Contains(result.Tensors, t => t.Name == "features.denseblock2.denselayer2.conv2.weight");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_torch_style_DenseNet_is_its_DenseBlock_twin(bool singleConcat)
    {
        byte[] model = TorchDenseNet(singleConcat);
        var imported = AssertTwin(model, """
            [Network(3, 7, 6)]
            [Conv(4, 3, Pad = 1, Bias = false, Name = "features.conv0")]
            [DenseBlock(2, 3, BottleneckWidth = 2, Name = "features.denseblock1")]
            [Transition(5, Name = "features.transition1")]
            [DenseBlock(2, 2, BottleneckWidth = 1, Name = "features.denseblock2")]
            [BatchNorm(Activation.ReLU, Name = "features.norm5")]
            [GlobalAvgPool]
            [Dense(3, Name = "classifier")]
            """, "TorchDense");
        // The second dense layer's input and the block's output each extend the previous concatenation by one value: one
        // Concat layer each (two per block), no copies.
        Assert.Equal(4, imported.Layers.Count(l => l.Type == LayerType.Concat));
        Assert.DoesNotContain(imported.Layers, l => l.Type == LayerType.ChannelSlice);
    }

    static string[] Messages(byte[] model) =>
        [.. OnnxCompiled.Diagnose(model).Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>x [N,4,4,4], then <paramref name="build"/>'s nodes from "x" to "y", then Flatten and a Gemm.</summary>
    static byte[] Model(Action<OnnxGraphWriter> build)
    {
        var g = new OnnxGraphWriter(13).Input("input", null, 3, 4, 4).Floats("w", [4, 3, 1, 1]).Node("Conv", ["input", "w"], ["x"]);
        build(g);
        return g.Node("Flatten", "y", "f").Floats("fc", [2, 64]).Node("Gemm", ["f", "fc"], ["out"], Int("transB", 1)).Output("out", null, 2).Build();
    }

    const string Form = "NetGen maps a Transpose only as channel_shuffle's perm [0,2,1,3,4] between Reshapes of [N,C,H,W] to [N,g,C/g,H,W] and back";

    public static TheoryData<string, string> Refusals() => new()
    {
        { "perm", $"NG0037 Imported: node '/Transpose_3' (Transpose) transposes the view [N,2,2,4,4] of [N,4,4,4] with perm [0,1,2,4,3]; {Form}" },
        { "transpose", $"NG0037 Imported: node '/Transpose_1' (Transpose) transposes [N,4,4,4] with perm [0,1,3,2]; {Form}" },
        { "view", "NG0037 Imported: node '/Reshape_2' (Reshape) reshapes [N,4,4,4] to [0,2,2,2,8]; NetGen maps a 5-D Reshape only as channel_shuffle's view [N,g,C/g,H,W] of maps [N,C,H,W]" },
        { "back", "NG0037 Imported: node '/Reshape_4' (Reshape) reshapes the view [N,2,2,4,4] of [N,4,4,4] to [0,4,2,8]; NetGen maps channel_shuffle's last Reshape back to the maps [N,4,4,4]" },
        { "read", "NG0037 Imported: node '/Relu_4' (Relu) computes on '/Transpose_3_output', channel_shuffle's view [N,2,2,4,4] of [N,4,4,4]; NetGen maps the view only through Transpose perm [0,2,1,3,4] and the Reshape back to the maps" },
        { "rows", "NG0037 Imported: node '/Slice_1' (Slice) slices axis 2 of [N,4,4,4] to [0, 2); NetGen slices the maps (axis 1) only, keeping whole rows and columns" },
        { "step", "NG0037 Imported: node '/Slice_1' (Slice) has step 2 on axis 1; NetGen's slice copies a contiguous range of maps" },
        { "empty", "NG0037 Imported: node '/Slice_1' (Slice) slices maps [3, 1) of [N,4,4,4], which is empty" },
        { "axis", "NG0037 Imported: node '/Split_1' (Split) splits [N,4,4,4] on axis 2; NetGen splits the maps (axis 1) only" },
        { "sizes", "NG0037 Imported: node '/Split_1' (Split) splits the 4 maps of [N,4,4,4] into 2 outputs of sizes [1,2]; NetGen splits the maps into parts of at least one map that add up to them" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_shuffle_slice_or_split_NetGen_cannot_express_gets_one_diagnostic_naming_it(string kind, string message)
    {
        byte[] model = Model(g =>
        {
            g.Int64s("s5", 0, 2, 2, 4, 4).Int64s("s4", 0, -1, 4, 4).Int64s("one", 1);
            switch (kind)
            {
                case "perm" or "back" or "read":
                    g.Node("Identity", "x", "x1").Node("Reshape", ["x1", "s5"], ["v"])
                        .Node("Transpose", ["v"], ["/Transpose_3_output"], Ints("perm", kind == "perm" ? [0, 1, 2, 4, 3] : [0, 2, 1, 3, 4]));
                    if (kind == "read") g.Node("Relu", "/Transpose_3_output", "y");
                    else g.Int64s("bad", 0, 4, 2, 8).Node("Reshape", ["/Transpose_3_output", kind == "back" ? "bad" : "s4"], ["y"]);
                    break;
                case "transpose":
                    g.Node("Transpose", ["x"], ["y"], Ints("perm", 0, 1, 3, 2));
                    break;
                case "view":
                    g.Node("Identity", "x", "x1").Int64s("wide", 0, 2, 2, 2, 8).Node("Reshape", ["x1", "wide"], ["v"]).Node("Reshape", ["v", "s4"], ["y"]);
                    break;
                case "rows" or "step" or "empty":
                    g.Int64s("starts", kind == "empty" ? 3 : 0).Int64s("ends", kind == "empty" ? 1 : 2).Int64s("axes", kind == "rows" ? 2 : 1).Int64s("steps", kind == "step" ? 2 : 1)
                        .Node("Slice", ["x", "starts", "ends", "axes", "steps"], ["s"]).Node("Concat", ["s", "s"], ["y"], Int("axis", 1));
                    break;
                case "axis" or "sizes":
                    g.Int64s("sizes", kind == "sizes" ? [1, 2] : [2, 2])
                        .Node("Split", ["x", "sizes"], ["a", "b"], Int("axis", kind == "axis" ? 2 : 1)).Node("Concat", ["b", "a"], ["y"], Int("axis", 1));
                    break;
            }
        });
        Assert.Equal([message], Messages(model));
    }

    [Fact]
    public void A_dense_concatenation_of_the_input_and_a_value_read_twice_copies_them_and_matches_ONNX_semantics()
    {
        // y = Concat(x, a, a) with a = Conv(x): x and a are read by other nodes too, so Concat layers copy them in order.
        var g = new OnnxGraphWriter(13).Input("input", null, 2, 3, 3).Floats("w", [1, 2, 1, 1], [2f, -1f]);
        g.Node("Conv", ["input", "w"], ["a"]).Node("Concat", ["input", "a", "a"], ["y"], Int("axis", 1));
        var net = OnnxCompiled.Import(g.Output("y", null, 4, 3, 3).Build());
        var x = OnnxCompiled.RandomInput(net.InputLength, 41);
        var y = OnnxCompiled.Forward(net, x);
        for (int i = 0; i < 9; i++)
        {
            float a = 2f * x[i] - x[9 + i];
            Assert.Equal([x[i], x[9 + i], a, a], new[] { y[i], y[9 + i], y[18 + i], y[27 + i] });
        }
        // dE/dx = the copied part's gradient plus both copies of a's gradient through the convolution.
        var dy = OnnxCompiled.RandomInput(net.OutputLength, 42);
        var dx = new float[net.InputLength];
        net.Backward(dy, dx);
        for (int i = 0; i < 9; i++)
        {
            double da = (double)dy[18 + i] + dy[27 + i];
            Assert.Equal(dy[i] + 2 * da, dx[i], 1e-5);
            Assert.Equal(dy[9 + i] - da, dx[9 + i], 1e-5);
        }
    }
}
