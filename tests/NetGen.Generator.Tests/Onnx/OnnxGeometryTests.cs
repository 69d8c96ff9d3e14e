namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// Conv and pool windows as torch.onnx writes them (ceil_mode, count_include_pad, auto_pad SAME_*, dilations, uneven
/// pads, a Pad node in front) against the declared twin with NetGen's options: the same outputs bit for bit; and the
/// windows no NetGen pool gives refused by node.
/// </summary>
public class OnnxGeometryTests
{
    static INetwork Declared(string attributes, string className)
    {
        var assembly = OnnxCompiled.Load($"using NetGen;\nnamespace Twins;\n{attributes}\npublic partial class {className} {{ }}", [], out _);
        return (INetwork)Activator.CreateInstance(assembly.GetType("Twins." + className)!, 3)!;
    }

    static void AssertTwin(byte[] model, string attributes, string className)
    {
        var imported = OnnxCompiled.Import(model, className + "Imported");
        var declared = Declared(attributes, className);
        Assert.Equal(declared.Parameters.Length, imported.Parameters.Length);
        imported.Parameters.CopyTo(declared.Parameters);
        var input = OnnxCompiled.RandomInput(declared.InputLength, 5);
        var expected = OnnxCompiled.Forward(declared, input);
        Assert.Equal(expected, OnnxCompiled.Forward(imported, input));
        Assert.Contains(expected, v => v != 0);
    }

    [Fact]
    public void Torch_style_ceil_mode_pools_and_same_padding_are_their_declared_twins()
    {
        byte[] model = new OnnxGraphWriter(17).Input("x", null, 2, 11, 10)
            .Floats("c1.weight", [3, 2, 4, 3]).Floats("c1.bias", [3])
            .Node("Conv", ["x", "c1.weight", "c1.bias"], ["a"], Ints("kernel_shape", 4, 3), Text("auto_pad", "SAME_UPPER"), Ints("dilations", 1, 2))
            .Node("MaxPool", ["a"], ["b"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Int("ceil_mode", 1))
            .Node("AveragePool", ["b"], ["c"], Ints("kernel_shape", 2, 3), Ints("strides", 2, 1), Ints("pads", 1, 1, 1, 1), Int("ceil_mode", 1), Int("count_include_pad", 0))
            .Node("Flatten", ["c"], ["y"])
            .Output("y", null, 3 * 3 * 5).Build();
        AssertTwin(model, """
            [Network(2, 11, 10)]
            [Conv(3, 4, 3, Padding = Padding.Same, DilationW = 2, Name = "c1")]
            [MaxPool(3, Stride = 2, CeilMode = true)]
            [AvgPool(2, SizeW = 3, StrideH = 2, StrideW = 1, Pad = 1, CeilMode = true, CountIncludePad = false)]
            """, "CeilTwin");
    }

    [Fact]
    public void A_Pad_node_folds_into_the_convolution_and_the_mean_that_read_it()
    {
        byte[] model = new OnnxGraphWriter(13).Input("x", null, 1, 6, 7)
            .Floats("c.weight", [2, 1, 3, 3]).Int64s("pads", 0, 0, 2, 1, 0, 0, 0, 1).Int64s("more", 0, 0, 1, 1, 0, 0, 1, 1)
            .Node("Pad", ["x", "pads"], ["p"])
            .Node("Conv", ["p", "c.weight"], ["a"])
            .Node("Pad", ["a", "more"], ["q"])
            .Node("AveragePool", ["q"], ["y"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2))
            .Output("y", null, 2, 3, 4).Build();
        AssertTwin(model, """
            [Network(1, 6, 7)]
            [Conv(2, 3, PadTop = 2, PadLeft = 1, PadBottom = 0, PadRight = 1, Bias = false, Name = "c")]
            [AvgPool(3, Stride = 2, Pad = 1, DropRemainder = true)]
            """, "PadTwin");
    }

    public static TheoryData<string, string> Refused() => new()
    {
        { "reflect", "has mode 'reflect'; NetGen pads with zeros" },
        { "maxpool", "NetGen's max pooling pads with -infinity" },
        { "uneven", "no such pool gives these windows" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Windows_no_NetGen_layer_gives_are_refused_by_node(string kind, string reason)
    {
        var g = new OnnxGraphWriter(13).Input("x", null, 1, 6, 6).Int64s("pads", 0, 0, 1, 1, 0, 0, 1, 1);
        g = kind switch
        {
            "reflect" => g.Node("Pad", ["x", "pads"], ["p"], Text("mode", "reflect")).Node("AveragePool", ["p"], ["y"], Ints("kernel_shape", 2, 2)),
            "maxpool" => g.Node("Pad", ["x", "pads"], ["p"]).Node("MaxPool", ["p"], ["y"], Ints("kernel_shape", 2, 2)),
            // More padding before than after, counted: PyTorch pads each axis equally.
            _ => g.Node("AveragePool", ["x"], ["y"], Ints("kernel_shape", 3, 3), Ints("pads", 2, 2, 0, 0), Int("count_include_pad", 1)),
        };
        var diagnostics = OnnxCompiled.Diagnose(g.Output("y", null, 1, 3, 3).Build());
        var d = Assert.Single(diagnostics);
        Assert.Equal("NG0037", d.Id);
        Assert.Contains(reason, d.GetMessage());
    }
}
