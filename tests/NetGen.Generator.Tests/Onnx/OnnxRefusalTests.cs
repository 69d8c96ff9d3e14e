using System.Diagnostics;

namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>Refusals: one diagnostic per problem, each naming the node, its operator and the value; hostile graphs refused in bounded time.</summary>
public class OnnxRefusalTests
{
    static string[] Messages(byte[] model) =>
        [.. OnnxCompiled.Diagnose(model).Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void Every_unsupported_node_and_attribute_gets_its_own_diagnostic()
    {
        var model = new OnnxGraphWriter().Input("x", null, 1, 12, 12).Floats("w", [2, 1, 3, 3])
            .Node("Conv", ["x", "w"], ["a"], Ints("dilations", 2), Ints("pads", 0, 1, 0))
            .Node("Sin", "a", "b")
            .Node("MaxPool", "b", "c", Ints("kernel_shape", 2, 3), Ints("dilations", 2, 2))
            .Node("AveragePool", "c", "d", Ints("kernel_shape", 2, 2, 2), Ints("pads", 1, 1, 1, -1))
            .Node("LRN", "d", "e", Int("size", 4))
            .Node("Add", ["e", "e"], ["y"])
            .Output("y").Build();
        Assert.Equal(
        [
            "NG0037 Imported: node '/Conv_0' (Conv) has dilations [2]; NetGen takes two positive dilations (rows, columns)",
            "NG0037 Imported: node '/Conv_0' (Conv) has pads [0,1,0]; NetGen takes four non-negative pads [top, left, bottom, right]",
            "NG0037 Imported: node '/Sin_1' (Sin) is not an operator NetGen imports (it maps " + NetGen.Generator.Onnx.OnnxImporter.Supported + ")",
            "NG0037 Imported: node '/MaxPool_2' (MaxPool) has dilations [2,2]; NetGen pools are not dilated",
            "NG0037 Imported: node '/AveragePool_3' (AveragePool) has kernel_shape [2,2,2]; NetGen windows are 2-D",
            "NG0037 Imported: node '/AveragePool_3' (AveragePool) has pads [1,1,1,-1]; NetGen takes four non-negative pads [top, left, bottom, right]",
            "NG0037 Imported: node '/LRN_4' (LRN) has the even size 4: ONNX centres its window one map later than NetGen (and PyTorch) do",
        ], Messages(model));
    }

    [Fact]
    public void Shape_dependent_refusals_name_the_shapes()
    {
        var model = new OnnxGraphWriter(13).Input("x", null, 2, 7, 7)
            .Node("MaxPool", "x", "a", Ints("kernel_shape", 3, 3), Ints("pads", 2, 2, 0, 0))
            .Output("a").Build();
        Assert.Equal(["NG0037 Imported: node '/MaxPool_0' (MaxPool) pools 7x7 with a 3x3 window, strides 1x1, pads [2,2,0,0], ceil_mode 0; NetGen's pools (PyTorch's) "
            + "pad each axis equally by less than the window and leave cells past the far padding out of a mean, and no such pool gives these windows"], Messages(model));

        var softmax = new OnnxGraphWriter(13).Input("x", null, 2, 3, 3).Node("Softmax", "x", "y").Output("y").Build();
        Assert.Equal(["NG0037 Imported: node '/Softmax_0' (Softmax) has axis -1 on [N,2,3,3] (opset 13); NetGen's softmax covers every unit of a sample"], Messages(softmax));

        var reshape = new OnnxGraphWriter().Input("x", null, 2, 4, 4).Int64s("shape", 0, 8, 2, 2)
            .Node("Reshape", ["x", "shape"], ["y"]).Output("y").Build();
        Assert.Equal(["NG0037 Imported: node '/Reshape_0' (Reshape) reshapes [N,2,4,4] to [0,8,2,2]; NetGen has no layer that reinterprets its maps (only [N,D] and back to the same maps fold)"], Messages(reshape));
    }

    [Fact]
    public void A_layer_the_output_does_not_depend_on_or_a_cycle_is_refused_as_a_graph_problem()
    {
        var branch = new OnnxGraphWriter().Input("x", null, 1, 4, 4).Floats("w1", [1, 1, 1, 1]).Floats("w2", [1, 1, 1, 1])
            .Node("Conv", ["x", "w1"], ["a"]).Node("Conv", ["x", "w2"], ["b"]).Output("b").Build();
        Assert.Equal(["NG0039 Imported: the output 'b' does not depend on node '/Conv_0': NetGen computes only what leads to the output"],
            Messages(branch));

        var cycle = new OnnxGraphWriter().Input("x", null, 3).Node("Relu", "b", "a").Node("Relu", "a", "b").Output("b").Build();
        Assert.Equal(["NG0039 Imported: node '/Relu_0' (Relu) reads 'b', which no input, initializer or earlier node produces (the nodes are out of order, or form a cycle)"],
            Messages(cycle));
    }

    [Fact]
    public void A_long_chain_is_refused_in_bounded_time()
    {
        var g = new OnnxGraphWriter().Input("x", null, 4, 1, 1);
        for (int i = 0; i < 50_000; i++) g.Node("MaxPool", i == 0 ? "x" : "v" + (i - 1), "v" + i, Ints("kernel_shape", 1, 1));
        byte[] model = g.Output("v49999").Build();
        var clock = Stopwatch.StartNew();
        var messages = Messages(model);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed}");
        // 50,000 pooling layers: beyond the layer limit or the source budget, whichever the analysis meets first.
        Assert.Matches("^NG003[01] ", Assert.Single(messages));
    }

    [Fact]
    public void A_long_elementwise_formula_is_refused_once_in_bounded_time()
    {
        var g = new OnnxGraphWriter().Input("x", null, 4);
        for (int i = 0; i < 50_000; i++) g.Node(i % 2 == 0 ? "Relu" : "Neg", i == 0 ? "x" : "v" + (i - 1), "v" + i);
        byte[] model = g.Output("v49999").Build();
        var clock = Stopwatch.StartNew();
        var messages = Messages(model);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed}");
        Assert.Equal("NG0037 Imported: node '/Neg_63' (Neg) makes an elementwise formula of more than 64 operations on one value; NetGen maps formulas that are activations "
            + "(ReLU, LeakyRelu, Sigmoid, Tanh, ScaledTanh, Elu, Selu, Celu, Softplus, Softsign, Relu6, Hardsigmoid, Gelu, GeluTanh, Silu, Mish, Hardswish)", Assert.Single(messages));
    }
}
